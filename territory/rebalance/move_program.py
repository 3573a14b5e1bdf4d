"""The relaxed program of `move_relaxation`: its columns, its rows (the rules), and its
solves with HiGHS.

Columns are a move per (unit, district) entry and a leave per unit, then entrants and
leavers per district, then slack for the soft rows. The rules and why every plan meets them
are in `move_relaxation`'s docstring.
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

from territory.contiguity import components
from territory.rebalance.move_bounds import hops

GAP_SEARCH = 3
"""Gaps are searched this far; a farther one counts as this wide, which only weakens the
bound (a narrower gap asks fewer entrants)."""
SLACK_PRICE = 1e4
"""Moves one band's width of slack costs. Slack makes doing nothing a plan, so HiGHS always
has one and reports its dual bound at the time limit; any price keeps the bound valid."""


@dataclass
class Program:
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
    some_entrants: bool = False
    """Only some units that may enter have columns: entrants then need no path (theirs may
    run through units left out)."""
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
class Scope:
    """What a program covers: districts whose entrants are columns, districts whose units may
    leave, the sides of each district's bands that hold, and districts that must connect.
    A district that must connect without entrant columns counts its entrants freely."""

    enter: tuple[int, ...]
    leave: tuple[int, ...]
    sides: dict[int, tuple[bool, bool]]
    """District → (lower limits hold, upper limits hold)."""
    connect: tuple[int, ...]
    together: tuple[int, ...] = ()
    """Districts whose units leave as one, held to their upper limits only: a leave column
    takes a unit out of all of them, as deep as the hops to their outer border through
    leavers of any of them; entrants come only from among them and need no path (entrants
    from outside, left out, would only add to districts that must shed)."""


@dataclass(frozen=True)
class Builder:
    """The plain data every program of one bound is built from."""

    q: NDArray[np.float64]
    labels: NDArray[np.int64]
    totals: NDArray[np.float64]
    lower: NDArray[np.float64]
    upper: NDArray[np.float64]
    adj: Sequence[Sequence[int]]
    movable: NDArray[np.bool_]
    joinable: list[NDArray[np.bool_]]
    pieces: list[list[list[int]]]
    cuts: set[int]

    def build(self, scope: Scope, cap: int, rings: int = 0) -> Program:
        """The program of `scope`, moves within `cap - 1` hops, with `rings` ring rows."""
        labels, adj = self.labels, self.adj
        reach: dict[int, NDArray[np.float64]] = {}
        entry: dict[tuple[int, int], int] = {}
        for d in scope.enter:
            can_enter = self.movable & (labels != d) & self.joinable[d]
            reach[d] = hops(labels == d, can_enter, adj, cap - 1)
            near = (reach[d] >= 1) & np.isfinite(reach[d])
            if scope.together:
                near &= np.isin(labels, scope.together)
            for u in np.flatnonzero(near).tolist():
                entry[(u, d)] = len(entry)
        region = labels.copy()
        if scope.together:
            region[np.isin(labels, scope.together)] = scope.together[0]
        depth = np.full(len(labels), np.inf)
        for d in scope.leave:
            own = labels == d
            inside = region == (scope.together[0] if d in scope.together else d)
            depth[own] = hops(~inside, inside & self.movable, adj, cap - 1)[own]
        leaving = np.flatnonzero((depth >= 1) & np.isfinite(depth)).tolist()
        prog = Program(entry, {u: len(entry) + i for i, u in enumerate(leaving)}, len(self.lower))
        prog.free = [d for d in scope.connect if d not in scope.enter]
        prog.some_entrants = bool(scope.together)
        paths = _Paths(prog, labels, region, scope.together)
        _moves_rows(prog, paths, adj, reach, depth)
        if rings:
            _ring_rows(prog, paths, adj, depth, rings)
        for d, sides in scope.sides.items():
            _district_rows(prog, self, d, sides)
        for d in scope.connect:
            _connected_rows(prog, labels, adj, self.pieces[d], d, self.movable, self.cuts, cap)
        return prog


@dataclass(frozen=True)
class _Paths:
    """How leavers reach their border: through their district's leavers, or, for districts
    that leave together, through the units leaving them all (not those moving among them)."""

    prog: Program
    labels: NDArray[np.int64]
    region: NDArray[np.int64]
    together: tuple[int, ...]

    def out(self, u: int) -> list[int]:
        """Columns of `u` leaving for its border."""
        return [self.prog.leave[u]] if self.together else self.prog.leaves(u)

    def leavers(self, u: int) -> list[int]:
        """Leaver counts of the districts `u`'s path runs through."""
        d = int(self.labels[u])
        return [self.prog.leavers(e) for e in (self.together if d in self.together else (d,))]

    def along(self, u: int, v: int) -> bool:
        return bool(self.region[v] == self.region[u])


def _moves_rows(
    prog: Program,
    paths: _Paths,
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
        if prog.some_entrants:
            continue
        prog.add([prog.entrants(d), c], [1.0, -float(reach[d][u])], 0.0, np.inf)
        if reach[d][u] >= 2:
            via = [prog.entry[(v, d)] for v in adj[u] if (v, d) in prog.entry]
            prog.add([c] + via, [1.0] + [-1.0] * len(via), -np.inf, 0.0)
    for u in prog.leave:
        cols, counts = paths.out(u), paths.leavers(u)
        prog.add(counts + cols, [1.0] * len(counts) + [-float(depth[u])] * len(cols), 0.0, np.inf)
        if depth[u] >= 2:
            via = [c for v in adj[u] if v in prog.leave and paths.along(u, v) for c in paths.out(v)]
            prog.add(cols + via, [1.0] * len(cols) + [-1.0] * len(via), -np.inf, 0.0)


def _ring_rows(
    prog: Program,
    paths: _Paths,
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
                if w not in seen and w in prog.leave and paths.along(u, w)
            ]
            ring = list(dict.fromkeys(ring))
            seen.update(ring)
            if r >= 2:
                around = [c for v in ring for c in paths.out(v)]
                cols = paths.out(u)
                prog.add(cols + around, [1.0] * len(cols) + [-1.0] * len(around), -np.inf, 0.0)


def _district_rows(prog: Program, data: Builder, d: int, sides: tuple[bool, bool]) -> None:
    """District `d` counts its entrants (unless it counts them freely) and leavers, and ends
    inside the `sides` of its limits that hold."""
    q, labels = data.q, data.labels
    into = [(u, c) for (u, e), c in prog.entry.items() if e == d]
    out = [(u, c) for u in np.flatnonzero(labels == d).tolist() for c in prog.leaves(u)]
    if d not in prog.free:
        prog.add([c for _, c in into] + [prog.entrants(d)], [1.0] * len(into) + [-1.0], 0.0, 0.0)
    prog.add([c for _, c in out] + [prog.leavers(d)], [1.0] * len(out) + [-1.0], 0.0, 0.0)
    for j in range(q.shape[1]):
        low = data.lower[d, j] - data.totals[d, j] if sides[0] else -np.inf
        high = data.upper[d, j] - data.totals[d, j] if sides[1] else np.inf
        if np.isfinite(low) or np.isfinite(high):
            prog.add(
                [c for _, c in into] + [c for _, c in out],
                [float(q[u, j]) for u, _ in into] + [-float(q[u, j]) for u, _ in out],
                low,
                high,
                soft=True,
            )


def _connected_rows(
    prog: Program,
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
    prog: Program,
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


def solve_joined(
    prog: Program,
    labels: NDArray[np.int64],
    adj: Sequence[Sequence[int]],
    below: int,
    deadline: float,
) -> int:
    """The integer program's optimum with every group of movers joined to where it goes:
    solved, then each group of leavers that touches no other district (or of entrants that
    touches no unit of theirs) gets the rule that one unit around it moves too, and solved
    again, until the groups join or time runs out (each round's bound holds)."""
    bound = run(prog, below, max(deadline - time.perf_counter(), 0.1), integer=False)[0]
    while True:
        found, x = run(prog, below, max(deadline - time.perf_counter(), 0.1), integer=True)
        bound = max(bound, found)
        if x is None or bound >= below or time.perf_counter() >= deadline:
            return bound
        if not _cut_stray_groups(prog, labels, adj, x):
            return bound


def _cut_stray_groups(
    prog: Program, labels: NDArray[np.int64], adj: Sequence[Sequence[int]], x: NDArray[np.float64]
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
        if not leaving and prog.some_entrants:
            continue

        def moving(v: int, leaving: bool = leaving, d: int = d) -> list[int]:
            """Columns that are 1 when `v` moves out of (or into) `d`."""
            return (
                prog.leaves(v) if leaving else [prog.entry[(v, d)]] if (v, d) in prog.entry else []
            )

        for group in components(units, adj):
            inside = set(group)
            ring = {v for u in group for v in adj[u] if v not in inside}
            if any((labels[v] != d) if leaving else (labels[v] == d) for v in ring):
                continue  # the group touches where it goes
            around = [c for v in ring for c in moving(v)]
            for u in group:
                cols = moving(u)
                prog.add(cols + around, [1.0] * len(cols) + [-1.0] * len(around), -np.inf, 0.0)
            added = True
    return added


def run(
    prog: Program, below: int, time_limit_s: float, integer: bool
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
