"""The generic partition engine on GraphML documents."""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.grid_instances import make_planted_grid
from benchmarks.territory_instances import make_instance
from graph.errors import InvalidInput
from territory.graphml import partition_units

MEASURES = ["n_customers", "demand", "workload"]
TOL = {m: 0.05 for m in MEASURES}


@pytest.fixture
def instance(tmp_path: Path) -> Path:
    """A 120-unit planar instance in the published DU style."""
    path = tmp_path / "du120.graphml"
    nx.write_graphml(make_instance(120, 3), path)
    return path


@pytest.mark.parametrize("objective", ["compactness", "diameter"])
def test_partition_is_feasible_and_assigns_every_node(instance: Path, objective: str) -> None:
    r = partition_units(
        instance,
        districts=4,
        measures=MEASURES,
        tolerance=TOL,
        objective=objective,
        time_limit_s=20,
        max_starts=4,
        search_iterations=40,
    )
    assert r.feasible and r.contiguous and r.diameter > 0
    assert sorted(set(r.district_of.values())) == [0, 1, 2, 3] and len(r.district_of) == 120
    lines = r.assignment_csv().decode().splitlines()
    assert lines[0] == "node,district" and len(lines) == 121


def test_without_coordinates_edge_distances_suffice(instance: Path, tmp_path: Path) -> None:
    g = nx.read_graphml(instance)
    for _, data in g.nodes(data=True):
        del data["x"], data["y"]
    bare = tmp_path / "bare.graphml"
    nx.write_graphml(g, bare)
    r = partition_units(bare, districts=4, measures=MEASURES, tolerance=TOL, max_starts=3)
    assert r.contiguous and r.feasible


def test_bad_files_are_refused_clearly(tmp_path: Path, instance: Path) -> None:
    with pytest.raises(InvalidInput, match="no attribute 'sales'"):
        partition_units(instance, districts=4, measures=["sales"], tolerance={"sales": 0.05})
    (tmp_path / "x.graphml").write_text("not xml")
    with pytest.raises(InvalidInput, match="not a readable GraphML"):
        partition_units(tmp_path / "x.graphml", districts=2, measures=MEASURES, tolerance=TOL)


def test_more_searches_never_give_a_larger_diameter(instance: Path) -> None:
    """The first search starts from the best start with the same seed either way, so the best
    of three can only match or beat one."""
    runs = [
        partition_units(
            instance,
            districts=4,
            measures=MEASURES,
            tolerance=TOL,
            objective="diameter",
            time_limit_s=60,
            max_starts=4,
            search_iterations=30,
            searches=searches,
        )
        for searches in (1, 3)
    ]
    assert runs[1].diameter <= runs[0].diameter


@settings(max_examples=6, deadline=None)
@given(seed=st.integers(0, 10_000), shape=st.sampled_from([(2, 2), (2, 3)]))
def test_grids_with_holes_get_connected_plans_within_tolerance(
    seed: int, shape: tuple[int, int]
) -> None:
    """Sparse grids without coordinates on which a balanced plan exists by construction."""
    g, planted = make_planted_grid(shape, 6, seed)
    k = shape[0] * shape[1]
    graphml = io.BytesIO()
    nx.write_graphml(g, graphml)
    r = partition_units(
        graphml.getvalue(),
        districts=k,
        measures=MEASURES,
        tolerance=TOL,
        time_limit_s=20,
        max_starts=2,
    )
    assert r.contiguous and r.feasible, r.balance
    assert len(r.district_of) == len(planted) and set(r.district_of.values()) == set(range(k))
