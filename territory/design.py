"""Design k balanced, compact, connected districts from scratch (location–allocation).

Each round: place centres, assign units by the balanced-assignment LP (compactness as cost,
measures in elastic bands), repair connectedness, polish the borders by local search, then move
each centre to its district's medoid. The best round wins (fewest and smallest misses, then
most compact). Compact rounds often miss a band by a hair, so the most compact of them are then
settled: the fewest-moves rebalance brings one inside every band, and it wins when it is more
compact than the best round. Rounds, passes and the settling's search nodes are counted, so a
fixed seed gives the same plan when the time limit does not cut it short (on the city, the
settling's deepest solve is what it most often cuts).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.cluster.vq import kmeans2

from graph.errors import InvalidInput
from graph.progress import Progress
from territory.assignment import Bands, assign
from territory.contiguity import repair
from territory.districts import bands_of, district_groups, medoid
from territory.metrics import Quality, evaluate
from territory.polish import Polish
from territory.problem import PartitionProblem
from territory.rebalance.partition import rebalance_partition
from territory.transfer import balance_by_transfers

log = logging.getLogger(__name__)


ROUNDS_SHARE = 0.8
"""Share of the time limit for the rounds; the settling's follows. A round starts only if
its assignment and balance, as long as the longest so far, end within this share."""
SETTLE_END = 0.95
"""The settling starts no search past this share of the time limit (its last checks run on)."""
SETTLE_SHARE = 0.05
"""At most this share of units moves when a round is settled into its bands."""
NEAR = 1.5
"""Only rounds whose every deviation is within this multiple of its tolerance are settled (a
round far outside, e.g. under a tolerance no plan can meet, is not worth the search)."""


@dataclass(frozen=True)
class Partition:
    labels: NDArray[np.int64]
    centres: list[int]
    quality: Quality
    rounds: int
    """The round the plan comes from."""
    seconds: float
    settled: int = 0
    """Units the settling moved to bring that round inside its bands."""


def initial_centres(problem: PartitionProblem, groups: list[int], seed: int) -> list[int]:
    """Medoids of a k-means clustering (k-means++ start) of each group's units, pinned
    centres kept: centres sit where the units are dense."""
    xy = problem.xy if problem.xy is not None else _embedding(problem)
    centres = [-1] * problem.k
    for g in sorted(set(groups)):
        slots = [d for d in range(problem.k) if groups[d] == g]
        members = (
            np.arange(problem.n) if problem.groups is None else np.flatnonzero(problem.groups == g)
        )
        if len(slots) == 1:
            centres[slots[0]] = medoid(problem, members)
            continue
        _, labels = kmeans2(xy[members], len(slots), minit="++", seed=seed + g, iter=20)
        for slot, part in zip(slots, range(len(slots))):
            chosen = members[labels == part]
            centres[slot] = medoid(problem, chosen if len(chosen) else members)
    for d, unit in problem.pinned.items():
        centres[d] = unit
    return _distinct(centres, problem)


def _distinct(centres: list[int], problem: PartitionProblem) -> list[int]:
    """Replace repeated centres (empty clusters) by unused units far from the others."""
    used: set[int] = set()
    for d, c in enumerate(centres):
        if c in used or c < 0:
            dist = problem.distances_from(sorted(used)).min(axis=0)
            dist[sorted(used)] = -1
            c = int(np.argmax(dist))
            centres[d] = c
        used.add(c)
    return centres


def _embedding(problem: PartitionProblem) -> NDArray[np.float64]:
    """Planar stand-in positions for a graph without coordinates: distances from two far
    apart units (enough to cut the graph into balanced, compact pieces)."""
    first = problem.distances_from([0])[0]
    a = int(np.argmax(np.where(np.isfinite(first), first, -1)))
    da = problem.distances_from([a])[0]
    b = int(np.argmax(np.where(np.isfinite(da), da, -1)))
    db = problem.distances_from([b])[0]
    big = np.nanmax(np.where(np.isfinite(da), da, np.nan))
    return np.column_stack([np.nan_to_num(da, posinf=big), np.nan_to_num(db, posinf=big)])


def _allowed(
    problem: PartitionProblem, dist: NDArray[np.float64], groups: list[int], candidates: int
) -> NDArray[np.bool_]:
    """(n, k): each unit may join its nearest `candidates` districts of its own group; a
    locked unit or a pinned centre only its own district."""
    n, k = problem.n, problem.k
    masked = dist.T.copy()
    if problem.groups is not None:
        same = problem.groups[:, None] == np.asarray(groups)[None, :]
        masked[~same] = np.inf
    order = np.argsort(masked, axis=1)[:, :candidates]
    allowed = np.zeros((n, k), dtype=bool)
    np.put_along_axis(allowed, order, True, axis=1)
    allowed &= np.isfinite(masked)
    for unit, d in problem.locked.items():
        allowed[unit] = False
        allowed[unit, d] = True
    for d, unit in problem.pinned.items():
        allowed[unit] = False
        allowed[unit, d] = True
    return allowed


def balance(
    problem: PartitionProblem,
    labels: NDArray[np.int64],
    bands: Bands,
    adj: list[list[int]],
    dist: NDArray[np.float64],
    fixed: set[int],
) -> list[int]:
    """Chain transfers on the tight measures (priority ≥ 1) down to their aim band."""
    tight = np.where(bands.priority >= 1.0, bands.priority, 0.0)
    if not tight.any():
        return [int(x) for x in labels]
    band = float(np.min(bands.tolerance[tight > 0])) * bands.aim
    return balance_by_transfers(
        labels.tolist(), problem.matrix(), bands.mean, tight, band, adj, dist, fixed
    )


def _score(quality: Quality, priority: dict[str, float]) -> tuple[bool, float, float]:
    """Connected first, then the priority-weighted excess over tolerance, then compactness."""
    excess = sum(
        (abs(m.deviation) - m.tolerance) * priority.get(m.measure, 1.0) for m in quality.misses
    )
    return (not quality.contiguous, round(excess, 6), quality.compactness)


def _silent(stage: str, done: int, total: int) -> None:
    """No progress to report."""


def _best(found: list[Partition], problem: PartitionProblem) -> Partition:
    return min(found, key=lambda f: _score(f.quality, problem.priority))


def design_partition(
    problem: PartitionProblem,
    *,
    seed: int = 7,
    rounds: int = 4,
    passes: int = 30,
    candidates: int = 6,
    time_limit_s: float = 60.0,
    settle: bool = True,
    progress: Progress | None = None,
) -> Partition:
    """The best of `rounds` location–allocation rounds, settled into the bands when `settle`
    (see the module docstring), within `time_limit_s`.

    Progress counts three steps a round (``design``: assignment, balance, polish), then the
    rounds tried in the settling (``settle``). Raises InvalidInput for a time limit ≤ 0.
    """
    if not time_limit_s > 0:
        raise InvalidInput(f"time limit: {time_limit_s} seconds must be > 0")
    start = time.perf_counter()
    report = progress or _silent
    report("design", 0, 3 * rounds)
    deadline = start + time_limit_s * ROUNDS_SHARE
    groups = district_groups(problem)
    centres = initial_centres(problem, groups, seed)
    adj = problem.neighbours()
    q = problem.matrix()
    bands = bands_of(problem)
    fixed = problem.fixed
    found: list[Partition] = []
    longest = 0.0  # the longest assignment and balance of a round so far, in seconds
    for r in range(rounds):
        began = time.perf_counter()
        dist = problem.distances_from(centres)
        allowed = _allowed(problem, dist, groups, min(candidates, problem.k))
        cost = (dist**2).T
        labels = repair(assign(cost, allowed, q, bands), problem.k, adj, fixed)
        report("design", 3 * r + 1, 3 * rounds)
        labels = np.asarray(balance(problem, labels, bands, adj, dist, fixed), dtype=np.int64)
        report("design", 3 * r + 2, 3 * rounds)
        longest = max(longest, time.perf_counter() - began)
        search = Polish.of(problem, labels, bands, dist, groups)
        search.run(passes=passes, seed=seed + r, deadline=deadline)
        labels = np.asarray(search.labels, dtype=np.int64)
        quality = evaluate(problem, labels)
        log.info(
            "round %d: balance %s, misses %d, contiguous %s, compactness %.3f",
            r + 1,
            quality.balance,
            len(quality.misses),
            quality.contiguous,
            quality.compactness,
        )
        found.append(Partition(labels, list(centres), quality, r + 1, 0.0))
        report("design", 3 * r + 3, 3 * rounds)
        moved = [
            problem.pinned.get(d, medoid(problem, np.flatnonzero(labels == d)))
            if np.any(labels == d)
            else centres[d]
            for d in range(problem.k)
        ]
        if moved == centres or time.perf_counter() + longest > deadline:
            break
        centres = moved
    report("design", 3 * rounds, 3 * rounds)
    end = start + time_limit_s * SETTLE_END
    best = (
        settle_best(problem, found, seed=seed, deadline=end, progress=report)
        if settle
        else _best(found, problem)
    )
    seconds = round(time.perf_counter() - start, 2)
    return Partition(best.labels, best.centres, best.quality, best.rounds, seconds, best.settled)


def settle_best(
    problem: PartitionProblem,
    found: list[Partition],
    *,
    seed: int,
    deadline: float,
    progress: Progress | None = None,
) -> Partition:
    """The best of `found`, or the most compact of the connected rounds near their bands and
    more compact than it that the fewest-moves rebalance (at most `SETTLE_SHARE` of the units)
    brings inside every band, when one is."""
    best = _best(found, problem)
    tries = sorted(
        (
            f
            for f in found
            if f.quality.contiguous
            and not f.quality.feasible
            and all(abs(m.deviation) <= NEAR * m.tolerance for m in f.quality.misses)
            and (f is best or f.quality.compactness < best.quality.compactness)
        ),
        key=lambda f: f.quality.compactness,
    )
    for i, part in enumerate(tries):
        if progress:
            progress("settle", i, len(tries))
        left = deadline - time.perf_counter()
        if left <= 0:
            break
        plan = rebalance_partition(
            problem, part.labels, max_moved=SETTLE_SHARE, seed=seed, time_limit_s=left, relax=False
        )
        if plan.quality.feasible:
            return Partition(
                plan.labels, part.centres, plan.quality, part.rounds, 0.0, len(plan.moved)
            )
    return best
