"""The fewest border moves that bring every district inside its bands: an integer program.

Candidates are units moving into a district they touch (one hop), or up to `depth` hops away
together with a neighbour one hop nearer that moves too, so every moved unit reaches its new
district through moved units. Only districts outside their bands and their neighbours trade;
fixed units stay. A cut vertex (whose departure alone splits its district) moves only with
the small pieces it would cut off (`PENDANT` units at most) riding along. HiGHS
minimises the moves (ties broken by compactness) under the bands and a cap; when the bands
cannot be met it minimises the excess first. A plan whose moves split a district is cut off
and the program solved again, up to `rounds` times. When no plan among these candidates meets
the bands, the districts one ring further out trade too.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix, csr_matrix, hstack, identity

from territory.contiguity import articulation_units, components, is_connected, repair
from territory.metrics import totals_by_district
from territory.rebalance.move_bounds import hops

EXCESS_PRICE = 1e4
"""Moves one whole mean's excess over a band is worth, when the bands cannot all be met."""
MIP_GAP = 0.02
"""Relative optimality gap at which the deep solve stops: within 2% of the fewest moves."""
QUICK_GAP = 0.1
"""The shallow solve stops within 10%."""
SHALLOW = 3
"""Chain depth of the shallow solve, run beside the deep one: quick to solve, it stands when
the deep one finds no better plan in the time."""
RINGS = 2
"""When the districts next to those outside their bands cannot restore them, the next ring
of districts trades too."""
PENDANT = 4
"""Most units a cut vertex may take along when it moves."""


@dataclass(frozen=True)
class MoveProblem:
    """Plain data of one fewest-moves solve."""

    q: NDArray[np.float64]
    """(n, m) measures."""
    labels: NDArray[np.int64]
    lower: NDArray[np.float64]
    """(k, m) lower limits (-inf where a measure has none)."""
    upper: NDArray[np.float64]
    """(k, m) upper limits (+inf where none)."""
    adj: Sequence[Sequence[int]]
    fixed: frozenset[int]
    cap: int
    closeness: NDArray[np.float64] | None = None
    """(k, n) distance of each unit to each district's centre, to break ties (optional)."""
    groups: NDArray[np.int64] | None = None
    """Group of each unit; with `district_group`, units only join districts of their group."""
    district_group: Sequence[int] | None = None


@dataclass(frozen=True)
class Moves:
    labels: NDArray[np.int64]
    feasible: bool
    """True when every band holds (contiguity is the caller's to check)."""
    optimal: bool
    """True when HiGHS proved the moves within its gap of the fewest among its candidates."""
    rounds: int
    connected: bool = True
    """False when time ran out before the moves stopped splitting a district."""


@dataclass(frozen=True)
class Candidates:
    pairs: list[tuple[int, int]]
    """(unit, district) moves."""
    chains: dict[int, list[int]]
    """For a move deeper than one hop: the candidates one hop nearer, one of which must move
    along (so every moved unit reaches its new district through moved units)."""
    along: dict[int, list[int]]
    """For a cut vertex's move: the units of the pieces it cuts off, which move with it."""

    def units(self, c: int) -> list[int]:
        return [self.pairs[c][0], *self.along.get(c, [])]


def candidates(
    p: MoveProblem, depth: int = 2, rings: int = 1, cuts: set[int] | None = None
) -> Candidates:
    """The moves the program chooses from. Only districts outside their bands and those up to
    `rings` districts away trade; chains into or out of a district outside its bands go
    `depth` hops deep, others two. `cuts`: the cut vertices of the districts, when known."""
    labels = p.labels.tolist()
    off = _off_band(p)
    involved = set(off)
    for _ in range(rings):
        involved |= {
            labels[v] for u in range(len(labels)) if labels[u] in involved for v in p.adj[u]
        }
    if cuts is None:
        cuts = articulation_units(labels, p.adj, len(p.lower))
    free = np.isin(p.labels, sorted(involved))
    free[sorted(set(p.fixed) | cuts)] = False
    out = Candidates([], {}, {})
    for d in sorted(involved):
        inside = p.labels == d
        passable = free & ~inside
        if p.groups is not None and p.district_group is not None:
            passable &= p.groups == p.district_group[d]
        reach = hops(inside, passable, p.adj)
        index: dict[int, int] = {}
        for u in np.argsort(reach, kind="stable").tolist():
            h = reach[u]
            if h == 0:
                continue
            if h > depth:
                break
            if h > 2 and d not in off and labels[u] not in off:
                continue
            via = [index[v] for v in p.adj[u] if reach[v] == h - 1 and v in index]
            if h > 1 and not via:
                continue
            index[u] = len(out.pairs)
            if via:
                out.chains[len(out.pairs)] = via
            out.pairs.append((u, d))
        for u in sorted(cuts - set(p.fixed)):
            if labels[u] in involved and labels[u] != d and any(inside[v] for v in p.adj[u]):
                pendant = _pendant(u, labels, p.adj)
                if pendant is not None and _may_join(p, [u, *pendant], d):
                    out.along[len(out.pairs)] = pendant
                    out.pairs.append((u, d))
    return out


def _may_join(p: MoveProblem, units: list[int], d: int) -> bool:
    """Whether these units may all move into district `d` (none fixed, all of its group)."""
    if set(units) & p.fixed:
        return False
    return (
        p.groups is None
        or p.district_group is None
        or all(p.groups[v] == p.district_group[d] for v in units)
    )


def _pendant(u: int, labels: Sequence[int], adj: Sequence[Sequence[int]]) -> list[int] | None:
    """The units a cut vertex `u` would cut off from its district when at most `PENDANT` of
    them, else None. Each piece is searched only that far (the rest of the district is the
    piece too big to finish, or else the largest one); when the rest is in more than one big
    piece, the program's split check catches the plan."""
    d, seen = labels[u], {u}
    small: list[list[int]] = []
    whole = True
    for start in adj[u]:
        if labels[start] != d or start in seen:
            continue
        piece, queue = [start], [start]
        seen.add(start)
        while queue and len(piece) <= PENDANT:
            for v in adj[queue.pop()]:
                if labels[v] == d and v not in seen:
                    seen.add(v)
                    piece.append(v)
                    queue.append(v)
        if queue or len(piece) > PENDANT:
            whole = False
        else:
            small.append(piece)
    if whole and small:
        small.remove(max(small, key=len))
    out = sorted(v for piece in small for v in piece)
    return out if 0 < len(out) <= PENDANT else None


def fewest_moves(
    p: MoveProblem,
    *,
    depth: int = 2,
    node_limit: int = 5000,
    time_limit_s: float = 10.0,
    rounds: int = 8,
    on_plan: Callable[[Moves], None] | None = None,
) -> Moves:
    """The plan with the fewest moves among the candidates (see the module docstring): with
    chains `depth` hops deep (solved to `MIP_GAP`) and, in a second thread, `SHALLOW` hops
    deep (to `QUICK_GAP`, quick to solve), each until `time_limit_s`; the better plan wins.
    Each solve also stops after `node_limit` branch-and-bound nodes. `on_plan` gets each
    solve's plan as it comes, in that solve's thread (the shallow one is usually first)."""
    deadline = time.perf_counter() + time_limit_s
    cuts = articulation_units(p.labels.tolist(), p.adj, len(p.lower))
    tries = [(depth, MIP_GAP)] + [(SHALLOW, QUICK_GAP)] * (depth > SHALLOW)
    with ThreadPoolExecutor(max_workers=len(tries)) as pool:  # HiGHS releases the GIL
        runs = [
            pool.submit(_widening, p, chain_depth, gap, cuts, node_limit, deadline, rounds, on_plan)
            for chain_depth, gap in tries
        ]
        plans = [m for m in (r.result() for r in runs) if m is not None]
    if not plans:
        return Moves(p.labels.copy(), _within(p, p.labels), True, 0)
    return min(plans, key=lambda m: _rank(m, p))


def _widening(
    p: MoveProblem,
    chain_depth: int,
    gap: float,
    cuts: set[int],
    node_limit: int,
    deadline: float,
    rounds: int,
    on_plan: Callable[[Moves], None] | None,
) -> Moves | None:
    """The best plan with chains `chain_depth` deep, the next ring of districts joining in
    while none meets the bands (handed to `on_plan` too)."""
    best: Moves | None = None
    for rings in range(1, RINGS + 1):
        found = candidates(p, chain_depth, rings, cuts)
        if not found.pairs or deadline <= time.perf_counter():
            break
        moves = _fewest_among(p, found, node_limit, deadline, rounds, gap)
        if best is None or _rank(moves, p) < _rank(best, p):
            best = moves
        if moves.feasible:
            break
    if best is not None and on_plan is not None:
        on_plan(best)
    return best


def _rank(moves: Moves, p: MoveProblem) -> tuple[bool, bool, int]:
    """Connected and within the bands first, then fewer moves."""
    return (not moves.connected, not moves.feasible, int(np.sum(moves.labels != p.labels)))


def _off_band(p: MoveProblem) -> set[int]:
    totals = totals_by_district(p.labels, p.q, len(p.lower))
    return set(np.flatnonzero(np.any((totals < p.lower) | (totals > p.upper), axis=1)).tolist())


def _fewest_among(
    p: MoveProblem,
    found: Candidates,
    node_limit: int,
    deadline: float,
    rounds: int,
    gap: float,
) -> Moves:
    """The fewest-moves plan among the candidates, re-solved with a cut for each split
    district. When time or rounds run out on a split plan, its stray pieces are rejoined
    (`repair`) and the plan counts if it still meets the bands."""
    cuts: list[list[int]] = []
    labels = p.labels.copy()
    for r in range(1, rounds + 1):
        left = deadline - time.perf_counter()
        if left <= 0:
            return _rejoined(p, labels, r - 1) if r > 1 else Moves(labels, False, False, 0)
        chosen, optimal = _solve(p, found, cuts, node_limit, left, gap)
        labels = p.labels.copy()
        for c in chosen:
            labels[found.units(c)] = found.pairs[c][1]
        cut = _split_cuts(p, labels, found, chosen)
        if not cut:
            return Moves(labels, _within(p, labels), optimal, r)
        cuts.extend(cut)
    return _rejoined(p, labels, rounds)


def _rejoined(p: MoveProblem, labels: NDArray[np.int64], rounds: int) -> Moves:
    """A split plan with its stray pieces rejoined; connected unless fixed units hold a piece
    where it is."""
    out = repair(labels, len(p.lower), p.adj, set(p.fixed), home=p.labels)
    connected = all(is_connected(out, d, p.adj) for d in range(len(p.lower)))
    return Moves(out, _within(p, out), False, rounds, connected=connected)


def _within(p: MoveProblem, labels: NDArray[np.int64]) -> bool:
    totals = totals_by_district(labels, p.q, len(p.lower))
    return bool(np.all(totals >= p.lower - 1e-9) and np.all(totals <= p.upper + 1e-9))


def _solve(
    p: MoveProblem,
    found: Candidates,
    cuts: list[list[int]],
    node_limit: int,
    time_limit_s: float,
    gap: float,
) -> tuple[list[int], bool]:
    """Chosen candidate indices and whether HiGHS proved them within `gap` of the fewest."""
    k, m = p.lower.shape
    pairs = found.pairs
    c_count = len(pairs)
    units = np.array([u for u, _ in pairs])
    targets = np.array([d for _, d in pairs])
    sources = p.labels[units]
    totals = totals_by_district(p.labels, p.q, k)
    mean = np.maximum(totals.sum(axis=0) / k, 1e-12)
    carried = np.array([p.q[found.units(c)].sum(axis=0) for c in range(c_count)])
    size = np.array([len(found.units(c)) for c in range(c_count)], dtype=float)
    # rows (d, j): change of district d's total of measure j; slack columns per row and side
    rows, cols, vals = [], [], []
    for i, (_, d) in enumerate(pairs):
        for j in range(m):
            if carried[i, j]:
                rows += [d * m + j, int(sources[i]) * m + j]
                cols += [i, i]
                vals += [carried[i, j], -carried[i, j]]
    change = coo_matrix((vals, (rows, cols)), shape=(k * m, c_count)).tocsr()
    s = k * m
    eye, zeros = identity(s, format="csr"), csr_matrix((s, s))
    flat = totals.ravel()
    # totals + change - over <= upper;  totals + change + under >= lower
    constraints = [
        LinearConstraint(hstack([change, -eye, zeros]), -np.inf, p.upper.ravel() - flat),
        LinearConstraint(hstack([change, zeros, eye]), p.lower.ravel() - flat, np.inf),
    ]
    width = c_count + 2 * s
    members = [(u, c) for c in range(c_count) for u in found.units(c)]
    once = coo_matrix(
        (np.ones(len(members)), ([u for u, _ in members], [c for _, c in members])),
        shape=(len(p.q), width),
    )
    constraints.append(LinearConstraint(once.tocsr(), 0, 1))
    moves = np.zeros(width)
    moves[:c_count] = size
    constraints.append(LinearConstraint(moves[None, :], 0, p.cap))
    # a two-hop move needs one of its border neighbours to move along; cut plans stay cut
    extra = [([i] + via, [1.0] + [-1.0] * len(via), 0.0) for i, via in found.chains.items()]
    extra += [(cut, [1.0] * len(cut), len(cut) - 1.0) for cut in cuts]
    if extra:
        rows = [r for r, (idx, _, _) in enumerate(extra) for _ in idx]
        cols = [c for idx, _, _ in extra for c in idx]
        vals = [v for _, coef, _ in extra for v in coef]
        block = coo_matrix((vals, (rows, cols)), shape=(len(extra), width)).tocsr()
        constraints.append(LinearConstraint(block, -np.inf, [b for *_, b in extra]))
    cost = np.zeros(width)
    cost[:c_count] = size
    if p.closeness is not None:
        span = max(float(np.nanmax(p.closeness[np.isfinite(p.closeness)])), 1e-9)
        gain = (p.closeness[targets, units] - p.closeness[sources, units]) / span
        cost[:c_count] += 1e-3 * np.clip(gain, -1.0, 1.0) + 1e-3
    scale = np.tile(EXCESS_PRICE / mean, k)
    cost[c_count:] = np.concatenate([scale, scale])
    integrality = np.zeros(width)
    integrality[:c_count] = 1
    bounds = Bounds(np.zeros(width), np.concatenate([np.ones(c_count), np.full(2 * s, np.inf)]))
    result = milp(
        cost,
        constraints=constraints,
        integrality=integrality,
        bounds=bounds,
        options={
            "node_limit": node_limit,
            "time_limit": max(time_limit_s, 0.5),
            "mip_rel_gap": gap,
            "disp": False,
        },
    )
    if result.x is None:
        return [], False
    chosen = [i for i in range(c_count) if result.x[i] > 0.5]
    return chosen, bool(result.status == 0)


def _split_cuts(
    p: MoveProblem, labels: NDArray[np.int64], found: Candidates, chosen: list[int]
) -> list[list[int]]:
    """For each district the moves split: the moves at its stray pieces, not all together."""
    moved = {u: c for c in chosen for u in found.units(c)}
    touched = {int(p.labels[u]) for u in moved} | {int(labels[u]) for u in moved}
    out = []
    for d in sorted(touched):
        pieces = components(np.flatnonzero(labels == d).tolist(), p.adj)
        if len(pieces) <= 1:
            continue
        keep = max(pieces, key=len)
        for piece in pieces:
            if piece is keep:
                continue
            near = set(piece) | {v for u in piece for v in p.adj[u]}
            cut = sorted({moved[u] for u in near if u in moved})
            if cut:
                out.append(cut)
    return out
