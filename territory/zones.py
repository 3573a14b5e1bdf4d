"""Delivery zones: unions of whole areas, each connected, balanced on stops and cases.

With the city's 20 areas every split into connected unions within the tolerance can be
listed (a few thousand), so the plan is the best of them all: its worst zone-day as little
over its depot's fleet as possible (in cases, or in work against the shifts; as a share of
that fleet, so a county depot's few vans count as much as the city's 32), then the least
overload summed over all zone-days, then the fewest cases short, then the smallest largest
deviation. When no split within the tolerance fits the fleets, wider ones are listed too
(±20 %, ±30 %): a zone-day its fleet cannot deliver is worse than an uneven one. A
shortfall left is then the areas', not the search's.
When the unions are too many to list, or none is within the tolerance, a small search runs
instead: many starts (areas grown into zones from random seeds), each improved by moving one
area, or swapping two, between zones while every zone stays connected. Deterministic for a
seed.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class ZonePlan:
    zone_of: list[int]
    """Zone (0-based) of each area."""
    deviation: dict[str, float]
    """Largest relative deviation from the mean per measure (stops, cases)."""
    contiguous: bool
    proved: bool = False
    """True when the plan is the best of every split within the tolerance."""


WIDER = (0.2, 0.3)
"""Tolerances tried in turn when no split within the asked one fits the depots' fleets."""
UNIONS_LIMIT = 200_000
"""Connected unions of areas the exact search lists at most (beyond, the search runs)."""


def _connected(members: Sequence[int], graph: Sequence[set[int]]) -> bool:
    if not members:
        return False
    inside, seen = set(members), {members[0]}
    queue = deque([members[0]])
    while queue:
        for v in graph[queue.popleft()]:
            if v in inside and v not in seen:
                seen.add(v)
                queue.append(v)
    return len(seen) == len(inside)


@dataclass(frozen=True)
class Fit:
    """What a zone-day must fit: each depot's cases (and work) per area and what its fleet
    carries (and works) in a day."""

    depot_cases: NDArray[np.float64]
    """(areas, depots) cases a delivery day."""
    capacity: NDArray[np.float64]
    """(depots,) cases its vehicles carry in a day."""
    depot_work: NDArray[np.float64] | None = None
    """(areas, depots) seconds of vehicles' days a delivery day takes (`routing.stop_work`)."""
    work_capacity: NDArray[np.float64] | None = None
    """(depots,) seconds of work its vehicles' shifts hold."""

    def limits(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Per area the depots' cases and work side by side, and what each depot holds of
        them: the overload is the worst of both."""
        if self.depot_work is None or self.work_capacity is None:
            return self.depot_cases, self.capacity
        return (
            np.hstack([self.depot_cases, self.depot_work]),
            np.concatenate([self.capacity, self.work_capacity]),
        )


def _deviation(zone_of: Sequence[int], loads: NDArray[np.float64], zones: int) -> float:
    totals = np.zeros((zones, loads.shape[1]))
    np.add.at(totals, np.asarray(zone_of), loads)
    mean = loads.sum(axis=0) / zones
    return float(np.abs(totals / np.maximum(mean, 1e-12) - 1).max())


def shortfall(zone_of: Sequence[int], fit: Fit, zones: int) -> float:
    """Cases beyond the depots' fleets, summed over the zone-days."""
    totals = np.zeros((zones, fit.depot_cases.shape[1]))
    np.add.at(totals, np.asarray(zone_of), fit.depot_cases)
    return float(np.maximum(totals - fit.capacity[None, :], 0.0).sum())


def overload(zone_of: Sequence[int], fit: Fit, zones: int) -> float:
    """The worst zone-day's cases or work beyond its depot's fleet, as a share of that fleet."""
    return _fleet_score(zone_of, fit, zones)[0]


def _fleet_score(zone_of: Sequence[int], fit: Fit, zones: int) -> tuple[float, float]:
    """The worst overload of the zone-days, and all of them summed."""
    beyond = _overloads(zone_of, fit, zones)
    return float(beyond.max(initial=0.0)), float(beyond.sum())


def _overloads(zone_of: Sequence[int], fit: Fit, zones: int) -> NDArray[np.float64]:
    """Every zone-day's cases and work beyond its depot's fleet, as shares of that fleet."""
    need, hold = fit.limits()
    totals = np.zeros((zones, need.shape[1]))
    np.add.at(totals, np.asarray(zone_of), need)
    return _beyond(totals, hold)


def _beyond(need: NDArray[np.float64], hold: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.asarray(np.maximum(need / np.maximum(hold, 1e-9) - 1, 0.0), dtype=float)


def _score(
    zone_of: Sequence[int],
    loads: NDArray[np.float64],
    zones: int,
    tolerance: float,
    fit: Fit | None,
) -> tuple[float, float, float, float, float]:
    """Beyond tolerance first, then the fleets' worst overload, all their overloads and the
    cases short, then the deviation."""
    dev = _deviation(zone_of, loads, zones)
    if fit is None:
        return (max(0.0, dev - tolerance), 0.0, 0.0, 0.0, dev)
    return (
        max(0.0, dev - tolerance),
        *_fleet_score(zone_of, fit, zones),
        shortfall(zone_of, fit, zones),
        dev,
    )


def _grow(
    graph: Sequence[set[int]], zones: int, loads: NDArray[np.float64], rng: random.Random
) -> list[int]:
    """Grow zones from random seed areas, the lightest zone taking a neighbour each turn."""
    n = len(graph)
    zone_of = [-1] * n
    for z, area in enumerate(rng.sample(range(n), zones)):
        zone_of[area] = z
    weight = loads.sum(axis=1)
    totals = [float(weight[zone_of.index(z)]) for z in range(zones)]
    while -1 in zone_of:
        for z in sorted(range(zones), key=lambda z: totals[z]):
            frontier = sorted(
                {v for u in range(n) if zone_of[u] == z for v in graph[u] if zone_of[v] == -1}
            )
            if frontier:
                pick = rng.choice(frontier)
                zone_of[pick] = z
                totals[z] += float(weight[pick])
                break
        else:  # an area cut off from every zone joins the lightest one
            pick = zone_of.index(-1)
            z = min(range(zones), key=lambda z: totals[z])
            zone_of[pick] = z
            totals[z] += float(weight[pick])
    return zone_of


def _improve(
    zone_of: list[int],
    graph: Sequence[set[int]],
    loads: NDArray[np.float64],
    zones: int,
    tolerance: float,
    fit: Fit | None,
) -> list[int]:
    def score(plan: list[int]) -> tuple[float, float, float, float, float]:
        return _score(plan, loads, zones, tolerance, fit)

    best = score(zone_of)
    improved = True
    while improved:
        improved = False
        n = len(zone_of)
        for a in range(n):
            for z in sorted({zone_of[v] for v in graph[a]} - {zone_of[a]}):
                trial = list(zone_of)
                trial[a] = z
                if _valid(trial, graph, zones) and score(trial) < best:
                    zone_of, best, improved = trial, score(trial), True
        for a in range(n):
            for b in range(a + 1, n):
                if zone_of[a] == zone_of[b]:
                    continue
                trial = list(zone_of)
                trial[a], trial[b] = zone_of[b], zone_of[a]
                if _valid(trial, graph, zones) and score(trial) < best:
                    zone_of, best, improved = trial, score(trial), True
    return zone_of


def _valid(zone_of: Sequence[int], graph: Sequence[set[int]], zones: int) -> bool:
    return all(
        _connected([a for a, z in enumerate(zone_of) if z == zone], graph) for zone in range(zones)
    )


def design_zones(
    graph: Sequence[set[int]],
    loads: NDArray[np.float64],
    zones: int,
    *,
    tolerance: float = 0.10,
    fit: Fit | None = None,
    seed: int = 7,
    starts: int = 40,
) -> ZonePlan:
    """Zones for areas with adjacency `graph` and `loads` (areas × [stops, cases]): within
    `tolerance` if possible, then fitting the depots' fleets, then as even as possible; when
    no split within `tolerance` fits the fleets, the wider `WIDER` ones are tried."""
    rng = random.Random(seed)
    n = len(graph)
    exact = _best_split(graph, loads, zones, tolerance, fit) if zones < n else None
    if exact is not None and fit is not None and overload(exact, fit, zones) > 0:
        exact = _widened(graph, loads, zones, tolerance, fit, exact)
    if zones >= n:
        zone_of = list(range(n))
    elif exact is not None:
        zone_of = exact
    else:
        best: tuple[tuple[bool, float, float, float, float, float], list[int]] | None = None
        for _ in range(starts):
            plan = _improve(_grow(graph, zones, loads, rng), graph, loads, zones, tolerance, fit)
            score = (not _valid(plan, graph, zones), *_score(plan, loads, zones, tolerance, fit))
            if best is None or score < best[0]:
                best = (score, plan)
        assert best is not None
        zone_of = best[1]
    return replace(assess_zones(graph, loads, zone_of, zones), proved=exact is not None)


def _widened(
    graph: Sequence[set[int]],
    loads: NDArray[np.float64],
    zones: int,
    tolerance: float,
    fit: Fit,
    plan: list[int],
) -> list[int]:
    """The best split within the wider `WIDER` tolerances that overloads the fleets less than
    `plan` (worst zone-day, then all), stopping at the first that fits them: a zone-day its
    fleet cannot deliver is worse than an uneven one."""
    score = _fleet_score(plan, fit, zones)
    for wider in (t for t in WIDER if t > tolerance):
        again = _best_split(graph, loads, zones, wider, fit)
        if again is not None and _fleet_score(again, fit, zones) < score:
            plan, score = again, _fleet_score(again, fit, zones)
        if score[0] == 0:
            break
    return plan


def assess_zones(
    graph: Sequence[set[int]], loads: NDArray[np.float64], zone_of: Sequence[int], zones: int
) -> ZonePlan:
    """Given zones (`zone_of`: 0-based per area) with their largest deviation per measure
    (stops, cases) and whether each is connected.

    >>> z = assess_zones([{1}, {0}], np.array([[1.0, 2.0], [3.0, 2.0]]), [0, 1], 2)
    >>> z.deviation, z.contiguous
    ({'stops': 0.5, 'cases': 0.0}, True)
    """
    totals = np.zeros((zones, loads.shape[1]))
    np.add.at(totals, np.asarray(zone_of, dtype=np.int64), loads)
    dev = np.abs(totals / np.maximum(loads.sum(axis=0) / zones, 1e-12) - 1).max(axis=0)
    return ZonePlan(
        list(zone_of),
        {"stops": float(dev[0]), "cases": float(dev[1])},
        _valid(zone_of, graph, zones),
    )


def _best_split(
    graph: Sequence[set[int]],
    loads: NDArray[np.float64],
    zones: int,
    tolerance: float,
    fit: Fit | None,
) -> list[int] | None:
    """Zone of each area in the best split into `zones` connected unions within `tolerance`
    (least overload, then shortfall, then largest deviation), or None when there is no such split
    or the unions are too many to list. Loads are not negative."""
    mean = np.maximum(loads.sum(axis=0) / zones, 1e-12)
    unions = _balanced_unions(graph, loads, mean * (1 + tolerance), UNIONS_LIMIT)
    if unions is None:
        return None
    keep = {m: t for m, t in unions.items() if np.all(np.abs(t / mean - 1) <= tolerance + 1e-12)}
    by_low: dict[int, list[int]] = {}
    for m in keep:
        by_low.setdefault(m & -m, []).append(m)
    deviation = {m: float(np.abs(t / mean - 1).max()) for m, t in keep.items()}
    over = {m: 0.0 for m in keep}
    total = {m: 0.0 for m in keep}
    short = {m: 0.0 for m in keep}
    if fit is not None:
        need, hold = fit.limits()
        for m in keep:
            beyond = _beyond(need[_members(m)].sum(axis=0), hold)
            over[m], total[m] = float(beyond.max(initial=0.0)), float(beyond.sum())
            cases = fit.depot_cases[_members(m)].sum(axis=0)
            short[m] = float(np.maximum(cases - fit.capacity, 0.0).sum())
    best: tuple[tuple[float, float, float, float], list[int]] | None = None
    for split in _splits((1 << len(graph)) - 1, zones, by_low, keep):
        score = (
            max(over[m] for m in split),
            sum(total[m] for m in split),
            sum(short[m] for m in split),
            max(deviation[m] for m in split),
        )
        if best is None or score < best[0]:
            best = (score, split)
    return None if best is None else _labels(best[1], len(graph))


def _balanced_unions(
    graph: Sequence[set[int]], loads: NDArray[np.float64], high: NDArray[np.float64], limit: int
) -> dict[int, NDArray[np.float64]] | None:
    """Every connected union of areas (a bit mask) whose loads stay within `high`, with its
    loads; None past `limit` unions. Grown one neighbour at a time (loads only add up)."""
    found = {1 << a: loads[a] for a in range(len(graph)) if np.all(loads[a] <= high)}
    layer = list(found)
    while layer:
        grown = []
        for mask in layer:
            reach = {b for a in _members(mask) for b in graph[a]}
            for b in reach:
                bigger = mask | 1 << b
                if bigger in found or bigger == mask:
                    continue
                total = found[mask] + loads[b]
                if np.all(total <= high):
                    found[bigger] = total
                    grown.append(bigger)
            if len(found) > limit:
                return None
        layer = grown
    return found


def _splits(
    rest: int, zones: int, by_low: dict[int, list[int]], keep: dict[int, NDArray[np.float64]]
) -> Iterator[list[int]]:
    """Every way to cover `rest` with `zones` disjoint unions of `keep` (each split once: a
    union takes the lowest area left)."""
    if zones == 1:
        if rest in keep:
            yield [rest]
        return
    for mask in by_low.get(rest & -rest, []):
        if mask & rest == mask:
            for tail in _splits(rest & ~mask, zones - 1, by_low, keep):
                yield [mask, *tail]


def _members(mask: int) -> list[int]:
    return [a for a in range(mask.bit_length()) if mask >> a & 1]


def _labels(split: list[int], n: int) -> list[int]:
    zone_of = [0] * n
    for z, mask in enumerate(split):
        for a in _members(mask):
            zone_of[a] = z
    return zone_of
