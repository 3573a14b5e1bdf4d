"""A lower bound on a rebalance's moves from a program that relaxes the real one.

Only the districts that must change take part: those outside their bands and those that are
split. They must end inside their bands and connected; the others may absorb anything. A unit
enters such a district through units that enter too (a neighbour of it does, and a unit `h`
hops out needs at least `h` entrants), and leaves one through units that leave too. A unit
whose departure would cut off a piece of its district takes that piece along unless entrants
bridge the gap, and a piece that is cut off already leaves whole or gets bridged: for a piece
of `s` units with a gap of `g` units to the rest, leavers / s + entrants / g ≥ 1. Every plan
meets these rules, so the program's optimum is at most the fewest moves any plan needs.

Solving it whole as an integer program takes minutes on the city, so: each district only
above (or only below) its limits gets a floor, the fewest moves touching it, from a small
integer program over its own leavers (or its entrants) under the same rules; then the linear
relaxation of the whole program, with each district's moves at least its floor, is the bound.

The rules assume that each district keeps some of its own units, and a split one some of its
largest piece, which holds for any plan with fewer moves than those have units. The program
asks whether fewer than `below` moves can do (`below`: the moves of a plan in hand, which the
bound is there to be compared with): then only units within `below - 1` hops can move, which
keeps it small.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
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
SLACK_PRICE = 100.0
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
    rules, floors first (the districts above their limits first), then the whole program's
    linear relaxation."""
    k = len(lower)
    totals = totals_by_district(labels, q, k)
    over = np.any(totals > upper + 1e-9, axis=1)
    under = np.any(totals < lower - 1e-9, axis=1)
    pieces = [components(np.flatnonzero(labels == d).tolist(), adj) for d in range(k)]
    changing = tuple(d for d in range(k) if over[d] or under[d] or len(pieces[d]) > 1)
    if not changing:
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

    cuts = articulation_units(labels.tolist(), adj, k)

    def build(scope: _Scope, cap: int) -> _Program:
        reach: dict[int, NDArray[np.float64]] = {}
        entry: dict[tuple[int, int], int] = {}
        for d in scope.enter:
            can_enter = movable & (labels != d) & joinable[d]
            reach[d] = hops(labels == d, can_enter, adj, cap - 1)
            for u in np.flatnonzero((reach[d] >= 1) & np.isfinite(reach[d])).tolist():
                entry[(u, d)] = len(entry)
        depth = np.full(len(labels), np.inf)
        for d in scope.leave:
            inside = labels == d
            depth[inside] = hops(~inside, inside & movable, adj, cap - 1)[inside]
        leaving = np.flatnonzero((depth >= 1) & np.isfinite(depth)).tolist()
        prog = _Program(entry, {u: len(entry) + i for i, u in enumerate(leaving)}, k)
        prog.free = [d for d in scope.connect if d not in scope.enter]
        _moves_rows(prog, labels, adj, reach, depth)
        for d, sides in scope.sides.items():
            _district_rows(prog, q, labels, totals, lower, upper, d, sides)
        for d in scope.connect:
            _connected_rows(prog, labels, adj, pieces[d], d, movable, cuts, cap)
        return prog

    whole = build(_Scope(changing, changing, {d: (True, True) for d in changing}, changing), below)
    floor_end = time.perf_counter() + time_limit_s * FLOOR_SHARE
    for d in sorted(changing, key=lambda d: not over[d]):  # the districts over first
        left = max(floor_end - time.perf_counter(), 0.1)
        if over[d] and not under[d] and len(pieces[d]) == 1:
            scope = _Scope((), (d,), {d: (False, True)}, (d,))
            floor = _solve(build(scope, below), below, left, integer=True)
            whole.add([whole.leavers(d), whole.entrants(d)], [1.0, 1.0], floor, np.inf)
        elif under[d] and not over[d] and len(pieces[d]) == 1:
            cap = min(below, FLOOR_REACH)
            scope = _Scope((d,), (), {d: (True, False)}, ())
            floor = _solve(build(scope, cap), cap, left, integer=True)
            whole.add([whole.entrants(d)], [1.0], floor, np.inf)
    return _solve(whole, below, max(time_limit_s * (1 - FLOOR_SHARE), 1.0), integer=False)


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


def _district_rows(
    prog: _Program,
    q: NDArray[np.float64],
    labels: NDArray[np.int64],
    totals: NDArray[np.float64],
    lower: NDArray[np.float64],
    upper: NDArray[np.float64],
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
        low = lower[d, j] - totals[d, j] if sides[0] else -np.inf
        high = upper[d, j] - totals[d, j] if sides[1] else np.inf
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


def _solve(prog: _Program, below: int, time_limit_s: float, integer: bool) -> int:
    """The program's optimum (integer or linear), or its dual bound at the time limit, capped
    at `below`."""
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
    if result.status == 0:
        bound = result.fun
    else:
        bound = getattr(result, "mip_dual_bound", None) if integer else None
    if bound is None or not math.isfinite(bound):
        return 0
    return min(below, math.ceil(float(bound) - 1e-6))
