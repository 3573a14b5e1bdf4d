"""The districting engine as a service on any graph of units given as GraphML."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import BinaryIO

from graph.principal import AccountRole, Principal
from territory.graphml import PartitionResult, partition_units


def partition_graph(
    principal: Principal,
    graphml: bytes | BinaryIO,
    *,
    districts: int,
    measures: Sequence[str],
    tolerance: Mapping[str, float],
    objective: str = "compactness",
    time_limit_s: float = 120.0,
    seed: int = 7,
    max_starts: int = 20,
    search_iterations: int = 4000,
    searches: int = 3,
    paths: str = "district",
) -> PartitionResult:
    """Cut the graph's units into `districts` balanced on the node attributes `measures`
    within `tolerance` (measure → relative deviation), minimising compactness or the
    largest diameter (`objective`) from at most `max_starts` starts; see
    `territory.graphml.partition_units`. Needs no session: the graph is the input.

    Raises `Forbidden` unless the principal is a planner, `InvalidInput` for a graph that
    cannot be read or partitioned.
    """
    principal.require(AccountRole.PLANNER, to="partition a graph of units")
    return partition_units(
        graphml,
        districts=districts,
        measures=list(measures),
        tolerance=dict(tolerance),
        objective=objective,
        time_limit_s=time_limit_s,
        seed=seed,
        max_starts=max_starts,
        search_iterations=search_iterations,
        searches=searches,
        paths=paths,
    )
