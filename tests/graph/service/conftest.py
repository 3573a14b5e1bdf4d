"""A seeded city shared by a module's tests, and the principals that act on it."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.principal import AccountRole, Principal
from graph.service.principals import staff_principal
from graph.session import Session
from routing.params import SolveParams
from routing.service import plan_routes
from seeds.city import City


def in_area(tiny_city: City, area: str, n: int) -> str:
    """The `n`-th retailer (by id) of `area`."""
    return sorted(r for r, a in tiny_city.retailer_area.items() if a == area)[n]


@pytest.fixture
def team_lead(city_session: Session, tiny_city: City, first_area: str) -> Principal:
    """The first area's lead, acting as a team lead (scope read from the graph)."""
    return staff_principal(
        city_session, tiny_city.staffing.leads[first_area], AccountRole.TEAM_LEAD
    )


ROUTED_DAY = dt.date(2026, 11, 24)
"""A Monday: zone 3's delivery day, planned by `routed_city`."""


@pytest.fixture(scope="module")
def routed_city(city_session: Session) -> Session:
    """`city_session` with the routes of `ROUTED_DAY` planned (each wave's first solution)."""
    dispatcher = Principal("dispatch", AccountRole.DISPATCHER)
    first = SolveParams(time_limit_s=1, max_iterations=1)
    plan_routes(city_session, dispatcher, ROUTED_DAY, solve_params=first)
    return city_session
