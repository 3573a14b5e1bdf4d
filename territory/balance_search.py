"""Bring a connected district plan inside its balance bands along the graph's own paths.

A tabu search over border moves that needs neither coordinates nor a dense graph. A move hands
a unit on a district's border to a neighbouring district; when the unit holds its district
together (a cut vertex, common when units have two or three neighbours), the pieces it would
cut off go with it, so both districts stay connected and a district can give from anywhere on
its border. Each iteration takes the move that leaves the least total excess over the bands
(in units of each measure's mean), then the least squared deviation from the middle of the
bands (which steers it across plateaus), even when that is worse than now, and forbids the moved
units from going straight back for a few iterations; the best plan seen is kept. When it stops
improving, the best plan is shaken by a few random moves, more each time (as in variable
neighbourhood search), and the search resumes from there. The stop rule
is the iteration count (a deadline only caps it), so a seed gives the same plan.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from territory.contiguity import components, removable

TENURE = (5, 12)
PATIENCE = 150
"""Iterations without a better plan before the best plan is shaken and the search resumes."""
SHAKE = 3
SHAKES = 4
"""A shake makes SHAKE random moves, then 2 × SHAKE, … up to SHAKES × SHAKE, then again."""
"""Moved units may not return to the district they left for this many iterations (drawn)."""


@dataclass(frozen=True)
class Move:
    """`units` go from `source` to `target`; in a swap, `back` go the other way."""

    units: tuple[int, ...]
    source: int
    target: int
    back: tuple[int, ...] = ()


@dataclass
class _Search:
    labels: list[int]
    q: NDArray[np.float64]
    lower: NDArray[np.float64]
    upper: NDArray[np.float64]
    scale: NDArray[np.float64]
    adj: Sequence[Sequence[int]]
    fixed: set[int]
    totals: NDArray[np.float64] = field(init=False)
    members: list[set[int]] = field(init=False)
    branches: dict[int, dict[int, tuple[int, ...] | None]] = field(init=False)

    def __post_init__(self) -> None:
        k = max(self.labels) + 1
        self.totals = np.zeros((k, self.q.shape[1]))
        np.add.at(self.totals, np.asarray(self.labels), self.q)
        self.members = [set() for _ in range(k)]
        for u, d in enumerate(self.labels):
            self.members[d].add(u)
        self.branches = {}

    def excess(self, totals: NDArray[np.float64]) -> NDArray[np.float64]:
        """Excess over the bands of (…, m) totals, summed over measures."""
        over = np.maximum(totals - self.upper, 0) + np.maximum(self.lower - totals, 0)
        return np.asarray((over / self.scale).sum(axis=-1))

    def spread(self, totals: NDArray[np.float64]) -> NDArray[np.float64]:
        """Squared deviation from the middle of the bands of (…, m) totals, summed over
        measures: what guides the search where the excess is flat (inside the bands)."""
        middle = (self.lower + self.upper) / 2
        return np.asarray((((totals - middle) / self.scale) ** 2).sum(axis=-1))

    def branch(self, unit: int) -> tuple[int, ...] | None:
        """The units that leave with `unit`: itself, plus what it alone joins to the rest
        of its district (all but the heaviest piece); None when one of them is fixed."""
        d = self.labels[unit]
        cached = self.branches.setdefault(d, {})
        if unit in cached:
            return cached[unit]
        out: tuple[int, ...] | None = (unit,)
        if len(self.members[d]) < 2 or unit in self.fixed:
            out = None
        elif not removable(unit, self.labels, self.adj):
            pieces = components(self.members[d] - {unit}, self.adj)
            weight = self.q / self.scale
            pieces.sort(key=lambda p: (-float(weight[p].sum()), p[0]))
            carried = sorted({unit, *(u for p in pieces[1:] for u in p)})
            out = None if self.fixed.intersection(carried) else tuple(carried)
        cached[unit] = out
        return out

    def moves(self, violated: set[int]) -> list[Move]:
        """Every border move that touches a district in `violated`, and the swaps of single
        units between such a district and its neighbours."""
        found = []
        single: dict[tuple[int, int], list[int]] = {}
        for u, d in enumerate(self.labels):
            targets = sorted({self.labels[v] for v in self.adj[u]} - {d})
            if not targets:
                continue
            units = self.branch(u)
            if units is None:
                continue
            for t in targets:
                if d in violated or t in violated:
                    found.append(Move(units, d, t))
                    if units == (u,):
                        single.setdefault((d, t), []).append(u)
        for (a, b), out in single.items():
            if a > b or (a not in violated and b not in violated):
                continue
            for u in out:
                for v in single.get((b, a), []):
                    if self._swappable(u, v):
                        found.append(Move((u,), a, b, (v,)))
        return found

    def around(self, districts: set[int]) -> set[int]:
        """The districts and their neighbours: where a chain of moves can make room."""
        out = set(districts)
        for u, d in enumerate(self.labels):
            if d in districts:
                out.update(self.labels[v] for v in self.adj[u])
        return out

    def _swappable(self, u: int, v: int) -> bool:
        """Whether `u` and `v` of two neighbouring districts can trade places and leave both
        connected: each must still touch its new district without the other."""
        a, b = self.labels[u], self.labels[v]
        return any(self.labels[w] == b for w in self.adj[u] if w != v) and any(
            self.labels[w] == a for w in self.adj[v] if w != u
        )

    def carried(self, move: Move) -> NDArray[np.float64]:
        """What the move takes from its source to its target, net of a swap's return."""
        out = self.q[list(move.units)].sum(axis=0)
        return np.asarray(out - self.q[list(move.back)].sum(axis=0)) if move.back else out

    def apply(self, move: Move) -> None:
        moved = self.carried(move)
        self.totals[move.source] -= moved
        self.totals[move.target] += moved
        for units, a, b in (
            (move.units, move.source, move.target),
            (move.back, move.target, move.source),
        ):
            for u in units:
                self.labels[u] = b
                self.members[a].discard(u)
                self.members[b].add(u)
        self.branches.pop(move.source, None)
        self.branches.pop(move.target, None)


def search_balance(
    labels: Sequence[int],
    q: NDArray[np.float64],
    lower: NDArray[np.float64],
    upper: NDArray[np.float64],
    adj: Sequence[Sequence[int]],
    fixed: set[int],
    *,
    seed: int = 7,
    iterations: int = 3000,
    deadline: float | None = None,
) -> list[int]:
    """Labels of connected districts whose totals of the (n, m) measures `q` lie within the
    (m,) `lower`/`upper` when the search finds such a plan within `iterations` moves, else the
    plan with the least excess seen. `labels` must be connected districts numbered from 0;
    `fixed` units never move."""
    k = max(labels) + 1
    mean = np.maximum(q.sum(axis=0) / k, 1e-12)
    search = _Search(list(labels), q, lower, upper, mean, adj, fixed)
    rng = np.random.default_rng(seed)
    best, best_excess = list(search.labels), float(search.excess(search.totals).sum())
    tabu: dict[tuple[int, int], int] = {}
    since, shakes = 0, 0
    for step in range(iterations):
        if since >= PATIENCE:  # shake the best plan harder each time (neighbourhoods grow)
            shakes += 1
            search = _Search(list(best), q, lower, upper, mean, adj, fixed)
            for _ in range(SHAKE * (1 + (shakes - 1) % SHAKES)):
                options = search.moves(set(range(k)))
                search.apply(options[int(rng.integers(len(options)))])
            tabu.clear()
            since = 0
        if best_excess <= 0 or (deadline is not None and time.perf_counter() > deadline):
            break
        now = search.excess(search.totals)
        moves = search.moves(search.around({d for d in range(k) if now[d] > 0}))
        if not moves:
            break
        carried = np.array([search.carried(m) for m in moves])
        source = np.array([m.source for m in moves])
        target = np.array([m.target for m in moves])
        spread_now = float(search.spread(search.totals).sum())
        after = (
            now.sum()
            - now[source]
            - now[target]
            + search.excess(search.totals[source] - carried)
            + search.excess(search.totals[target] + carried)
        )
        spread = (
            spread_now
            - search.spread(search.totals[source])
            - search.spread(search.totals[target])
            + search.spread(search.totals[source] - carried)
            + search.spread(search.totals[target] + carried)
        )
        sizes = np.array([len(m.units) + len(m.back) for m in moves])
        barred = np.array(
            [
                any(tabu.get((u, m.target), -1) >= step for u in m.units)
                or any(tabu.get((u, m.source), -1) >= step for u in m.back)
                for m in moves
            ]
        )
        allowed = ~barred | (after < best_excess - 1e-12)
        if not allowed.any():  # every move is barred: let the tabu list go
            allowed[:] = True
            tabu.clear()
        order = np.lexsort(
            (rng.random(len(moves)), sizes, spread, np.where(allowed, after.round(9), np.inf))
        )
        move = moves[int(order[0])]
        search.apply(move)
        hold = step + int(rng.integers(*TENURE))
        for u in move.units:
            tabu[(u, move.source)] = hold
        for u in move.back:
            tabu[(u, move.target)] = hold
        value = float(after[order[0]])
        since += 1
        if value < best_excess - 1e-12:
            best, best_excess, since = list(search.labels), value, 0
    return best
