"""What every command shares: the settings, the store they name and who is acting."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

import typer

from api.settings import Settings
from graph.database import Database, open_database
from graph.errors import InvalidInput
from graph.principal import LOCAL_ADMIN, AccountRole, Principal
from graph.service.principals import retailer_principal, staff_principal
from graph.session import Session
from graph.store_lock import DEFAULT_WAIT_S

ROLES = ", ".join(r.value for r in AccountRole if r is not AccountRole.RETAILER)


@dataclass(frozen=True)
class Invocation:
    """The root options: where the graph is, whom the command acts as and how long it waits
    for another process that holds the store."""

    settings: Settings
    as_staff: str | None = None
    role: str | None = None
    as_retailer: str | None = None
    wait_s: float = DEFAULT_WAIT_S


def invocation_of(ctx: typer.Context) -> Invocation:
    state = ctx.find_root().obj
    assert isinstance(state, Invocation)
    return state


def _role(text: str | None) -> AccountRole:
    try:
        return AccountRole(text or AccountRole.TEAM_LEAD.value)
    except ValueError:
        raise InvalidInput(f"--role {text!r}: use {ROLES}") from None


def _principal(session: Session, state: Invocation) -> Principal:
    """The local administrator unless `--as-staff` or `--as-retailer` names someone."""
    if state.as_retailer:
        return retailer_principal(session, state.as_retailer)
    if state.as_staff:
        return staff_principal(session, state.as_staff, _role(state.role))
    if state.role:
        raise InvalidInput("--role goes with --as-staff EMPLOYEE_NO")
    return LOCAL_ADMIN


@contextmanager
def database_of(ctx: typer.Context, *, create: bool = False) -> Iterator[Database]:
    """The database named by ``--store``/``CRM_STORE``, opened once for this command.

    An embedded store that does not exist yet is created only by commands that fill it
    (`create`); the others say where they looked instead of showing an empty graph."""
    state = invocation_of(ctx)
    settings = state.settings
    db = open_database(
        settings.store,
        credentials=settings.neo4j_credentials,
        create=create,
        wait_s=state.wait_s,
    )
    try:
        yield db
    finally:
        db.close()


@contextmanager
def session_of(
    ctx: typer.Context, *, create: bool = False
) -> Iterator[tuple[Session, Principal]]:
    """One session on the command's database, and the principal it acts as."""
    with database_of(ctx, create=create) as db, db.session() as session:
        yield session, _principal(session, invocation_of(ctx))


def principal_of(ctx: typer.Context) -> Principal:
    """Who acts, for a command that needs no store: the graph is opened only to resolve a
    named staff member or retailer."""
    state = invocation_of(ctx)
    if not (state.as_staff or state.as_retailer or state.role):
        return LOCAL_ADMIN
    with session_of(ctx) as (_session, principal):
        return principal


def option_date(text: str, option: str) -> date:
    """A command's date option, written YYYY-MM-DD; anything else is one clear error naming
    the option.

    >>> option_date("2026-11-23", "--day")
    datetime.date(2026, 11, 23)
    """
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{option} {text!r} is not a date like 2026-11-23") from None
