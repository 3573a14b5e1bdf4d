"""The fewest-moves program and the geography-aware lower bounds on small grids."""

from __future__ import annotations

import numpy as np

from territory.contiguity import is_connected
from territory.fewest_moves import MoveProblem, fewest_moves
from territory.move_bounds import move_bounds
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
