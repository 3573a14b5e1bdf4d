"""Areas (片区): the list in scope and one area's subgraph."""

from __future__ import annotations

from graph import repository
from graph.principal import Principal
from graph.repository import AreaSummary, AreaView
from graph.service.scope import AREA_READERS, outside
from graph.session import Session


def list_areas(session: Session, principal: Principal) -> tuple[AreaSummary, ...]:
    """The areas in scope with their zones and retailer counts (a viewer sees every area's
    counts; a retailer none)."""
    return tuple(a for a in repository.list_areas(session) if principal.sees_area(a.code))


def show_area(session: Session, principal: Principal, code: str) -> AreaView:
    """An area's team, retailers and neighbours.

    Raises `Forbidden` for a viewer or an area outside the principal's scope (checked before
    the area is looked up, so an unknown code outside the scope is forbidden as well) and
    `NotFound` for an unknown code otherwise."""
    principal.require(*AREA_READERS, to="read an area's team and retailers")
    if not principal.sees_area(code):
        raise outside(principal, f"area {code}")
    return repository.show_area(session, code)
