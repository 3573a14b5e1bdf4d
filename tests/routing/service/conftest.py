"""A delivery day planned on `tiny_city`, shared by the read-only service tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from graph.principal import AccountRole, Principal
from graph.session import Session
from routing.params import SolveParams
from routing.service import RoutePlanResult, plan_routes
from seeds.city import City
from seeds.writer import write_city
from tests.conftest import open_backend

DAY = dt.date(2026, 11, 24)
"""A Tuesday: zone 3, which ordered on Monday, is delivered."""
ORDER_DAY = DAY - dt.timedelta(days=1)
"""The Monday zone 3 is called and orders."""
FIRST = SolveParams(time_limit_s=1, max_iterations=1)
"""Each wave's first solution: fast, and the same every run."""
DISPATCHER = Principal("dispatch", AccountRole.DISPATCHER)


@pytest.fixture(scope="package")
def routed(
    tmp_path_factory: pytest.TempPathFactory, tiny_city: City
) -> Iterator[tuple[Session, RoutePlanResult]]:
    """A session on `tiny_city` with the routes of `DAY` planned, and the plan's figures;
    tests that read it must not write."""
    db = open_backend("ladybug", tmp_path_factory.mktemp("routed"))
    with db.session() as session:
        write_city(session, tiny_city)
        yield session, plan_routes(session, DISPATCHER, DAY, solve_params=FIRST)
    db.close()


def lead_of(*areas: str) -> Principal:
    """A team lead whose scope is `areas`."""
    return Principal("lead", AccountRole.TEAM_LEAD, areas=frozenset(areas))
