"""Principals of several roles, quick parameters and a snapshot of the stored territory."""

from __future__ import annotations

import pytest

from graph.principal import AccountRole, Principal
from graph.queries import Query
from graph.session import Session
from territory.design_params import DesignParams

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
