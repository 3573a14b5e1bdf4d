"""Principals of several roles, quick parameters and a snapshot of the stored territory."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from graph.principal import AccountRole, Principal
from graph.queries import Query
from graph.session import Session
from routing.params import SolveParams
from routing.service import plan_routes
from seeds.city import City
from seeds.writer import write_city
from territory.design_params import DesignParams
from tests.conftest import BACKENDS, open_backend

PLANNER = Principal("planner", AccountRole.PLANNER)
OUTSIDERS = [
    Principal("lead", AccountRole.TEAM_LEAD, staff="HF0001", areas=frozenset({"A01"})),
    Principal("viewer", AccountRole.VIEWER),
]
"""Principals that may neither design, rebalance nor partition."""


@pytest.fixture
def quick() -> DesignParams:
    """Design and rebalance parameters that take a second or two on `tiny_city`."""
    return DesignParams(rounds=3, polish_passes=10, time_limit_s=5, rebalance_time_limit_s=1)


def stored_territory(session: Session) -> dict[str, object]:
    """What a design or rebalance writes: areas and zones of retailers, areas, teams,
    contiguity, and the count of every node label."""
    reads = (
        Query.TERRITORY_FACTS,
        Query.AREA_LIST,
        Query.TEAM_EDGES,
        Query.LEAD_EDGES,
        Query.RETAILER_NEIGHBOURS,
    )
    return {q.name: session.read(q) for q in reads} | {"nodes": node_counts(session)}


def node_counts(session: Session) -> dict[str, int]:
    """The number of nodes of each label."""
    return {str(r["label"]): int(r["n"]) for r in session.read(Query.NODE_COUNTS)}


ROUTED_DAY = dt.date(2026, 11, 24)
"""A Monday: zone 3's delivery day, planned on `routed_city`."""


@pytest.fixture(scope="module", params=BACKENDS)
def routed_city(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, tiny_city: City
) -> Iterator[Session]:
    """A session on `tiny_city` with the routes of `ROUTED_DAY` planned, shared by the
    read-only tests of a module."""
    db = open_backend(request.param, tmp_path_factory.mktemp("city"))
    with db.session() as session:
        write_city(session, tiny_city)
        first = SolveParams(time_limit_s=1, max_iterations=1)
        plan_routes(session, Principal("d", AccountRole.DISPATCHER), ROUTED_DAY, solve_params=first)
        yield session
    db.close()
