"""Lower bounds on the moves any rebalance needs, counting the geography.

A district above an upper limit must lose units; one below a lower limit must gain them. The
units that leave a district must reach their new one through units that leave too (districts
stay connected), so a unit `h` hops inside the border can only be among the leavers when at
least `h` units leave; likewise a unit `h` hops outside a district can only enter it with at
least `h` entering. The bound per district is the least `s` for which the `s` largest units
within `s` hops cover the gap (without the hop rule it is the issue's plain bound: the fewest
of the largest units). Leavers of different districts are different units, and so are
entrants, so the per-district bounds add up; every move is one leaver and one entrant, so
the moves are at least the larger of the two sums.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from territory.metrics import totals_by_district


@dataclass(frozen=True)
class MoveBounds:
    leaving: int
    """Units that must leave districts above their upper limits."""
    entering: int
    """Units that must enter districts below their lower limits."""

    @property
    def moves(self) -> int:
        return max(self.leaving, self.entering)


def hops(
    sources: NDArray[np.bool_],
    passable: NDArray[np.bool_],
    adj: Sequence[Sequence[int]],
    limit: float = np.inf,
) -> NDArray[np.float64]:
    """Edges from the nearest source to each unit through passable units (inf: unreachable,
    or farther than `limit`).

    >>> path = [[1], [0, 2], [1, 3], [2]]
    >>> hops(np.array([1, 0, 0, 0], bool), np.array([0, 1, 1, 1], bool), path).tolist()
    [0.0, 1.0, 2.0, 3.0]
    >>> hops(np.array([1, 0, 0, 0], bool), np.array([0, 1, 1, 1], bool), path, 1).tolist()
    [0.0, 1.0, inf, inf]
    """
    start = np.flatnonzero(sources).tolist()
    ok = passable.tolist()
    out = [np.inf] * len(adj)
    for u in start:
        out[u] = 0.0
    queue = deque(start)
    while queue:
        u = queue.popleft()
        if out[u] >= limit:
            continue
        for v in adj[u]:
            if ok[v] and out[v] == np.inf:
                out[v] = out[u] + 1
                queue.append(v)
    return np.array(out)


def fewest_within_reach(values: NDArray[np.float64], reach: NDArray[np.float64], gap: float) -> int:
    """The least `s` whose `s` largest values among those within `s` hops reach `gap` (the
    number of reachable units when even all of them fall short).

    >>> fewest_within_reach(np.array([5.0, 1.0, 1.0]), np.array([3.0, 1.0, 2.0]), 6.0)
    3
    >>> fewest_within_reach(np.array([5.0, 1.0, 1.0]), np.array([3.0, 1.0, 2.0]), 2.0)
    2
    """
    if gap <= 1e-9:
        return 0
    ok = np.isfinite(reach) & (values > 0)
    order = np.argsort(reach[ok], kind="stable")
    vals, dist = values[ok][order], reach[ok][order]

    def covered(s: int) -> bool:
        pool = vals[: int(np.searchsorted(dist, s, side="right"))]
        return float(np.sort(pool)[::-1][:s].sum()) >= gap - 1e-9

    lo, hi = 1, len(vals)
    if not covered(hi):
        return hi
    while lo < hi:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if covered(mid) else (mid + 1, hi)
    return lo


def move_bounds(
    q: NDArray[np.float64],
    labels: NDArray[np.int64],
    lower: NDArray[np.float64],
    upper: NDArray[np.float64],
    adj: Sequence[Sequence[int]],
    fixed: frozenset[int] = frozenset(),
) -> MoveBounds:
    """Both sums of per-district bounds; `lower`/`upper` are (k, m) limits (±inf: none)."""
    k, m = lower.shape
    totals = totals_by_district(labels, q, k)
    free = np.ones(len(labels), dtype=bool)
    free[list(fixed)] = False
    leaving = entering = 0
    for d in range(k):
        inside = labels == d
        over, under = totals[d] - upper[d], lower[d] - totals[d]
        if np.any(over > 1e-9):
            reach = hops(~inside, inside, adj)
            reach[~(inside & free)] = np.inf
            leaving += max(fewest_within_reach(q[:, j], reach, over[j]) for j in range(m))
        if np.any(under > 1e-9):
            reach = hops(inside, ~inside, adj)
            reach[inside | ~free] = np.inf
            entering += max(fewest_within_reach(q[:, j], reach, under[j]) for j in range(m))
    return MoveBounds(leaving, entering)
