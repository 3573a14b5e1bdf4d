"""What an account acts as: its role, and for staff roles the employee whose areas it sees."""

from __future__ import annotations

from datetime import UTC, datetime

from graph.errors import InvalidInput, NotFound, Unauthenticated
from graph.principal import WHOLE_CITY, AccountRole, Principal
from graph.queries import Query
from graph.service.principals import staff_principal
from graph.session import Session


def check_staff(session: Session, role: AccountRole, staff: str | None) -> None:
    """Refuse an account that could not act: team leads and staff need an existing staff
    member (their areas are that person's), and retailers do not sign in as accounts."""
    if role is AccountRole.RETAILER:
        raise InvalidInput("a retailer account is not supported: choose another role")
    if staff is None:
        if role not in WHOLE_CITY:
            raise InvalidInput(
                f"a {role.value} account needs a staff member (employee number): "
                "it sees that person's areas"
            )
        return
    if not session.read(Query.STAFF, keys=[staff]):
        raise NotFound(f"staff member {staff} not found")


def account_principal(
    session: Session, user: str, role: AccountRole, staff: str | None
) -> Principal:
    """The principal of an account, its areas read from the graph now, so a moved team
    lead's scope follows; `Unauthenticated` when its staff member is gone."""
    if staff is None:
        if role not in WHOLE_CITY:
            raise Unauthenticated(f"account {user}: a {role.value} needs a staff member")
        return Principal(user, role)
    try:
        return staff_principal(session, staff, role, user=user)
    except NotFound:
        raise Unauthenticated(f"account {user}: staff member {staff} no longer exists") from None


def timestamp() -> str:
    """Now, in UTC, as ISO text to the second: when an account or key was created."""
    return datetime.now(UTC).isoformat(timespec="seconds")
