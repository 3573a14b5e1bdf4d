"""The relaxed lower bound on a rebalance's moves: never above the true fewest, and exact on
the shapes it was made for."""

from __future__ import annotations

import itertools

import numpy as np

from territory.contiguity import is_connected
from territory.metrics import totals_by_district
from territory.rebalance.fewest_moves import MoveProblem, fewest_moves
from territory.rebalance.move_bounds import move_bounds
from territory.rebalance.move_relaxation import relaxed_move_bound
from tests.territory.conftest import lattice

# District 0: a square 0-1-3-2 and a heavy unit 4 that hangs a pendant 5 off it; 4 touches
# district 1 (a square 6-7-9-8) at 6.
HANGING = [[1, 2], [0, 3, 4], [0, 3], [1, 2], [1, 5, 6], [4], [4, 7, 8], [6, 9], [6, 9], [7, 8]]


def test_a_cut_vertex_takes_its_pendant_along() -> None:
    """District 0 must shed 9 and only unit 4 carries that much: the plain bound says one
    move, but 4's departure cuts 5 off with no way round, so two units must go; the bound
    says two and the program moves two."""
    labels = np.array([0] * 6 + [1] * 4)
    q = np.ones((10, 1))
    q[4] = 10.0
    lower, upper = np.array([[-np.inf], [-np.inf]]), np.array([[6.0], [np.inf]])
    assert move_bounds(q, labels, lower, upper, HANGING).moves == 1
    assert relaxed_move_bound(q, labels, lower, upper, HANGING, 10) == 2
    plan = fewest_moves(MoveProblem(q, labels, lower, upper, HANGING, frozenset(), 10))
    assert plan.feasible and sorted(np.flatnonzero(plan.labels != labels)) == [4, 5]
    assert all(is_connected(plan.labels, d, HANGING) for d in (0, 1))


def test_a_cut_off_piece_counts_as_moves() -> None:
    """On a path of 10, unit 5 of district 0 sits apart beyond unit 4 of district 1: the
    balance holds, yet one move at least must end the split (4 joins, or 5 leaves)."""
    adj = [[1]] + [[i - 1, i + 1] for i in range(1, 9)] + [[8]]
    labels = np.array([0, 0, 0, 0, 1, 0, 1, 1, 1, 1])
    q = np.ones((10, 1))
    lower, upper = np.array([[3.5], [3.5]]), np.array([[6.5], [6.5]])
    assert move_bounds(q, labels, lower, upper, adj).moves == 0
    assert relaxed_move_bound(q, labels, lower, upper, adj, 10) == 1


def test_two_districts_over_side_by_side_shed_through_each_other() -> None:
    """On a path of 9, districts 0 and 1 (each 1, 1, 8 against a limit of 9) are both over,
    and only district 1 touches district 2, which takes anything. District 0 must hand its
    heavy unit to district 1, which must then pass on two of its own: three moves. Merging
    the two into one district would see a single heavy unit leaving (one move)."""
    adj = [[1]] + [[i - 1, i + 1] for i in range(1, 8)] + [[7]]
    labels = np.array([0, 0, 0, 1, 1, 1, 2, 2, 2])
    q = np.array([[1.0], [1], [8], [1], [1], [8], [1], [1], [1]])
    lower, upper = np.zeros((3, 1)), np.array([[9.0], [9.0], [np.inf]])
    assert move_bounds(q, labels, lower, upper, adj).moves == 2
    assert _fewest_over_all(q, labels, lower, upper, adj, 3) == 3
    assert relaxed_move_bound(q, labels, lower, upper, adj, 9) == 3


def _fewest_by_search(q, labels, lower, upper, adj) -> int | None:  # type: ignore[no-untyped-def]
    """The fewest moves over every labelling with both districts connected and in bands."""
    best = None
    for bits in itertools.product((0, 1), repeat=len(labels)):
        out = np.array(bits)
        totals = totals_by_district(out, q, 2)
        if np.any(totals < lower - 1e-9) or np.any(totals > upper + 1e-9):
            continue
        if not all(np.any(out == d) and is_connected(out, d, adj) for d in (0, 1)):
            continue
        moves = int(np.sum(out != labels))
        best = moves if best is None else min(best, moves)
    return best


def test_never_above_the_fewest_moves_of_any_plan() -> None:
    """On 3 × 4 grids with random measures and random, sometimes split, districts, the bound
    never exceeds the fewest moves found by trying every labelling."""
    problem = lattice(3, 4, 2)
    adj = problem.neighbours()
    rng = np.random.default_rng(3)
    checked = 0
    for _ in range(40):
        q = np.column_stack([np.ones(12), rng.integers(1, 9, 12).astype(float)])
        labels = (rng.random(12) < 0.5).astype(np.int64)
        if labels.min() == labels.max():
            continue
        mean = q.sum(axis=0) / 2
        tol = np.array([0.2, 0.15])
        lower, upper = np.tile(mean * (1 - tol), (2, 1)), np.tile(mean * (1 + tol), (2, 1))
        fewest = _fewest_by_search(q, labels, lower, upper, adj)
        if fewest is None:
            continue
        bound = relaxed_move_bound(q, labels, lower, upper, adj, 12)
        assert bound <= fewest, (labels.tolist(), q[:, 1].tolist())
        checked += 1
    assert checked >= 15


def _fewest_over_all(
    q: np.ndarray,
    labels: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    adj: list[list[int]],
    k: int,
) -> int | None:
    """The fewest moves over every labelling of the units into `k` connected districts in
    their bands (all labellings at once, the fewest moves first)."""
    every = np.array(list(itertools.product(range(k), repeat=len(labels))))
    totals = np.einsum("lnk,nm->lkm", np.eye(k)[every], q)
    inside = np.all((totals >= lower - 1e-9) & (totals <= upper + 1e-9), axis=(1, 2))
    moves = (every != labels).sum(axis=1)
    for i in np.flatnonzero(inside)[np.argsort(moves[inside], kind="stable")]:
        if all(np.any(every[i] == d) and is_connected(every[i], d, adj) for d in range(k)):
            return int(moves[i])
    return None


def test_three_districts_never_above_the_fewest_and_often_above_the_plain_bound() -> None:
    """With three districts two of them can be over their limits side by side, which the
    clusters' floors are for: over 3 × 3 and 2 × 5 grids the bound never exceeds the fewest
    moves of any plan, and it beats the plain bound on some of them."""
    rng = np.random.default_rng(2)
    checked = stronger = 0
    for rows, cols in [(3, 3)] * 40 + [(2, 5)] * 30:
        adj = lattice(rows, cols, 3).neighbours()
        n = rows * cols
        q = np.column_stack([np.ones(n), rng.integers(1, 9, n).astype(float)])
        labels = rng.integers(0, 3, n)
        mean, tol = q.sum(axis=0) / 3, np.array([0.25, 0.2])
        lower, upper = np.tile(mean * (1 - tol), (3, 1)), np.tile(mean * (1 + tol), (3, 1))
        fewest = _fewest_over_all(q, labels, lower, upper, adj, 3)
        if len(set(labels.tolist())) < 3 or fewest is None:
            continue
        bound = relaxed_move_bound(q, labels, lower, upper, adj, n)
        assert bound <= fewest, (rows, cols, labels.tolist(), q[:, 1].tolist())
        checked += 1
        stronger += bound > move_bounds(q, labels, lower, upper, adj).moves
    assert checked >= 40 and stronger >= 5
