"""Rebalancing: tolerances restored with few moves, under the cap, locks respected."""

from __future__ import annotations

import numpy as np

from territory.design import design_partition
from territory.problem import PartitionProblem
from territory.rebalance.partition import lower_bounds, rebalance_partition, undo_needless_moves
from tests.territory.conftest import lattice


def _grown(
    problem: PartitionProblem, labels: np.ndarray, district: int, factor: float
) -> PartitionProblem:
    """The same problem with one district's workload grown by `factor`."""
    workload = problem.measures["workload"].copy()
    workload[labels == district] *= factor
    return PartitionProblem(
        problem.ids,
        {**problem.measures, "workload": workload},
        problem.tolerance,
        problem.k,
        problem.edges,
        problem.xy,
        locked=problem.locked,
    )


def test_a_rebalance_restores_tolerance_with_few_moves() -> None:
    base = lattice(10, 10, 4, tolerance=0.10)
    start = design_partition(base, seed=2, rounds=3).labels
    problem = _grown(base, start, 0, 1.25)
    plan = rebalance_partition(problem, start, max_moved=0.2)
    assert not plan.quality_before.feasible
    assert plan.quality.feasible and plan.quality.contiguous
    assert plan.bounds.leaving >= 1
    assert plan.bounds.moves <= len(plan.moved) <= 20


def test_the_cap_on_moves_holds_and_locks_stay() -> None:
    base = lattice(10, 10, 4, tolerance=0.05)
    start = design_partition(base, seed=2, rounds=3).labels
    locked = {int(u): int(start[u]) for u in np.flatnonzero(start == 0)[:10]}
    problem = _grown(
        PartitionProblem(
            base.ids, base.measures, base.tolerance, 4, base.edges, base.xy, locked=locked
        ),
        start,
        0,
        1.6,
    )
    plan = rebalance_partition(problem, start, max_moved=0.05)
    assert len(plan.moved) <= 5
    assert all(plan.labels[u] == d for u, d in locked.items())


def test_nothing_moves_when_already_balanced() -> None:
    problem = lattice(8, 8, 4, tolerance=0.10)
    start = design_partition(problem, seed=2, rounds=3).labels
    plan = rebalance_partition(problem, start)
    assert plan.moved == [] and lower_bounds(problem, start).moves == 0


def test_needless_moves_go_back_home_and_balance_is_kept() -> None:
    """Two halves of a 4 × 4 grid, balanced on customers (±30%); a swap of two units across
    the border changes nothing, so both go back."""
    problem = lattice(4, 4, 2, tolerance=0.3)
    home = np.array([0 if c < 2 else 1 for r in range(4) for c in range(4)], dtype=np.int64)
    swapped = home.copy()
    swapped[1], swapped[2] = 1, 0  # row 0: columns 1 and 2 trade places
    back = undo_needless_moves(problem, home, swapped)
    assert (back == home).all()


def test_a_move_that_ends_a_breach_stays() -> None:
    problem = lattice(4, 4, 2, tolerance=0.05)
    customers = problem.measures["customers"]
    start = np.array([0 if c < 2 else 1 for r in range(4) for c in range(4)], dtype=np.int64)
    start[2] = 0  # district 0 now holds 9 units: 12.5% over, a breach
    moved = start.copy()
    moved[2] = 1  # the move that ends it
    kept = undo_needless_moves(problem, start, moved)
    assert kept[2] == 1
    assert abs(np.sum(customers[kept == 0]) / 8 - 1) <= 0.05


def test_a_unit_cut_off_from_its_district_is_reconnected_and_said_so() -> None:
    problem = lattice(4, 4, 2, tolerance=0.3)
    start = np.array([0 if c < 2 else 1 for r in range(4) for c in range(4)], dtype=np.int64)
    start[15] = 0  # the far corner, surrounded by district 1
    plan = rebalance_partition(problem, start)
    assert plan.quality.feasible and plan.labels[15] == 1
    assert plan.reconnected == [15] and 15 in plan.moved
