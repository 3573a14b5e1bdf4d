"""Who may read routes, visit plans and call lists, and which retailers they see."""

from __future__ import annotations

from graph.principal import AccountRole, Principal
from graph.queries import Query
from graph.session import Session

READERS = (
    AccountRole.DISPATCHER,
    AccountRole.PLANNER,
    AccountRole.SUPERVISOR,
    AccountRole.TEAM_LEAD,
    AccountRole.STAFF,
)
"""Roles that read routes, visits and calls: the whole city, or a team's areas."""


def require_reader(principal: Principal, what: str) -> None:
    """Raise `Forbidden` unless the principal may read `what` (a viewer sees aggregates only,
    a retailer only its own record)."""
    principal.require(*READERS, to=f"read {what}")


def visible_retailers(session: Session, principal: Principal) -> frozenset[str] | None:
    """The ids of the retailers in the principal's areas; None when it sees the whole city."""
    if principal.areas is None:
        return None
    return frozenset(
        str(r["id"])
        for code in sorted(principal.areas)
        for r in session.read(Query.AREA_RETAILERS, code=code)
    )
