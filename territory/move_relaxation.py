"""A lower bound on a rebalance's moves from a program that relaxes the real one.

Only the districts that must change take part: those outside their bands and those that are
split. They must end inside their bands and connected; the others may absorb anything. A unit
enters such a district through units that enter too (a neighbour of it does, and a unit `h`
hops out needs at least `h` entrants), and leaves one through units that leave too. A unit
whose departure would cut off a piece of its district takes that piece along unless entrants
bridge the gap, and a piece that is cut off already leaves whole or gets bridged: for a piece
of `s` units with a gap of `g` units to the rest, leavers / s + entrants / g ≥ 1. Every plan
meets these rules, so the program's optimum is at most the fewest moves any plan needs.

Solving it whole as an integer program takes minutes on the city, so it goes in steps.
Floors first: small integer programs, each the fewest moves touching some districts: one
below its limits (its entrants, and its leavers when it is also above or split), one only
above them (its leavers), and a group of touching districts only above theirs, merged into
one (what one sheds cannot just land in the next). In those a leaver also reaches the border
through leavers: it crosses every ring of units around it on the way (`RINGS`); and a group
of leavers that touches no other district, or of entrants that touches no unit of theirs,
is cut off and the program solved again. Then the linear relaxation of the whole program,
each floor a row, is the bound.

The rules assume that each district keeps some of its own units, and a split one some of its
largest piece, which holds for any plan with fewer moves than those have units. The program
asks whether fewer than a cap of moves can do: then only units within cap - 1 hops can move,
which keeps it small, and the fewer the hops the tighter its relaxation. The cap starts at
half of `below` (the moves of a plan in hand, which the bound is there to be compared with)
and a binary search takes it to where the relaxation stops proving it.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

from territory.contiguity import articulation_units, components
from territory.metrics import totals_by_district
from territory.move_bounds import hops

FLOOR_SHARE = 0.5
"""Share of the time for the districts' floors (the whole program gets the rest)."""
FLOOR_REACH = 6
"""A district below its limits looks this many hops out for entrants in its floor (so that
floor is at most this)."""
GAP_SEARCH = 3
"""Gaps are searched this far; a farther one counts as this wide, which only weakens the
bound (a narrower gap asks fewer entrants)."""
RINGS = 4
"""Rings around a deep leaver that a floor's paths must cross (wider rings are weaker)."""
SLACK_PRICE = 1e4
"""Moves one band's width of slack costs. Slack makes doing nothing a plan, so HiGHS always
has one and reports its dual bound at the time limit; any price keeps the bound valid."""


@dataclass
class _Program:
    """Columns: a move per (unit, district) entry, a leave per unit (to a district that does
    not take part), then entrants and leavers per district; rows are sparse; soft rows get a
    slack column of each sign."""

    entry: dict[tuple[int, int], int]
    leave: dict[int, int]
    k: int
    rows: list[tuple[list[int], list[float], float, float]] = field(default_factory=list)
    soft: list[tuple[int, float]] = field(default_factory=list)
    free: list[int] = field(default_factory=list)
    """Districts whose entrants are counted freely (a column priced as a move each)."""
    _out: dict[int, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._out = {u: [c] for u, c in self.leave.items()}
        for (u, _), c in self.entry.items():
            if u in self._out:
                self._out[u].append(c)

    @property
    def moves(self) -> int:
        return len(self.entry) + len(self.leave)

    def entrants(self, d: int) -> int:
        return self.moves + d

    def leavers(self, d: int) -> int:
        return self.moves + self.k + d

    def leaves(self, u: int) -> list[int]:
        """Columns that are 1 when `u` leaves its district."""
        return self._out.get(u, [])

    def add(
        self, cols: list[int], vals: list[float], low: float, high: float, soft: bool = False
    ) -> None:
        if soft:
            width = high - low if np.isfinite(high - low) else 1.0
            self.soft.append((len(self.rows), max(width, 1e-9)))
        self.rows.append((cols, vals, low, high))


@dataclass(frozen=True)
class _Scope:
    """What a program covers: districts whose entrants are columns, districts whose units may
    leave, the sides of each district's bands that hold, and districts that must connect.
    A district that must connect without entrant columns counts its entrants freely."""

    enter: tuple[int, ...]
    leave: tuple[int, ...]
    sides: dict[int, tuple[bool, bool]]
    """District → (lower limits hold, upper limits hold)."""
    connect: tuple[int, ...]


@dataclass(frozen=True)
class _Frame:
    """The districts a program is built on: the real ones, or with a cluster merged."""

    labels: NDArray[np.int64]
    totals: NDArray[np.float64]
    lower: NDArray[np.float64]
    upper: NDArray[np.float64]

    def merged(self, cluster: list[int]) -> _Frame:
        """The cluster as one district (its first) with the summed totals and limits."""
        head, labels = cluster[0], self.labels.copy()
        labels[np.isin(labels, cluster)] = head
        arrays = [a.copy() for a in (self.totals, self.lower, self.upper)]
        for a in arrays:
            a[head] = a[cluster].sum(axis=0)
        return _Frame(labels, *arrays)


@dataclass(frozen=True)
class _Floor:
    """A floor to find: the fewest moves touching some districts, from a small program."""

    leavers: tuple[int, ...]
    """Districts whose leavers count."""
    entrants: tuple[int, ...]
    """Districts whose entrants count."""
    scope: _Scope
    cap: int
    frame: _Frame


@dataclass(frozen=True)
class _Builder:
    """The plain data every program of one bound is built from."""

    q: NDArray[np.float64]
    adj: Sequence[Sequence[int]]
    movable: NDArray[np.bool_]
    joinable: list[NDArray[np.bool_]]
    pieces: list[list[list[int]]]
    cuts: set[int]

    def build(self, scope: _Scope, cap: int, frame: _Frame, rings: int = 0) -> _Program:
        """The program of `scope` on `frame`, moves within `cap - 1` hops, with `rings` ring
        rows (a frame with merged districts must not connect: pieces and cuts are the real
        districts')."""
        labels, adj = frame.labels, self.adj
        reach: dict[int, NDArray[np.float64]] = {}
        entry: dict[tuple[int, int], int] = {}
        for d in scope.enter:
            can_enter = self.movable & (labels != d) & self.joinable[d]
            reach[d] = hops(labels == d, can_enter, adj, cap - 1)
            for u in np.flatnonzero((reach[d] >= 1) & np.isfinite(reach[d])).tolist():
                entry[(u, d)] = len(entry)
        depth = np.full(len(labels), np.inf)
        for d in scope.leave:
            inside = labels == d
            depth[inside] = hops(~inside, inside & self.movable, adj, cap - 1)[inside]
        leaving = np.flatnonzero((depth >= 1) & np.isfinite(depth)).tolist()
        prog = _Program(entry, {u: len(entry) + i for i, u in enumerate(leaving)}, len(frame.lower))
        prog.free = [d for d in scope.connect if d not in scope.enter]
        _moves_rows(prog, labels, adj, reach, depth)
        if rings:
            _ring_rows(prog, labels, adj, depth, rings)
        for d, sides in scope.sides.items():
            _district_rows(prog, self.q, labels, frame, d, sides)
        for d in scope.connect:
            _connected_rows(prog, labels, adj, self.pieces[d], d, self.movable, self.cuts, cap)
        return prog


def relaxed_move_bound(
    q: NDArray[np.float64],
    labels: NDArray[np.int64],
    lower: NDArray[np.float64],
    upper: NDArray[np.float64],
    adj: Sequence[Sequence[int]],
    below: int,
    *,
    fixed: frozenset[int] = frozenset(),
    groups: NDArray[np.int64] | None = None,
    district_group: Sequence[int] | None = None,
    time_limit_s: float = 5.0,
) -> int:
    """No plan moves fewer units (at most `below`): the fewest moves under the module's
    rules, floors first, then the whole program's linear relaxation, with a binary search on
    its cap."""
    end = time.perf_counter() + time_limit_s
    k = len(lower)
    real = _Frame(labels, totals_by_district(labels, q, k), lower, upper)
    over = np.any(real.totals > upper + 1e-9, axis=1)
    under = np.any(real.totals < lower - 1e-9, axis=1)
    pieces = [components(np.flatnonzero(labels == d).tolist(), adj) for d in range(k)]
    changing = tuple(d for d in range(k) if over[d] or under[d] or len(pieces[d]) > 1)
    if not changing or np.bincount(labels, minlength=k).min() == 0:
        return 0
    sizes = [len(max(pieces[d], key=len)) for d in changing]
    below = int(min(below, np.bincount(labels, minlength=k).min(), *sizes))
    if below <= 0:
        return 0
    movable = np.ones(len(labels), dtype=bool)
    movable[list(fixed)] = False
    if groups is not None and district_group is not None:
        joinable = [groups == district_group[d] for d in range(k)]
    else:
        joinable = [movable] * k
    builder = _Builder(
        q, adj, movable, joinable, pieces, articulation_units(labels.tolist(), adj, k)
    )
    asks = _floors_to_find(real, over, under, pieces, changing, adj, below)
    floors = _find_floors(builder, asks, end - time_limit_s * (1 - FLOOR_SHARE))
    everything = _Scope(changing, changing, {d: (True, True) for d in changing}, changing)

    def whole(cap: int) -> int:
        prog = builder.build(everything, cap, real)
        for ask, low in zip(asks, floors):
            cols = [prog.leavers(d) for d in ask.leavers] + [prog.entrants(d) for d in ask.entrants]
            prog.add(cols, [1.0] * len(cols), low, np.inf)  # below the cap: bound + 1 ≤ cap
        return _run(prog, cap, max(end - time.perf_counter(), 0.5), integer=False)[0]

    return _ladder(whole, max(floors, default=0), below, end)


def _floors_to_find(
    real: _Frame,
    over: NDArray[np.bool_],
    under: NDArray[np.bool_],
    pieces: list[list[list[int]]],
    changing: tuple[int, ...],
    adj: Sequence[Sequence[int]],
    below: int,
) -> list[_Floor]:
    """A floor for each district below its limits (its entrants, and its leavers when it is
    above on another measure or split), each group of touching districts only above their
    limits (the leavers out of the group, merged into one district: what one sheds cannot
    just land in the other), and each such district on its own unless the group is above on
    every measure it is (then the group's floor is the stronger)."""
    out = []
    for d in changing:
        if under[d]:
            leave = (d,) if over[d] or len(pieces[d]) > 1 else ()
            scope = _Scope((d,), leave, {d: (True, bool(over[d]))}, leave)
            out.append(_Floor(leave, (d,), scope, min(below, FLOOR_REACH), real))
    only_over = [d for d in changing if over[d] and not under[d]]
    clusters = _touching(only_over, real.labels, adj, len(over))
    for c in clusters:
        scope = _Scope((), (c[0],), {c[0]: (False, True)}, ())
        out.append(_Floor(tuple(c), (), scope, below, real.merged(c)))
    for d in only_over:
        group = next((c for c in clusters if d in c), [d])
        merged = real.totals[group].sum(axis=0) > real.upper[group].sum(axis=0) + 1e-9
        if len(group) == 1 or np.any((real.totals[d] > real.upper[d] + 1e-9) & ~merged):
            out.append(_Floor((d,), (d,), _Scope((), (d,), {d: (False, True)}, (d,)), below, real))
    return out


def _find_floors(builder: _Builder, asks: list[_Floor], end: float) -> list[int]:
    """Each floor's integer program with its movers joined, in time shared by size (0 for
    those the time does not reach)."""
    progs = [builder.build(a.scope, a.cap, a.frame, RINGS) for a in asks]
    weight = sum(prog.moves for prog in progs)
    floors = []
    for ask, prog in zip(asks, progs):
        share = (end - time.perf_counter()) * prog.moves / max(weight, 1)
        weight -= prog.moves
        if share <= 0:
            floors.append(0)
            continue
        joined = _solve_joined(
            prog, ask.frame.labels, builder.adj, ask.cap, time.perf_counter() + share
        )
        floors.append(joined)
    return floors


def _ladder(whole: Callable[[int], int], bound: int, below: int, end: float) -> int:
    """The best bound from `whole(cap)` (no plan of fewer than `cap` moves exists when it
    returns `cap`; fewer hops make a smaller, tighter program): a binary search on the cap,
    first asking whether half of `below` could do (that once even past `end`)."""
    low, high, took = bound + 1, below, 0.0
    cap = min(max(math.ceil(below / 2), low), high)
    first = True
    while low <= high and (first or time.perf_counter() + took < end):
        first = False
        started = time.perf_counter()
        found = whole(cap)
        bound = max(bound, min(found, cap))
        if found >= cap:
            low = cap + 1
        else:
            low, high = max(low, bound + 1), cap - 1
        took, cap = time.perf_counter() - started, (low + high + 1) // 2
    return bound


def _touching(
    districts: list[int], labels: NDArray[np.int64], adj: Sequence[Sequence[int]], k: int
) -> list[list[int]]:
    """Groups of two or more of `districts` that touch one another (through each other)."""
    touch: list[set[int]] = [set() for _ in range(k)]
    for u, vs in enumerate(adj):
        for v in vs:
            if labels[u] != labels[v]:
                touch[int(labels[u])].add(int(labels[v]))
    graph = [sorted(touch[d]) for d in range(k)]
    return [sorted(c) for c in components(districts, graph) if len(c) > 1]


def _moves_rows(
    prog: _Program,
    labels: NDArray[np.int64],
    adj: Sequence[Sequence[int]],
    reach: dict[int, NDArray[np.float64]],
    depth: NDArray[np.float64],
) -> None:
    """A unit moves once; a move `h` hops deep needs `h` movers and a moving neighbour."""
    by_unit: dict[int, list[int]] = {}
    for (u, _), c in prog.entry.items():
        by_unit.setdefault(u, []).append(c)
    by_unit.update({u: prog.leaves(u) for u in prog.leave})
    for cols in by_unit.values():
        prog.add(cols, [1.0] * len(cols), 0.0, 1.0)
    for (u, d), c in prog.entry.items():
        prog.add([prog.entrants(d), c], [1.0, -float(reach[d][u])], 0.0, np.inf)
        if reach[d][u] >= 2:
            via = [prog.entry[(v, d)] for v in adj[u] if (v, d) in prog.entry]
            prog.add([c] + via, [1.0] + [-1.0] * len(via), -np.inf, 0.0)
    for u in prog.leave:
        cols, d = prog.leaves(u), int(labels[u])
        prog.add([prog.leavers(d)] + cols, [1.0] + [-float(depth[u])] * len(cols), 0.0, np.inf)
        if depth[u] >= 2:
            via = [c for v in adj[u] if labels[v] == d for c in prog.leaves(v)]
            prog.add(cols + via, [1.0] * len(cols) + [-1.0] * len(via), -np.inf, 0.0)


def _ring_rows(
    prog: _Program,
    labels: NDArray[np.int64],
    adj: Sequence[Sequence[int]],
    depth: NDArray[np.float64],
    rings: int,
) -> None:
    """A leaver `h` hops deep leaves along a path of leavers, which crosses every ring of
    units 2 … h - 1 hops from it (up to `rings`): some unit on each ring leaves too."""
    for u in prog.leave:
        seen, ring = {u}, [u]
        for r in range(1, min(int(depth[u]) - 1, rings) + 1):
            ring = [
                w
                for v in ring
                for w in adj[v]
                if w not in seen and w in prog.leave and labels[w] == labels[u]
            ]
            ring = list(dict.fromkeys(ring))
            seen.update(ring)
            if r >= 2:
                around = [c for v in ring for c in prog.leaves(v)]
                cols = prog.leaves(u)
                prog.add(cols + around, [1.0] * len(cols) + [-1.0] * len(around), -np.inf, 0.0)


def _district_rows(
    prog: _Program,
    q: NDArray[np.float64],
    labels: NDArray[np.int64],
    frame: _Frame,
    d: int,
    sides: tuple[bool, bool],
) -> None:
    """District `d` counts its entrants (unless it counts them freely) and leavers, and ends
    inside the `sides` of its limits that hold."""
    into = [(u, c) for (u, e), c in prog.entry.items() if e == d]
    out = [(u, c) for u in np.flatnonzero(labels == d).tolist() for c in prog.leaves(u)]
    if d not in prog.free:
        prog.add([c for _, c in into] + [prog.entrants(d)], [1.0] * len(into) + [-1.0], 0.0, 0.0)
    prog.add([c for _, c in out] + [prog.leavers(d)], [1.0] * len(out) + [-1.0], 0.0, 0.0)
    for j in range(q.shape[1]):
        low = frame.lower[d, j] - frame.totals[d, j] if sides[0] else -np.inf
        high = frame.upper[d, j] - frame.totals[d, j] if sides[1] else np.inf
        if np.isfinite(low) or np.isfinite(high):
            prog.add(
                [c for _, c in into] + [c for _, c in out],
                [float(q[u, j]) for u, _ in into] + [-float(q[u, j]) for u, _ in out],
                low,
                high,
                soft=True,
            )


def _connected_rows(
    prog: _Program,
    labels: NDArray[np.int64],
    adj: Sequence[Sequence[int]],
    pieces: list[list[int]],
    d: int,
    movable: NDArray[np.bool_],
    cuts: set[int],
    below: int,
) -> None:
    """Pieces cut off now, or by a cut vertex's departure, leave whole or get bridged."""
    inside = labels == d
    main = max(pieces, key=len)
    for piece in pieces:
        if piece is not main:
            _piece_row(prog, piece, inside, movable & ~inside, adj, d, [], below)
    for u in sorted(cuts & set(np.flatnonzero(inside).tolist())):
        if not prog.leaves(u):
            continue
        rest = [v for v in np.flatnonzero(inside).tolist() if v != u]
        parts = sorted(components(rest, adj), key=len)
        if len(parts[-1]) < below:
            continue
        without, entering = inside.copy(), movable & ~inside
        without[u] = entering[u] = False
        for piece in parts[:-1]:
            _piece_row(prog, piece, without, entering, adj, d, prog.leaves(u), below)


def _piece_row(
    prog: _Program,
    piece: list[int],
    inside: NDArray[np.bool_],
    can_enter: NDArray[np.bool_],
    adj: Sequence[Sequence[int]],
    d: int,
    trigger: list[int],
    below: int,
) -> None:
    """leavers(piece) / |piece| + entrants(d) / gap ≥ 1, or ≥ the trigger's departure."""
    mask = np.zeros(len(inside), dtype=bool)
    mask[piece] = True
    others = inside & ~mask
    reach = hops(mask, can_enter | others, adj, GAP_SEARCH + 1)
    gap = min(float(reach[others].min()) - 1, GAP_SEARCH) if others.any() else np.inf
    cols = [c for v in piece for c in prog.leaves(v)]
    vals = [1.0 / len(piece)] * len(cols)
    if np.isfinite(gap) and gap < below:
        cols, vals = cols + [prog.entrants(d)], vals + [1.0 / max(gap, 1.0)]
    if trigger:
        prog.add(cols + trigger, vals + [-1.0] * len(trigger), 0.0, np.inf)
    else:
        prog.add(cols, vals, 1.0, np.inf, soft=True)


def _solve_joined(
    prog: _Program,
    labels: NDArray[np.int64],
    adj: Sequence[Sequence[int]],
    below: int,
    deadline: float,
) -> int:
    """The integer program's optimum with every group of movers joined to where it goes:
    solved, then each group of leavers that touches no other district (or of entrants that
    touches no unit of theirs) gets the rule that one unit around it moves too, and solved
    again, until the groups join or time runs out (each round's bound holds)."""
    bound = _run(prog, below, max(deadline - time.perf_counter(), 0.1), integer=False)[0]
    while True:
        found, x = _run(prog, below, max(deadline - time.perf_counter(), 0.1), integer=True)
        bound = max(bound, found)
        if x is None or bound >= below or time.perf_counter() >= deadline:
            return bound
        if not _cut_stray_groups(prog, labels, adj, x):
            return bound


def _cut_stray_groups(
    prog: _Program, labels: NDArray[np.int64], adj: Sequence[Sequence[int]], x: NDArray[np.float64]
) -> bool:
    """Rows for the groups of movers in `x` that do not reach where they go; False if none."""
    chosen = {c for c in range(prog.moves) if x[c] > 0.5}
    groups: dict[tuple[bool, int], list[int]] = {}
    """(leaving, district) → the units moving out of (or into) it."""
    for u in prog.leave:
        if any(c in chosen for c in prog.leaves(u)):
            groups.setdefault((True, int(labels[u])), []).append(u)
    for (u, d), c in prog.entry.items():
        if c in chosen:
            groups.setdefault((False, d), []).append(u)
    added = False
    for (leaving, d), units in groups.items():
        for group in components(units, adj):
            inside = set(group)
            ring = {v for u in group for v in adj[u] if v not in inside}
            if leaving:
                if any(labels[v] != d for v in ring):
                    continue
                around = [c for v in ring for c in prog.leaves(v)]
                for u in group:
                    cols = prog.leaves(u)
                    prog.add(cols + around, [1.0] * len(cols) + [-1.0] * len(around), -np.inf, 0.0)
            else:
                if any(labels[v] == d for v in ring):
                    continue
                around = [prog.entry[(v, d)] for v in ring if (v, d) in prog.entry]
                for u in group:
                    prog.add(
                        [prog.entry[(u, d)]] + around, [1.0] + [-1.0] * len(around), -np.inf, 0.0
                    )
            added = True
    return added


def _run(
    prog: _Program, below: int, time_limit_s: float, integer: bool
) -> tuple[int, NDArray[np.float64] | None]:
    """The bound (capped at `below`) and the solution found, if any."""
    columns = prog.moves + 2 * prog.k
    width = columns + 2 * len(prog.soft)
    rows = [r for r, (cols, _, _, _) in enumerate(prog.rows) for _ in cols]
    cols = [c for cs, _, _, _ in prog.rows for c in cs]
    vals = [v for _, vs, _, _ in prog.rows for v in vs]
    for i, (row, _) in enumerate(prog.soft):
        rows += [row, row]
        cols += [columns + 2 * i, columns + 2 * i + 1]
        vals += [1.0, -1.0]
    matrix = coo_matrix((vals, (rows, cols)), shape=(len(prog.rows), width)).tocsr()
    cost = np.zeros(width)
    cost[: prog.moves] = 1.0
    cost[[prog.entrants(d) for d in prog.free]] = 1.0
    cost[columns:] = np.repeat([SLACK_PRICE * below / w for _, w in prog.soft], 2)
    integrality = np.zeros(width)
    integrality[: prog.moves] = 1 if integer else 0
    result = milp(
        cost,
        constraints=LinearConstraint(matrix, [r[2] for r in prog.rows], [r[3] for r in prog.rows]),
        integrality=integrality,
        bounds=Bounds(
            np.zeros(width),
            np.concatenate([np.ones(prog.moves), np.full(width - prog.moves, np.inf)]),
        ),
        options={"time_limit": time_limit_s, "disp": False},
    )
    if result.status == 2:  # no plan of fewer than `below` moves meets the hard rows
        return below, None
    if integer:  # the dual bound: an incumbent within HiGHS's gap may sit above the optimum
        bound = getattr(result, "mip_dual_bound", None)
    else:
        bound = result.fun if result.status == 0 else None
    if bound is None or not math.isfinite(bound):
        return 0, None
    solved = result.x if result.status == 0 else None
    return min(below, math.ceil(float(bound) - 1e-6)), solved
