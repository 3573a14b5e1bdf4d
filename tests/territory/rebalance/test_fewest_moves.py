"""The fewest-moves program and the geography-aware lower bounds on small grids."""

from __future__ import annotations

import dataclasses

import numpy as np

from territory.contiguity import is_connected
from territory.rebalance.fewest_moves import MoveProblem, fewest_moves
from territory.rebalance.move_bounds import move_bounds
from territory.rebalance.partition import move_limits
from tests.territory.conftest import lattice


def _halves(rows: int, cols: int, split: int) -> np.ndarray:
    """Columns left of `split` in district 0, the rest in district 1."""
    return np.array([0 if c < split else 1 for r in range(rows) for c in range(cols)])


def _limits(q: np.ndarray, k: int, tol: float) -> tuple[np.ndarray, np.ndarray]:
    mean = q.sum(axis=0) / k
    return np.tile(mean * (1 - tol), (k, 1)), np.tile(mean * (1 + tol), (k, 1))


def test_one_column_over_takes_exactly_its_excess_across_the_border() -> None:
    """A 4 × 6 grid cut 4 | 2 columns: 16 against 8 units, ±0% on customers: exactly four
    units must cross, and the plan moves four, each district staying connected."""
    problem = lattice(4, 6, 2, tolerance=0.05)
    labels = _halves(4, 6, 4)
    q = problem.matrix()[:, :1]
    lower, upper = _limits(q, 2, 0.0)
    adj = problem.neighbours()
    plan = fewest_moves(MoveProblem(q, labels, lower, upper, adj, frozenset(), 10))
    assert plan.feasible and int(np.sum(plan.labels != labels)) == 4
    assert all(is_connected(plan.labels, d, adj) for d in (0, 1))
    bounds = move_bounds(q, labels, lower, upper, adj)
    assert bounds.leaving == bounds.entering == 4


def test_the_cap_and_the_fixed_units_hold() -> None:
    problem = lattice(4, 6, 2, tolerance=0.05)
    labels = _halves(4, 6, 4)
    q = problem.matrix()[:, :1]
    lower, upper = _limits(q, 2, 0.0)
    border = frozenset(u for u in range(24) if u % 6 == 3)
    plan = fewest_moves(MoveProblem(q, labels, lower, upper, problem.neighbours(), border, 2))
    assert int(np.sum(plan.labels != labels)) <= 2 and not plan.feasible
    assert all(plan.labels[u] == labels[u] for u in border)


def test_a_heavy_unit_deep_inside_counts_its_distance_from_the_border() -> None:
    """A 2 × 6 grid cut 3 | 3 columns where unit 0 (three hops from the border) carries all
    the excess: without geography one move would do; with it three units must leave, and the
    plan moves three: unit 0 with a chain to the border."""
    problem = lattice(2, 6, 2, tolerance=0.05)
    labels = _halves(2, 6, 3)
    q = np.ones((12, 1))
    q[0] = 20.0
    lower, upper = np.array([[-np.inf], [20.0]]), np.array([[20.0], [np.inf]])
    adj = problem.neighbours()
    assert move_bounds(q, labels, lower, upper, adj).leaving == 3
    plan = fewest_moves(MoveProblem(q, labels, lower, upper, adj, frozenset(), 6), depth=3)
    assert plan.feasible and int(np.sum(plan.labels != labels)) == 3 and plan.labels[0] == 1
    assert all(is_connected(plan.labels, d, adj) for d in (0, 1))


def test_a_full_neighbour_passes_the_excess_on_to_the_next_district() -> None:
    """A 2 × 125 ladder of half-customer units cut into five runs of 31, 30, 22, 21 and 21
    columns (±20%: at most 30): the first is over, the second full, so the second must pass
    units on to the third; the districts next to the first alone cannot restore it."""
    problem = lattice(2, 125, 5, tolerance=0.2)
    problem = dataclasses.replace(
        problem, measures={"customers": np.full(250, 0.5)}, tolerance={"customers": 0.2}
    )
    starts = np.cumsum([0, 31, 30, 22, 21])
    labels = np.array(
        [int(np.searchsorted(starts, c, "right")) - 1 for _ in range(2) for c in range(125)]
    )
    lower, upper = move_limits(problem, labels)
    assert upper[1, 0] == 30.0 and upper[0, 0] < 30.0  # full, not worse; a hair inside
    adj = problem.neighbours()
    plan = fewest_moves(
        MoveProblem(problem.matrix(), labels, lower, upper, adj, frozenset(), 20), depth=3
    )
    moved = [(int(labels[u]), int(plan.labels[u])) for u in np.flatnonzero(plan.labels != labels)]
    assert plan.feasible and sorted(set(moved)) == [(0, 1), (1, 2)]
    assert len(moved) == 6
    assert all(is_connected(plan.labels, d, adj) for d in range(5))
