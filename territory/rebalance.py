"""Rebalance an existing partition: restore the tolerances moving as few units as possible.

Every move changes a retailer's manager, agent and driver, so the plan starts from the current
districts and only lets units near a border move (to a district within `hops` edges): a linear
program minimises the number moved (less a little compactness) under the balance bands and a
hard cap, connectedness is repaired, and a local search with a high price per move settles the
rest. The lower bound is the number of units that must leave districts above their upper limit
(the fewest whose removal brings each measure under it).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from territory.assignment import Bands, assign
from territory.contiguity import articulation_units, nearby_districts, removable, repair
from territory.design import bands_of, district_groups, medoid
from territory.metrics import Quality, evaluate
from territory.polish import Polish
from territory.problem import PartitionProblem

MOVE_COST = 50.0
"""Price of one move in the local search (a 100% balance breach costs 1e6 per district)."""


@dataclass(frozen=True)
class RebalancePlan:
    labels: NDArray[np.int64]
    moved: list[int]
    """Units whose district changed."""
    lower_bound: int
    entry_bound: int
    """Units that must enter districts below their lower limit (another valid bound)."""
    quality_before: Quality
    quality: Quality
    capped: bool
    """True when the cap on moves stopped the plan short of its tolerances."""
    seconds: float


def lower_bound(
    problem: PartitionProblem, labels: NDArray[np.int64], *, entering: bool = False
) -> int:
    """Units that must leave districts above their upper limit: per district, the most over
    its measures of the fewest units (largest first) whose removal brings it under. With
    `entering`, the units that must enter districts below their lower limit instead (the
    fewest of the largest units anywhere that would lift it)."""
    q = problem.matrix()
    mean = q.sum(axis=0) / problem.k
    largest = -np.sort(-q, axis=0)
    total = 0
    for d in range(problem.k):
        idx = np.flatnonzero(labels == d)
        need = 0
        for j, name in enumerate(problem.names):
            tol = problem.tolerance.get(name)
            if tol is None:
                continue
            if entering:
                gap = mean[j] * (1 - tol) - q[idx, j].sum()
                pool = largest[:, j]
            else:
                gap = q[idx, j].sum() - mean[j] * (1 + tol)
                pool = np.sort(q[idx, j])[::-1]
            if gap > 1e-9:
                need = max(need, int(np.searchsorted(np.cumsum(pool), gap - 1e-9)) + 1)
        total += need
    return total


def rebalance_partition(
    problem: PartitionProblem,
    current: NDArray[np.int64],
    *,
    max_moved: float = 0.10,
    hops: int = 2,
    seed: int = 7,
    passes: int = 30,
    time_limit_s: float = 30.0,
) -> RebalancePlan:
    """A plan within tolerance that moves few units and never more than `max_moved` of them."""
    start = time.perf_counter()
    before = evaluate(problem, current)
    bound = lower_bound(problem, current)
    entry = lower_bound(problem, current, entering=True)
    cap = int(max_moved * problem.n)
    if before.feasible:
        return RebalancePlan(
            current, [], bound, entry, before, before, False, round(time.perf_counter() - start, 2)
        )
    adj = problem.neighbours()
    fixed = set(problem.locked) | set(problem.pinned.values())
    groups = district_groups(problem)
    centres = [medoid(problem, np.flatnonzero(current == d)) for d in range(problem.k)]
    dist = problem.distances_from(centres)
    bands = _rebalance_bands(bands_of(problem))
    span = max(float(np.nanmax(dist[np.isfinite(dist)])), 1e-9)
    cost = (np.arange(problem.k)[None, :] != current[:, None]).astype(float)
    cost += 0.01 * dist.T / span
    # openings and closures may have split districts: reconnect them first
    labels = repair(current, problem.k, adj, fixed)
    for _ in range(2):
        if evaluate(problem, labels).feasible:
            break
        allowed = _movable(problem, labels, adj, hops, groups, fixed)
        budget = max(0, cap - int(np.sum(labels != current)))
        step = assign(cost, allowed, problem.matrix(), bands, current=labels, max_moves=budget)
        labels = repair(step, problem.k, adj, fixed, home=labels)
    search = Polish(
        labels.tolist(),
        problem.matrix(),
        bands,
        dist,
        problem.unit_weights(),
        adj,
        fixed,
        None if problem.groups is None else problem.groups.tolist(),
        groups,
        home=current.tolist(),
        move_cost=MOVE_COST,
        compactness=0.0,
    )
    search.run(passes=passes, seed=seed, deadline=start + time_limit_s)
    labels = undo_needless_moves(problem, current, np.asarray(search.labels, dtype=np.int64))
    moved = np.flatnonzero(labels != current).tolist()
    capped = len(moved) > cap
    if capped:  # undo the moves the search added beyond the cap, the least useful first
        labels, moved = _enforce_cap(problem, current, labels, moved, cap, adj)
    quality = evaluate(problem, labels)
    return RebalancePlan(
        labels,
        moved,
        bound,
        entry,
        before,
        quality,
        capped or not quality.feasible,
        round(time.perf_counter() - start, 2),
    )


def _movable(
    problem: PartitionProblem,
    labels: NDArray[np.int64],
    adj: list[list[int]],
    hops: int,
    groups: list[int],
    fixed: set[int],
) -> NDArray[np.bool_]:
    """Where each unit may go: districts within `hops` (of its own group); units whose
    departure would split their district, and fixed units, stay."""
    allowed = nearby_districts(labels.tolist(), adj, problem.k, hops)
    if problem.groups is not None:
        allowed &= problem.groups[:, None] == np.asarray(groups)[None, :]
    allowed[np.arange(problem.n), labels] = True
    for unit in fixed | articulation_units(labels.tolist(), adj, problem.k):
        allowed[unit] = False
        allowed[unit, labels[unit]] = True
    return allowed


def _rebalance_bands(bands: Bands) -> Bands:
    """Aim at the tolerance itself (a hair inside, for rounding): a rebalance moves retailers
    only to end a breach, never to chase a tighter balance."""
    return Bands(bands.mean, bands.tolerance * 0.98, 1.0, bands.priority)


def _enforce_cap(
    problem: PartitionProblem,
    current: NDArray[np.int64],
    labels: NDArray[np.int64],
    moved: list[int],
    cap: int,
    adj: list[list[int]],
) -> tuple[NDArray[np.int64], list[int]]:
    out = labels.copy()
    for unit in sorted(moved, key=lambda u: -problem.matrix()[u, 0])[cap:]:
        out[unit] = current[unit]
    out = repair(out, problem.k, adj, set(problem.locked), home=current)
    return out, np.flatnonzero(out != current).tolist()


def undo_needless_moves(
    problem: PartitionProblem, current: NDArray[np.int64], labels: NDArray[np.int64]
) -> NDArray[np.int64]:
    """Send moved units back home wherever that keeps both districts connected and no
    district's deviation on a measure with a tolerance leaves its band or, if already out of
    it, grows: the plan stays as balanced as it was, with fewer moves. Passes repeat until
    nothing more goes back (each pass in unit order, so the result is deterministic)."""
    out = labels.copy()
    q = problem.matrix()
    mean = np.maximum(q.sum(axis=0) / problem.k, 1e-12)
    tol = np.array([problem.tolerance.get(m, np.inf) for m in problem.names])
    totals = np.zeros((problem.k, q.shape[1]))
    np.add.at(totals, out, q)
    adj = problem.neighbours()
    fixed = set(problem.locked) | set(problem.pinned.values())

    def allowed(before: NDArray[np.float64], after: NDArray[np.float64]) -> bool:
        old, new = np.abs(before / mean - 1), np.abs(after / mean - 1)
        return bool(np.all(new <= np.maximum(tol, old) + 1e-12))

    changed = True
    while changed:
        changed = False
        for u in np.flatnonzero(out != current).tolist():
            a, b = int(out[u]), int(current[u])
            if u in fixed or not any(out[v] == b for v in adj[u]):
                continue
            if np.sum(out == a) < 2 or not removable(u, out.tolist(), adj):
                continue
            if allowed(totals[a], totals[a] - q[u]) and allowed(totals[b], totals[b] + q[u]):
                out[u] = b
                totals[a] -= q[u]
                totals[b] += q[u]
                changed = True
    return out
