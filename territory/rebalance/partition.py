"""Rebalance an existing partition: restore the tolerances moving as few units as possible.

Every move changes a retailer's manager, agent and driver, so the plan starts from the current
districts: pieces that openings and closures cut off are reconnected, then an integer program
takes the fewest border moves (chains up to a few hops deep) that bring every district inside
its bands (`fewest_moves`); when no such moves exist, a local search with a high price per
move settles the rest. A final pass sends needless moves back. The lower bounds
(`move_bounds`) count the units that must leave districts above their upper limits and enter
those below their lower limits, each within reach of the border; `move_relaxation` gives a
stronger one from a relaxation of the whole problem.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from graph.errors import InvalidInput
from territory.assignment import Bands
from territory.contiguity import removable, repair
from territory.districts import bands_of, district_groups, medoid
from territory.metrics import Quality, evaluate, totals_by_district
from territory.polish import Polish
from territory.problem import PartitionProblem
from territory.rebalance.fewest_moves import MoveProblem, Moves, fewest_moves
from territory.rebalance.move_bounds import MoveBounds, move_bounds
from territory.rebalance.move_relaxation import relaxed_move_bound

MOVE_COST = 50.0
"""Price of one move in the local search (a 100% balance breach costs 1e6 per district)."""
FEWEST_SHARE = 0.8
"""Share of the time limit for the integer program (the rest is for the local search, when
the program's moves fall short). The relaxed bound starts beside it, as soon as the first
of its two solves has a plan, and has until the time limit."""
MIN_SEARCH_S = 0.1
"""The least time a solve is given when the time limit is spent (HiGHS needs a positive
one); more would let the plan run past the limit."""
HAIR = 0.995
"""Plans aim a hair inside each tolerance, so rounding in the report cannot tip one over."""


@dataclass(frozen=True)
class RebalancePlan:
    labels: NDArray[np.int64]
    moved: list[int]
    """Units whose district changed."""
    reconnected: list[int]
    """Units first moved because openings and closures had cut them off from their district."""
    bounds: MoveBounds
    """Units that must leave districts above, and enter districts below, their limits."""
    relaxed: int
    """The fewest moves of a relaxation of the problem (at most the plan's); 0 when no plan
    came early enough to start it within the time limit."""
    quality_before: Quality
    quality: Quality
    capped: bool
    """True when the cap on moves stopped the plan short of its tolerances."""
    optimal: bool
    """True when HiGHS proved the plan's moves within its gap (2% deep, 10% shallow) of the
    fewest among the border moves tried."""
    seconds: float

    @property
    def lower_bound(self) -> int:
        """No plan moves fewer units: the larger of the two bounds."""
        return max(self.bounds.moves, self.relaxed)


def limits(
    problem: PartitionProblem, share: float = 1.0
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """(k, m) lower and upper limits: the mean ∓ `share` × tolerance (±inf without one)."""
    mean = problem.matrix().sum(axis=0) / problem.k
    tol = np.array([problem.tolerance.get(m, np.inf) for m in problem.names]) * share
    lower = np.where(np.isfinite(tol), mean * (1 - tol), -np.inf)
    upper = np.where(np.isfinite(tol), mean * (1 + tol), np.inf)
    return np.tile(lower, (problem.k, 1)), np.tile(upper, (problem.k, 1))


def move_limits(
    problem: PartitionProblem, labels: NDArray[np.int64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """(k, m) limits the moves must reach: a hair inside each tolerance, except that a district
    already within a tolerance only must not get worse (it need not move closer to the mean)."""
    lower, upper = limits(problem, HAIR)
    outer_lower, outer_upper = limits(problem)
    totals = totals_by_district(labels, problem.matrix(), problem.k)
    inside = (totals >= outer_lower) & (totals <= outer_upper)
    return np.where(inside, np.minimum(lower, totals), lower), np.where(
        inside, np.maximum(upper, totals), upper
    )


def lower_bounds(problem: PartitionProblem, labels: NDArray[np.int64]) -> MoveBounds:
    """The geography-aware bounds of `move_bounds` at the problem's tolerances."""
    lower, upper = limits(problem)
    return move_bounds(
        problem.matrix(), labels, lower, upper, problem.neighbours(), frozenset(problem.fixed)
    )


def rebalance_partition(
    problem: PartitionProblem,
    current: NDArray[np.int64],
    *,
    max_moved: float = 0.10,
    depth: int = 6,
    node_limit: int = 5000,
    seed: int = 7,
    passes: int = 30,
    time_limit_s: float = 30.0,
    relax: bool = True,
) -> RebalancePlan:
    """A plan within tolerance that moves few units and never more than `max_moved` of them:
    reconnect what openings and closures split, take the fewest border moves that restore the
    bands (chains up to `depth` hops, in `FEWEST_SHARE` of the time), and polish only when
    they cannot; with `relax`, the relaxed bound beside them, until the time limit.
    Raises InvalidInput for a time limit ≤ 0."""
    if not time_limit_s > 0:
        raise InvalidInput(f"time limit: {time_limit_s} seconds must be > 0")
    start = time.perf_counter()
    before = evaluate(problem, current)
    bounds = lower_bounds(problem, current)
    cap = int(max_moved * problem.n)
    if before.feasible:
        seconds = round(time.perf_counter() - start, 2)
        return RebalancePlan(current, [], [], bounds, 0, before, before, False, True, seconds)
    adj = problem.neighbours()
    fixed = problem.fixed
    groups = district_groups(problem)
    labels = repair(current, problem.k, adj, fixed)
    reconnected = np.flatnonzero(labels != current).tolist()
    centres = [medoid(problem, np.flatnonzero(labels == d)) for d in range(problem.k)]
    dist = problem.distances_from(centres)
    lower, upper = move_limits(problem, labels)
    bound_lower, bound_upper = limits(problem)

    def relaxed_bound(below: int) -> int:
        return relaxed_move_bound(
            problem.matrix(),
            current,
            bound_lower,
            bound_upper,
            adj,
            below,
            fixed=frozenset(fixed),
            groups=problem.groups,
            district_group=groups,
            time_limit_s=max(start + time_limit_s - time.perf_counter(), MIN_SEARCH_S),
        )

    with ThreadPoolExecutor(max_workers=1) as side:
        early = _FirstPlanBound(relaxed_bound, side, current)
        moves = fewest_moves(
            MoveProblem(
                problem.matrix(),
                labels,
                lower,
                upper,
                adj,
                frozenset(fixed),
                max(0, cap - int(np.sum(labels != current))),
                dist,
                problem.groups,
                groups,
            ),
            depth=depth,
            node_limit=node_limit,
            time_limit_s=max(
                start + time_limit_s * FEWEST_SHARE - time.perf_counter(), MIN_SEARCH_S
            ),
            on_plan=early.offer if relax else None,
        )
        labels = repair(moves.labels, problem.k, adj, fixed, home=current)
        if not evaluate(problem, labels).feasible:
            search = Polish.of(
                problem,
                labels,
                _rebalance_bands(bands_of(problem)),
                dist,
                groups,
                home=current.tolist(),
                move_cost=MOVE_COST,
                compactness=0.0,
            )
            search.run(passes=passes, seed=seed, deadline=start + time_limit_s)
            labels = np.asarray(search.labels, dtype=np.int64)
        labels = undo_needless_moves(problem, current, labels)
        moved = np.flatnonzero(labels != current).tolist()
        capped = len(moved) > cap
        if capped:  # undo the moves beyond the cap, the least useful first
            labels, moved = _enforce_cap(problem, current, labels, moved, cap, adj)
        late = time.perf_counter() > start + time_limit_s * FEWEST_SHARE
        bound = early.result(labels, late=late) if relax else None
        relaxed = 0 if bound is None else min(bound, len(moved))
    quality = evaluate(problem, labels)
    return RebalancePlan(
        labels,
        moved,
        [u for u in reconnected if labels[u] != current[u]],
        bounds,
        relaxed,
        before,
        quality,
        capped or not quality.feasible,
        moves.optimal,
        round(time.perf_counter() - start, 2),
    )


@dataclass
class _FirstPlanBound:
    """The relaxed bound, solved in a thread of its own from the first plan offered that
    meets the bands (its moves from `current` cap the bound's search) while the other solve
    goes on."""

    solve: Callable[[int], int]
    pool: ThreadPoolExecutor
    current: NDArray[np.int64]
    job: Future[int] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def offer(self, plan: Moves) -> None:
        if plan.feasible:
            self._start(plan.labels)

    def result(self, labels: NDArray[np.int64], *, late: bool) -> int | None:
        """The bound, started from `labels` if no plan came before, unless it is `late`
        for that (the bound's solves run past a short limit): None then."""
        with self.lock:
            if self.job is None and late:
                return None
        return self._start(labels).result()

    def _start(self, labels: NDArray[np.int64]) -> Future[int]:
        with self.lock:
            if self.job is None:
                self.job = self.pool.submit(self.solve, int(np.sum(labels != self.current)))
            return self.job


def _rebalance_bands(bands: Bands) -> Bands:
    """Aim at the tolerance itself (a hair inside, for rounding): a rebalance moves retailers
    only to end a breach, never to chase a tighter balance."""
    return Bands(bands.mean, bands.tolerance * HAIR, 1.0, bands.priority)


def _enforce_cap(
    problem: PartitionProblem,
    current: NDArray[np.int64],
    labels: NDArray[np.int64],
    moved: list[int],
    cap: int,
    adj: list[list[int]],
) -> tuple[NDArray[np.int64], list[int]]:
    out = labels.copy()
    first = problem.matrix()[:, 0]
    for unit in sorted(moved, key=lambda u: -first[u])[cap:]:
        out[unit] = current[unit]
    out = repair(out, problem.k, adj, problem.fixed, home=current)
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
    totals = totals_by_district(out, q, problem.k)
    adj = problem.neighbours()
    fixed = problem.fixed

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
