"""Demo accounts: one per role on a seeded city, with fresh random passwords to print."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from accounts.service.keys import add_api_key
from accounts.service.users import add_user
from graph.errors import NotFound
from graph.principal import AccountRole, Principal
from graph.queries import Query
from graph.session import Session

KEY_NAME = "demo-program"


@dataclass(frozen=True)
class DemoAccount:
    """An account made for a demo and its password (or, for the program, its API key)."""

    username: str
    role: AccountRole
    staff: str | None
    kind: str
    """``password`` or ``api_key``."""
    secret: str
    note: str


def add_demo_accounts(session: Session, principal: Principal) -> tuple[DemoAccount, ...]:
    """Add `demo-<role>` for every role but retailer (the team lead leads the first area,
    the staff member is its customer manager) and an API key for a program; existing demo
    accounts are left as they are and not listed."""
    principal.require(to="add accounts")
    leads = sorted(session.read(Query.LEAD_EDGES), key=lambda r: str(r["area"]))
    if not leads:
        raise NotFound("the graph has no areas with leads: seed a city first")
    area, lead = str(leads[0]["area"]), str(leads[0]["staff"])
    team = session.read(Query.AREA_TEAM, code=area)
    manager = next(
        str(m["employee_no"])
        for m in sorted(team, key=lambda m: str(m["employee_no"]) == lead)
        if m["role"] == "manager"
    )
    existing = {str(r["username"]) for r in session.read(Query.ALL_USERS)}
    plan: list[tuple[AccountRole, str | None, str]] = [
        (AccountRole.ADMIN, None, "everything, including accounts"),
        (AccountRole.PLANNER, None, "territory design and rebalance"),
        (AccountRole.DISPATCHER, None, "routes, visits, calls"),
        (AccountRole.SUPERVISOR, None, "approves change requests"),
        (AccountRole.TEAM_LEAD, lead, f"leads area {area}"),
        (AccountRole.STAFF, manager, f"customer manager in area {area}"),
        (AccountRole.VIEWER, None, "aggregates only"),
    ]
    made = []
    for role, staff, note in plan:
        username = f"demo-{role.value.replace('_', '-')}"
        if username in existing:
            continue
        password = secrets.token_urlsafe(12)
        add_user(session, principal, username, role, password, staff=staff)
        made.append(DemoAccount(username, role, staff, "password", password, note))
    if not any(str(k["name"]) == KEY_NAME for k in session.read(Query.ALL_API_KEYS)):
        key = add_api_key(session, principal, KEY_NAME, AccountRole.DISPATCHER)
        made.append(DemoAccount(KEY_NAME, key.role, None, "api_key", key.key, "a program"))
    return tuple(made)
