"""Who may read customer records, and which: the scope checks the graph services share.

A principal scoped to areas gets the same `Forbidden` for an object outside its areas as for
one that does not exist, so it learns nothing beyond its scope; whole-city principals get
`NotFound` for objects that do not exist.
"""

from __future__ import annotations

from graph.errors import Forbidden, NotFound
from graph.principal import AccountRole, Principal
from graph.repository import retailer_areas
from graph.session import Session

AREA_READERS = (
    AccountRole.PLANNER,
    AccountRole.DISPATCHER,
    AccountRole.SUPERVISOR,
    AccountRole.TEAM_LEAD,
    AccountRole.STAFF,
)
"""Roles that read the records of whole areas (those in their scope)."""
RECORD_READERS = (*AREA_READERS, AccountRole.RETAILER)
"""Roles that read retailer records: all but the viewer, who reads aggregates only."""


def outside(principal: Principal, what: str) -> Forbidden:
    """The error for an object outside the principal's scope (or not there at all)."""
    if principal.role is AccountRole.RETAILER:
        return Forbidden(f"{what} is not the record of retailer {principal.retailer}")
    scope = ", ".join(sorted(principal.areas or ())) or "none"
    return Forbidden(f"{what} is not in the areas of {principal.user} ({scope})")


def sees_retailer(principal: Principal, retailer_id: str, area: str | None) -> bool:
    """Whether the retailer (in `area`) is in scope: a retailer principal sees only itself."""
    if principal.role is AccountRole.RETAILER:
        return principal.retailer == retailer_id
    return principal.sees_area(area)


def require_retailer(session: Session, principal: Principal, retailer_id: str) -> None:
    """Raise unless the principal may read the retailer: `Forbidden` outside its scope (or
    for a viewer), `NotFound` for a whole-city principal when there is no such retailer."""
    principal.require(*RECORD_READERS, to="read retailer records")
    areas = retailer_areas(session, [retailer_id])
    if principal.areas is None:
        if retailer_id not in areas:
            raise NotFound(f"retailer {retailer_id} not found")
    elif retailer_id not in areas or not sees_retailer(principal, retailer_id, areas[retailer_id]):
        raise outside(principal, f"retailer {retailer_id}")
