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
above them (its leavers), and a group of touching districts only above theirs (their
leavers: what one sheds into the next, the next must shed too; a unit leaves the group
through leavers of the group, and entrants from outside, which only add, are left out). In
those a leaver also reaches the border
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
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from territory.contiguity import articulation_units, components
from territory.metrics import totals_by_district
from territory.rebalance.move_program import Builder, Scope, run, solve_joined

FLOOR_SHARE = 0.5
"""Share of the time for the districts' floors (the whole program gets the rest)."""
FLOOR_REACH = 6
"""A district below its limits looks this many hops out for entrants in its floor (so that
floor is at most this)."""
RINGS = 4
"""Rings around a deep leaver that a floor's paths must cross (wider rings are weaker)."""


@dataclass(frozen=True)
class _Floor:
    """A floor to find: the fewest moves touching some districts, from a small program."""

    leavers: tuple[int, ...]
    """Districts whose leavers count."""
    entrants: tuple[int, ...]
    """Districts whose entrants count."""
    scope: Scope
    cap: int


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
    totals = totals_by_district(labels, q, k)
    over = np.any(totals > upper + 1e-9, axis=1)
    under = np.any(totals < lower - 1e-9, axis=1)
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
    cuts = articulation_units(labels.tolist(), adj, k)
    builder = Builder(q, labels, totals, lower, upper, adj, movable, joinable, pieces, cuts)
    asks = _floors_to_find(builder, over, under, changing, below)
    floors = _find_floors(builder, asks, end - time_limit_s * (1 - FLOOR_SHARE))
    everything = Scope(changing, changing, {d: (True, True) for d in changing}, changing)

    def whole(cap: int) -> int:
        prog = builder.build(everything, cap)
        for ask, low in zip(asks, floors):
            cols = [prog.leavers(d) for d in ask.leavers] + [prog.entrants(d) for d in ask.entrants]
            prog.add(cols, [1.0] * len(cols), low, np.inf)  # below the cap: bound + 1 ≤ cap
        return run(prog, cap, max(end - time.perf_counter(), 0.5), integer=False)[0]

    return _ladder(whole, max(floors, default=0), below, end)


def _floors_to_find(
    data: Builder,
    over: NDArray[np.bool_],
    under: NDArray[np.bool_],
    changing: tuple[int, ...],
    below: int,
) -> list[_Floor]:
    """A floor for each district below its limits (its entrants, and its leavers when it is
    above on another measure or split), each group of touching districts only above their
    limits (their leavers, each district held to its limits: what one sheds cannot just land
    in the next), and each such district on its own unless the group as a whole is above on
    every measure it is."""
    out = []
    for d in changing:
        if under[d]:
            leave = (d,) if over[d] or len(data.pieces[d]) > 1 else ()
            scope = Scope((d,), leave, {d: (True, bool(over[d]))}, leave)
            out.append(_Floor(leave, (d,), scope, min(below, FLOOR_REACH)))
    only_over = [d for d in changing if over[d] and not under[d]]
    clusters = _touching(only_over, data.labels, data.adj, len(over))
    for c in clusters:
        scope = Scope(tuple(c), tuple(c), {d: (False, True) for d in c}, (), tuple(c))
        out.append(_Floor(tuple(c), (), scope, below))
    for d in only_over:
        group = next((c for c in clusters if d in c), [d])
        as_one = data.totals[group].sum(axis=0) > data.upper[group].sum(axis=0) + 1e-9
        if len(group) == 1 or np.any((data.totals[d] > data.upper[d] + 1e-9) & ~as_one):
            out.append(_Floor((d,), (d,), Scope((), (d,), {d: (False, True)}, (d,)), below))
    return out


def _find_floors(builder: Builder, asks: list[_Floor], end: float) -> list[int]:
    """Each floor's integer program with its movers joined, in time shared by size (0 for
    those the time does not reach)."""
    progs = [builder.build(a.scope, a.cap, RINGS) for a in asks]
    weight = sum(prog.moves for prog in progs)
    floors = []
    for ask, prog in zip(asks, progs):
        share = (end - time.perf_counter()) * prog.moves / max(weight, 1)
        weight -= prog.moves
        if share <= 0:
            floors.append(0)
            continue
        joined = solve_joined(
            prog, builder.labels, builder.adj, ask.cap, time.perf_counter() + share
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
