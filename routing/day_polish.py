"""Shorten a depot's planned day: stops moved between its vehicles and trips partly turned
around, wherever every window, shift and capacity still holds and the day drives less.

The sectors are solved apart and each search stops by its solution count, so a day ends
with stops that another sector's vehicle passes closer by, and with trips a reversal or
two from shorter. A sweep tries each trip's reversals (2-opt), then moves runs of
consecutive stops (`CHAINS`), each to its cheapest feasible place on the depot's vehicles
in use (the `CANDIDATES` cheapest tried, the first feasible taken). Sweeps repeat until one
changes nothing or `SWEEPS` have run, so the routes depend on the engines' routes alone;
the clock only caps the passes. A vehicle whose stops all move is freed; none is added.

The day's timing is the engine's (`routing.part_model`): the morning trip leaves from the
shift's start, the afternoon trip after a reload and not before the afternoon orders are
ready, a stop waits for its window to open and must start within it, every trip is back
by the shift's end, and a vehicle's cases over the day, in cartons, fit it. Each vehicle
serves at its own crew's pace.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from routing.day_inputs import DeliveryVehicle
from routing.day_plan import Trip
from routing.day_repair import DepotDay
from routing.delivery_params import DeliveryParams
from routing.part_model import cartons_of, stop_window, trip_kind, vehicle_room

SWEEPS = 4
"""Sweeps at most; on the seeded zone-days the fourth moves few stops."""
CANDIDATES = 30
"""Cheapest places tried for a stop, in order, before it stays where it is."""

CHAINS = (32, 16, 8, 4, 2, 1)
"""Lengths of the runs of consecutive stops a sweep tries to move, longest first: a
village's shops ride together, so moving them one by one rarely pays (on seed 8's seeded
zone-days 1 and 2, runs of up to 32 took 6.6 % and 18.5 % off the engine's km, runs of up
to 3 took 4.7 % and 9.1 %)."""

Day = list[list[int]]
"""A vehicle's two trips as stop numbers (1-based in the depot's matrix)."""


@dataclass(frozen=True)
class _Places:
    """The legs a stop could be put on: leg i runs from `start[i]` to `end[i]` on vehicle
    `used[vehicle[i]]`'s trip `trip[i]` (0 or 1), before the stop at `position[i]`."""

    used: list[str]
    start: NDArray[np.int64]
    end: NDArray[np.int64]
    vehicle: NDArray[np.int64]
    trip: NDArray[np.int64]
    position: NDArray[np.int64]


class _Depot:
    """A depot's stops as numbers, with their windows, trips and loads, and its routes."""

    def __init__(
        self,
        day: DepotDay,
        trips: Sequence[Trip],
        fleet: Mapping[str, DeliveryVehicle],
        params: DeliveryParams,
    ) -> None:
        self.dist: NDArray[np.int64] = np.asarray(day.matrices[0], dtype=np.int64)
        self.dur: NDArray[np.int64] = np.asarray(day.matrices[1], dtype=np.int64)
        self.p = params
        bound = [stop_window(s, far, params) for s, far in zip(day.stops, day.remote)]
        self.window = [(params.shift_start_s, params.shift_end_s), *(w for w, _ in bound)]
        self.trip_of = [0, *(t for _, t in bound)]
        self.cases = [0.0, *(s.cases for s in day.stops)]
        self.cartons = [0, *(cartons_of(s.cases, params.cartons_per_case) for s in day.stops)]
        number = {s.id: i + 1 for i, s in enumerate(day.stops)}
        self.routes: dict[str, Day] = {}
        for t in sorted(trips, key=lambda t: (t.vehicle, t.trip)):
            day_of = self.routes.setdefault(t.vehicle, [[], []])
            day_of[t.trip - 1] = [number[s] for s, _, _ in t.stops]
        self.room = {v: vehicle_room(fleet[v], params) for v in self.routes}
        self.service = {
            v: [0, *(params.service_s(s.cases, fleet[v].crew) for s in day.stops)]
            for v in self.routes
        }
        self.load = {v: sum(self.cartons[i] for t in d for i in t) for v, d in self.routes.items()}
        self._places: _Places | None = None
        self.where = {i: (v, k) for v, d in self.routes.items() for k in (0, 1) for i in d[k]}

    def schedule(self, vehicle: str, day: Day) -> list[list[int]] | None:
        """Each trip's service starts, or None when the day breaks a window or the shift."""
        p, dur, service = self.p, self.dur, self.service[vehicle]
        clock, out = p.shift_start_s, []
        for k, trip in enumerate(day):
            if k == 1:
                clock = max(clock + p.reload_s, p.pm_ready_s) if day[0] else p.pm_ready_s
            starts, prev = [], 0
            for i in trip:
                opens, closes = self.window[i]
                clock = max(clock + int(dur[prev, i]), opens)
                if clock > closes:
                    return None
                starts.append(clock)
                clock += service[i]
                prev = i
            if trip:
                clock += int(dur[prev, 0])
                if clock > p.shift_end_s:
                    return None
            out.append(starts)
        return out

    def put(self, vehicle: str, day: Day) -> None:
        """Give the vehicle a new day."""
        self.routes[vehicle] = day
        self._places = None

    def places(self) -> _Places:
        """Every leg of the trips of the vehicles in use (an empty trip's as depot to depot):
        where a stop could go, in vehicle, trip and position order."""
        if self._places is None:
            used = [v for v in sorted(self.routes) if any(self.routes[v])]
            paths = [(n, k, [0, *self.routes[v][k], 0]) for n, v in enumerate(used) for k in (0, 1)]
            self._places = _Places(
                used,
                np.array([a for _, _, path in paths for a in path[:-1]]),
                np.array([b for _, _, path in paths for b in path[1:]]),
                np.array([n for n, _, path in paths for _ in path[1:]]),
                np.array([k for _, k, path in paths for _ in path[1:]]),
                np.array([p for _, _, path in paths for p in range(len(path) - 1)]),
            )
        return self._places

    def metres(self, trip: Sequence[int]) -> int:
        """Metres from the depot along the trip's stops and back."""
        path = [0, *trip, 0]
        return int(self.dist[path[:-1], path[1:]].sum()) if trip else 0


def polish(
    day: DepotDay,
    trips: Sequence[Trip],
    fleet: Mapping[str, DeliveryVehicle],
    params: DeliveryParams,
    deadline: float = math.inf,
    *,
    sweeps: int = SWEEPS,
) -> list[Trip]:
    """The depot's `trips` after up to `sweeps` sweeps (see the module docstring), no pass
    starting after `deadline` (epoch seconds: the time only caps it); the trips of vehicles
    whose routes did not change are returned as they were."""
    if not trips:
        return []
    depot = _Depot(day, trips, fleet, params)
    before = {v: [list(t) for t in d] for v, d in depot.routes.items()}
    for _ in range(sweeps):
        if time.time() >= deadline:
            break
        moved = sum(_two_opt(depot, v, k) for v in sorted(depot.routes) for k in (0, 1))
        for n in CHAINS:
            if time.time() >= deadline:
                break
            moved += sum(_relocate(depot, i, n) for i in _served(depot))
        if not moved:
            break
    engine = {t.vehicle: t.engine for t in trips}
    kept = [t for t in trips if depot.routes[t.vehicle] == before[t.vehicle]]
    changed = sorted(v for v, d in depot.routes.items() if d != before[v] and any(d))
    return kept + [t for v in changed for t in _trips(depot, day, v, engine[v])]


def _served(depot: _Depot) -> list[int]:
    """The stops on the depot's routes, by number."""
    return sorted(depot.where)


def _two_opt(depot: _Depot, vehicle: str, k: int) -> int:
    """Reverse parts of the vehicle's trip `k` while one shortens it and keeps the day
    feasible; the reversals made."""
    made = 0
    while True:
        trip = depot.routes[vehicle][k]
        path = np.array([0, *trip, 0])
        if len(trip) < 3:
            return made
        d = depot.dist
        ahead = d[path[:-1], path[1:]]
        back = d[path[1:], path[:-1]]
        turn = np.concatenate([[0], np.cumsum(back - ahead)])  # reversing edges i..j-1
        i, j = np.triu_indices(len(path) - 1, k=1)  # reverse path[i+1..j], edges i and j
        delta = (
            d[path[i], path[j]] + d[path[i + 1], path[j + 1]] - ahead[i] - ahead[j]
            + turn[j] - turn[i + 1]
        )  # fmt: skip
        better = np.flatnonzero(delta < -1)
        for c in better[np.argsort(delta[better], kind="stable")][:CANDIDATES]:
            a, b = int(i[c]), int(j[c])
            new = [*trip[:a], *reversed(trip[a:b]), *trip[b:]]
            day = [new if n == k else list(t) for n, t in enumerate(depot.routes[vehicle])]
            if depot.schedule(vehicle, day) is not None:
                depot.put(vehicle, day)
                made += 1
                break
        else:
            return made


def _relocate(depot: _Depot, stop: int, length: int) -> int:
    """Move the `length` stops from `stop` on in its trip, in their order, to their cheapest
    feasible place on a vehicle in use when that drives less than where they are; 1 when
    they moved."""
    home, k0 = depot.where[stop]
    trip0 = depot.routes[home][k0]
    at = trip0.index(stop)
    chain = trip0[at : at + length]
    if len(chain) < length:
        return 0
    first, last, d = chain[0], chain[-1], depot.dist
    prev, nxt = [0, *trip0, 0][at], [0, *trip0, 0][at + length + 1]
    gain = int(d[prev, first] + d[last, nxt] - d[prev, nxt])
    places = depot.places()
    delta = d[places.start, first] + d[last, places.end] - d[places.start, places.end]
    mine = (places.vehicle == places.used.index(home)) & (places.trip == k0)
    cartons = sum(depot.cartons[i] for i in chain)
    room = np.array([v == home or depot.load[v] + cartons <= depot.room[v] for v in places.used])
    beside = mine & (places.position >= at) & (places.position <= at + length)
    ok = (delta < gain - 1) & room[places.vehicle] & ~beside
    for i in chain:
        if depot.trip_of[i]:
            ok &= places.trip == depot.trip_of[i] - 1
    chosen = np.flatnonzero(ok)
    for c in chosen[np.argsort(delta[chosen], kind="stable")][:CANDIDATES]:
        v, k = places.used[places.vehicle[c]], int(places.trip[c])
        p = int(places.position[c]) - (length if mine[c] and places.position[c] > at else 0)
        days = {home: [list(t) for t in depot.routes[home]]}
        del days[home][k0][at : at + length]
        days.setdefault(v, [list(t) for t in depot.routes[v]])[k][p:p] = chain
        if all(depot.schedule(u, day) is not None for u, day in days.items()):
            for u, day in days.items():
                depot.put(u, day)
            depot.load[home] -= cartons
            depot.load[v] += cartons
            depot.where.update((i, (v, k)) for i in chain)
            return 1
    return 0


def _trips(depot: _Depot, day: DepotDay, vehicle: str, engine: str) -> list[Trip]:
    """The vehicle's trips as planned now, each leaving just in time for its first stop."""
    routes = depot.routes[vehicle]
    starts = depot.schedule(vehicle, routes)
    assert starts is not None  # only feasible days are kept
    numbers = [k for k in (0, 1) if routes[k]]
    out = []
    for k in numbers:
        trip, at = routes[k], starts[k]
        far = any(day.remote[i - 1] for i in trip)
        leave = at[0] - int(depot.dur[0, trip[0]])
        back = at[-1] + depot.service[vehicle][trip[-1]] + int(depot.dur[trip[-1], 0])
        out.append(
            Trip(
                vehicle,
                day.site.id,
                k + 1,
                trip_kind(k + 1, len(numbers), far),
                tuple((day.stops[i - 1].id, s, day.stops[i - 1].cases) for i, s in zip(trip, at)),
                leave,
                back,
                round(sum(depot.cases[i] for i in trip), 2),
                depot.metres(trip),
                engine,
            )
        )
    return out
