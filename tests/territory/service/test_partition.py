"""`partition_graph` on GraphML given as bytes or a file object: who may run it, the plan,
and bad input refused in domain words."""

from __future__ import annotations

import io
from typing import Any

import networkx as nx
import pytest

from benchmarks.territory_instances import make_instance
from graph.errors import Forbidden, InvalidInput
from graph.principal import Principal
from graph.serialise import to_data
from territory.service import PartitionResult, partition_graph
from tests.territory.service.conftest import OUTSIDERS, PLANNER

MEASURES = ["n_customers", "demand", "workload"]
TOLERANCE = {m: 0.1 for m in MEASURES}


@pytest.fixture(scope="module")
def du80() -> bytes:
    """An 80-unit planar instance in the published DU style, as GraphML bytes."""
    out = io.BytesIO()
    nx.write_graphml(make_instance(80, 1), out)
    return out.getvalue()


def partition(
    graphml: bytes | io.BytesIO, principal: Principal = PLANNER, **options: Any
) -> PartitionResult:
    """Four districts from at most three starts, ±10% on every measure."""
    given = {"measures": MEASURES, "tolerance": TOLERANCE, "max_starts": 3, **options}
    return partition_graph(principal, graphml, districts=4, time_limit_s=30, **given)


@pytest.mark.parametrize("principal", OUTSIDERS, ids=lambda p: p.role.value)
def test_only_planners_and_admins_may_partition(du80: bytes, principal: Principal) -> None:
    with pytest.raises(Forbidden, match="may not partition a graph of units"):
        partition(du80, principal)


def test_bytes_and_a_file_object_give_the_same_feasible_plan(du80: bytes) -> None:
    result = partition(du80, objective="diameter", search_iterations=30, searches=1)
    assert result.feasible and result.contiguous and result.misses == 0
    assert (result.districts, result.diameter_paths) == (4, "district") and result.diameter > 0
    assert set(result.district_of) == {str(i) for i in range(80)}
    assert set(result.district_of.values()) == {0, 1, 2, 3}
    rows = result.assignment_csv().decode().splitlines()
    assert rows[0] == "node,district" and len(rows) == 81
    again = partition(io.BytesIO(du80), objective="diameter", search_iterations=30, searches=1)
    assert again.district_of == result.district_of
    assert list(to_data(result))[:-1] == [
        "districts", "balance", "feasible", "contiguous", "compactness", "diameter",
        "diameter_paths", "misses", "seconds",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"objective": "speed"}, "objective 'speed': use compactness or diameter"),
        ({"paths": "roads"}, "diameter paths 'roads': use district"),
        ({"measures": ["sales"], "tolerance": {"sales": 0.05}}, "has no attribute 'sales'"),
    ],
)
def test_bad_options_are_refused_in_domain_words(
    du80: bytes, options: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message) as raised:
        partition(du80, **options)
    assert "--" not in raised.value.message


def test_a_broken_file_is_refused() -> None:
    with pytest.raises(InvalidInput, match="the GraphML: not a readable GraphML file"):
        partition(b"not xml")
