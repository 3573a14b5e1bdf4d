"""Helpers the care service tests share: the test city's shops and team leads by area."""

from __future__ import annotations

from graph.principal import AccountRole, Principal
from seeds.city import City


def shops_in(city: City, area: str) -> list[str]:
    """The area's retailers, sorted."""
    return sorted(r for r, a in city.retailer_area.items() if a == area)


def lead_of(city: City, area: str) -> Principal:
    """The signed-in team lead of `area`."""
    staff = city.staffing.leads[area]
    return Principal(staff, AccountRole.TEAM_LEAD, staff, None, frozenset({area}))
