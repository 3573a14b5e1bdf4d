"""Designing districts: connected, balanced when feasible, locks respected, infeasibility
reported."""

from __future__ import annotations

import dataclasses
import time

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import territory.design as design_module
from graph.errors import InvalidInput
from territory.bounds import proven_misses
from territory.design import Partition, design_partition, settle_best
from territory.design_params import DesignParams
from territory.districts import district_groups
from territory.metrics import evaluate
from territory.problem import PartitionProblem
from tests.territory.conftest import lattice


def _connected(problem: PartitionProblem, labels: np.ndarray) -> bool:
    g = nx.Graph()
    g.add_edges_from((a, b) for a, b, _ in problem.edges if labels[a] == labels[b])
    g.add_nodes_from(range(problem.n))
    return all(
        nx.is_connected(g.subgraph(np.flatnonzero(labels == d).tolist())) for d in range(problem.k)
    )


def test_every_unit_is_in_one_connected_balanced_district(lattice_8x8: PartitionProblem) -> None:
    part = design_partition(lattice_8x8, seed=3, rounds=3)
    labels = part.labels
    assert labels.shape == (64,) and set(labels.tolist()) == set(range(4))
    assert _connected(lattice_8x8, labels)
    assert part.quality.feasible, part.quality.misses


@settings(max_examples=12, deadline=None)
@given(st.integers(6, 10), st.integers(6, 10), st.integers(2, 5), st.integers(0, 1000))
def test_lattices_of_any_size_get_connected_districts(
    rows: int, cols: int, k: int, seed: int
) -> None:
    problem = lattice(rows, cols, k, seed=seed, tolerance=0.15)
    part = design_partition(problem, seed=seed, rounds=2, passes=10)
    assert _connected(problem, part.labels)
    assert part.quality.balance["customers"] <= 0.15 + 1e-9


def test_locked_units_never_move() -> None:
    locked = {0: 2, 63: 0, 7: 1}
    problem = lattice(8, 8, 4, tolerance=0.10, locked=locked)
    part = design_partition(problem, seed=1, rounds=2)
    assert all(part.labels[u] == d for u, d in locked.items())


def test_an_impossible_lock_gives_the_best_plan_and_says_why() -> None:
    # lock 30 of 64 unit-customer squares into district 0: 30 > 16 × 1.1
    locked = {u: 0 for u in range(30)}
    problem = lattice(8, 8, 4, tolerance=0.10, locked=locked)
    part = design_partition(problem, seed=1, rounds=2)
    assert not part.quality.feasible
    assert any(m.measure == "customers" and m.district == 0 for m in part.quality.misses)
    proven = proven_misses(problem, district_groups(problem), ["D0", "D1", "D2", "D3"])
    assert any("locked units alone give 30.0 customers > upper limit 17.6" in p for p in proven)


def test_the_same_seed_gives_the_same_plan(lattice_8x8: PartitionProblem) -> None:
    a = design_partition(lattice_8x8, seed=5, rounds=2).labels
    b = design_partition(lattice_8x8, seed=5, rounds=2).labels
    assert (a == b).all()


def _stripes_and_shifted_quadrants(tolerance: float) -> tuple[PartitionProblem, list[Partition]]:
    """An 8 × 8 grid in 4 districts: 2-column stripes (16 each), and more compact quadrants
    of which one hands 2 squares to its neighbour (14 and 18: 12.5% off the mean)."""
    problem = dataclasses.replace(lattice(8, 8, 4), tolerance={"customers": tolerance})
    x, y = problem.xy.T  # type: ignore[union-attr]
    stripes = (x // 2).astype(np.int64)
    quadrants = ((x >= 4) + 2 * (y >= 4)).astype(np.int64)
    quadrants[(x == 3) & (y < 2)] = 1
    found = [
        Partition(labels, [], evaluate(problem, labels), r, 0.0)
        for r, labels in enumerate([stripes, quadrants], start=1)
    ]
    return problem, found


def test_a_compact_round_that_misses_is_settled_and_beats_a_looser_feasible_one() -> None:
    problem, found = _stripes_and_shifted_quadrants(0.10)
    assert found[0].quality.feasible and not found[1].quality.feasible
    best = settle_best(problem, found, seed=1, deadline=time.perf_counter() + 30)
    assert best.quality.feasible and best.rounds == 2 and best.settled == 1  # 15 and 17
    assert best.quality.compactness < found[0].quality.compactness
    assert _connected(problem, best.labels)


def test_a_round_far_outside_its_bands_is_not_settled() -> None:
    problem, found = _stripes_and_shifted_quadrants(0.05)  # 12.5% is 2.5 × the tolerance
    best = settle_best(problem, found, seed=1, deadline=time.perf_counter() + 30)
    assert best is found[0] and best.settled == 0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"areas": 5000}, "areas: 5000 must be between 1 and"),
        ({"areas": 0}, "areas: 0 must be between 1 and"),
        ({"areas": 5, "zones": 6}, "zones must be between 1 and areas"),
        ({"time_limit_s": 0}, "time limits > 0"),
        ({"rebalance_time_limit_s": -1}, "time limits > 0"),
    ],
)
def test_absurd_design_parameters_are_refused_at_once(
    changes: dict[str, float], message: str
) -> None:
    start = time.perf_counter()
    with pytest.raises(InvalidInput, match=message):
        DesignParams(**changes)  # type: ignore[arg-type]
    assert time.perf_counter() - start < 0.1


def test_more_areas_than_the_retailers_can_fill_are_refused() -> None:
    DesignParams(areas=20).check_retailers(240)
    with pytest.raises(InvalidInput, match="50 areas for 400 retailers: .* at most 40 areas"):
        DesignParams(areas=50).check_retailers(400)


def test_progress_is_reported_before_the_first_assignment(
    lattice_8x8: PartitionProblem, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[str, int, int]] = []
    real = design_module.assign

    def assign(*args: object, **kwargs: object) -> object:
        seen.append(("assign", 0, 0))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(design_module, "assign", assign)
    design_partition(lattice_8x8, seed=1, rounds=2, progress=lambda *a: seen.append(a))
    assert seen[0] == ("design", 0, 6) and seen[1] == ("assign", 0, 0)
    assert [s for s in seen if s[0] == "design"][1:3] == [("design", 1, 6), ("design", 2, 6)]
    assert ("design", 6, 6) in seen


def test_the_design_keeps_its_time_limit() -> None:
    problem = lattice(30, 30, 6, tolerance=0.02)
    part = design_partition(problem, seed=1, rounds=50, passes=500, time_limit_s=1.5)
    assert part.seconds <= 1.5 * 1.2
    with pytest.raises(InvalidInput, match="time limit: 0 seconds must be > 0"):
        design_partition(problem, time_limit_s=0)
