"""A depot's planned day as numbers, for the passes that change it after the engines
(`routing.day_polish`, `routing.day_freeing`): its stops with their windows, trips and
loads, each vehicle's two trips, and the checks that keep the day feasible.

The timing is the engine's (`routing.part_model`): the morning trip leaves at the shift's
start, the afternoon trip after a reload and not before the afternoon orders are ready (at
their release when the morning trip is empty), a stop waits for its window to open and must
start within it, every trip is back by the shift's end, and a vehicle's cases over the day,
in cartons, fit it. Each vehicle serves at its own crew's pace.

`schedule` works a whole day out. For moving runs of stops between vehicles, each vehicle's
day is also kept timed both ways (when each stop starts, and the latest it may start with
the rest of the day still feasible), so that `Places.fit` tells at once, for every place on
every vehicle, whether a run of stops fits there (Savelsbergh's forward and backward times).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from routing.day_inputs import DeliveryVehicle
from routing.day_plan import Trip
from routing.day_repair import DepotDay
from routing.delivery_params import DeliveryParams
from routing.part_model import cartons_of, stop_window, trip_kind, vehicle_room

Day = list[list[int]]
"""A vehicle's two trips as stop numbers (1-based in the depot's matrices)."""

Ints = NDArray[np.int64]


@dataclass(frozen=True)
class Places:
    """The legs a run of stops could be put on: leg i runs from `start[i]` to `end[i]` on
    vehicle `used[vehicle[i]]`'s trip `trip[i]` (0 or 1), before the stop at `position[i]`;
    the vehicle can leave `start[i]` at `ready[i]` and must reach `end[i]` by `latest[i]`."""

    used: list[str]
    rows: Ints
    """Each used vehicle's row in the depot's table of service times."""
    spare: Ints
    """Each used vehicle's room left, in cartons."""
    start: Ints
    end: Ints
    vehicle: Ints
    trip: Ints
    position: Ints
    ready: Ints
    latest: Ints


@dataclass(frozen=True)
class _Timed:
    """One vehicle's day timed: per trip, the legs from the depot, through the stops and
    back, with the time the vehicle can leave each leg's start and the latest it may reach
    each leg's end."""

    start: Ints
    end: Ints
    trip: Ints
    position: Ints
    ready: Ints
    latest: Ints


_LEG_FIELDS = ("start", "end", "trip", "position", "ready", "latest")


class DepotRoutes:
    """A depot's stops as numbers, with their windows, trips and loads, and its routes."""

    def __init__(
        self,
        day: DepotDay,
        trips: Sequence[Trip],
        fleet: Mapping[str, DeliveryVehicle],
        params: DeliveryParams,
    ) -> None:
        self.day = day
        self.dist: Ints = np.asarray(day.matrices[0], dtype=np.int64)
        self.dur: Ints = np.asarray(day.matrices[1], dtype=np.int64)
        self.p = params
        bound = [stop_window(s, far, params) for s, far in zip(day.stops, day.remote)]
        self.window = [(params.shift_start_s, params.shift_end_s), *(w for w, _ in bound)]
        self.opens: Ints = np.array([w[0] for w in self.window], dtype=np.int64)
        self.closes: Ints = np.array([w[1] for w in self.window], dtype=np.int64)
        self.trip_of = [0, *(t for _, t in bound)]
        self.cases = [0.0, *(s.cases for s in day.stops)]
        self.cartons = [0, *(cartons_of(s.cases, params.cartons_per_case) for s in day.stops)]
        number = {s.id: i + 1 for i, s in enumerate(day.stops)}
        self.routes: dict[str, Day] = {}
        for t in sorted(trips, key=lambda t: (t.vehicle, t.trip)):
            day_of = self.routes.setdefault(t.vehicle, [[], []])
            day_of[t.trip - 1] = [number[s] for s, _, _ in t.stops]
        self.engine = {t.vehicle: t.engine for t in trips}
        self.room = {v: vehicle_room(fleet[v], params) for v in self.routes}
        self.service = {
            v: [0, *(params.service_s(s.cases, fleet[v].crew) for s in day.stops)]
            for v in self.routes
        }
        self._row = {v: n for n, v in enumerate(sorted(self.routes))}
        self._pace: Ints = np.array([self.service[v] for v in sorted(self.routes)], dtype=np.int64)
        self.load = {v: sum(self.cartons[i] for t in d for i in t) for v, d in self.routes.items()}
        self.where = {i: (v, k) for v, d in self.routes.items() for k in (0, 1) for i in d[k]}
        self.total_m = sum(self.metres(t) for d in self.routes.values() for t in d)
        """Metres the day drives."""
        self._timed: dict[str, _Timed] = {}
        self._places: Places | None = None

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
        """Give the vehicle a new (feasible) day, its load and its stops' places with it."""
        for trip in self.routes[vehicle]:
            for i in trip:
                if self.where[i][0] == vehicle:  # not yet given back to another vehicle
                    del self.where[i]
        self.total_m += sum(self.metres(t) for t in day) - sum(
            self.metres(t) for t in self.routes[vehicle]
        )
        self.routes[vehicle] = day
        self.load[vehicle] = sum(self.cartons[i] for trip in day for i in trip)
        self.where.update((i, (vehicle, k)) for k in (0, 1) for i in day[k])
        self._timed.pop(vehicle, None)
        self._places = None

    def used(self) -> list[str]:
        """The vehicles with a stop, in id order."""
        return [v for v in sorted(self.routes) if any(self.routes[v])]

    def places(self) -> Places:
        """Every leg of the trips of the vehicles in use (an empty trip's as depot to depot):
        where a run of stops could go, in vehicle, trip and position order."""
        if self._places is None:
            used = self.used()
            timed = [self._timed_day(v) for v in used]

            def joined(field: str) -> Ints:
                return np.concatenate(
                    [np.zeros(0, dtype=np.int64), *(getattr(t, field) for t in timed)]
                )

            self._places = Places(
                used,
                np.array([self._row[v] for v in used], dtype=np.int64),
                np.array([self.room[v] - self.load[v] for v in used], dtype=np.int64),
                joined("start"),
                joined("end"),
                np.repeat(np.arange(len(timed), dtype=np.int64), [len(t.start) for t in timed]),
                joined("trip"),
                joined("position"),
                joined("ready"),
                joined("latest"),
            )
        return self._places

    def fit(
        self, places: Places, run: Sequence[int], at: NDArray[np.int64] | None = None
    ) -> NDArray[np.bool_]:
        """Whether the run of stops, in its order, can go on each place (or on the places
        numbered `at`) with the receiving vehicle's day still feasible and the rest of it as
        it is: exact for every vehicle but the one the run is taken from. Capacity and trips
        are not looked at here."""
        legs = np.arange(len(places.start)) if at is None else at
        if not len(legs):
            return np.zeros(0, dtype=bool)
        dur, start, end = self.dur, places.start[legs], places.end[legs]
        take = self._pace[places.rows][:, run][places.vehicle[legs]]  # each leg's paces
        clock = np.maximum(places.ready[legs] + dur[start, run[0]], self.opens[run[0]])
        ok: NDArray[np.bool_] = clock <= self.closes[run[0]]
        for n in range(1, len(run)):
            clock = np.maximum(clock + take[:, n - 1] + dur[run[n - 1], run[n]], self.opens[run[n]])
            ok &= clock <= self.closes[run[n]]
        back: NDArray[np.bool_] = clock + take[:, -1] + dur[run[-1], end] <= places.latest[legs]
        return ok & back

    def allowed(
        self, places: Places, run: Sequence[int], home: str | None = None
    ) -> NDArray[np.bool_]:
        """The places on a trip every stop of the run may ride (its batch's) and on a
        vehicle with room for the run's cartons (`home` has it already)."""
        cartons = sum(self.cartons[i] for i in run)
        ok: NDArray[np.bool_] = places.spare[places.vehicle] >= cartons
        if home in places.used:
            ok |= places.vehicle == places.used.index(home)
        for i in run:
            if self.trip_of[i]:
                ok &= places.trip == self.trip_of[i] - 1
        return ok

    def can_take_out(self, vehicle: str, k: int, at: int, length: int) -> bool:
        """Whether the vehicle's day stays feasible without the `length` stops from
        position `at` of its trip `k`, the rest of it as it is."""
        if len(self.routes[vehicle][k]) == length:
            return True  # an emptied trip lets the other leave as early or earlier
        timed = self._timed_day(vehicle)
        legs = np.flatnonzero(timed.trip == k)
        before, after = legs[at], legs[at + length]
        a, b = int(timed.start[before]), int(timed.end[after])
        return int(timed.ready[before]) + int(self.dur[a, b]) <= int(timed.latest[after])

    def metres(self, trip: Sequence[int]) -> int:
        """Metres from the depot along the trip's stops and back."""
        path = [0, *trip, 0]
        return int(self.dist[path[:-1], path[1:]].sum()) if trip else 0

    def trips(self, vehicle: str) -> list[Trip]:
        """The vehicle's trips as planned now, each leaving just in time for its first stop."""
        routes = self.routes[vehicle]
        starts = self.schedule(vehicle, routes)
        assert starts is not None  # only feasible days are kept
        numbers = [k for k in (0, 1) if routes[k]]
        day, out = self.day, []
        for k in numbers:
            trip, at = routes[k], starts[k]
            stops = tuple(day.stops[i - 1] for i in trip)
            far = any(day.remote[i - 1] for i in trip)
            leave = at[0] - int(self.dur[0, trip[0]])
            back = at[-1] + self.service[vehicle][trip[-1]] + int(self.dur[trip[-1], 0])
            out.append(
                Trip(
                    vehicle,
                    day.site.id,
                    k + 1,
                    trip_kind(k + 1, len(numbers), far),
                    tuple((stop.id, s, stop.cases) for stop, s in zip(stops, at)),
                    leave,
                    back,
                    round(sum(self.cases[i] for i in trip), 2),
                    self.metres(trip),
                    self.engine[vehicle],
                )
            )
        return out

    def _timed_day(self, vehicle: str) -> _Timed:
        """The vehicle's day timed (see `_Timed`), kept until the vehicle's day changes."""
        if vehicle not in self._timed:
            self._timed[vehicle] = self._time(vehicle)
        return self._timed[vehicle]

    def _time(self, vehicle: str) -> _Timed:
        """Time the vehicle's day: when it can leave each stop (or the depot), and the
        latest it may reach each, the morning trip back in time for the afternoon one."""
        p, dur, service, day = self.p, self.dur, self.service[vehicle], self.routes[vehicle]
        starts = self.schedule(vehicle, day)
        assert starts is not None  # only feasible days are kept
        leave = [p.shift_start_s, p.pm_ready_s]
        if day[0]:
            back = starts[0][-1] + service[day[0][-1]] + int(dur[day[0][-1], 0])
            leave[1] = max(back + p.reload_s, p.pm_ready_s)
        second = self._latest(vehicle, day[1], p.shift_end_s)
        by = p.shift_end_s
        if day[1]:
            by = min(by, second[0] - int(dur[0, day[1][0]]) - p.reload_s)
        latest = [self._latest(vehicle, day[0], by), second]
        legs: dict[str, list[int]] = {f: [] for f in _LEG_FIELDS}
        for k in (0, 1):
            path = [0, *day[k], 0]
            ready = [leave[k], *(s + service[i] for s, i in zip(starts[k], day[k]))]
            for n in range(len(path) - 1):
                legs["start"].append(path[n])
                legs["end"].append(path[n + 1])
                legs["trip"].append(k)
                legs["position"].append(n)
                legs["ready"].append(ready[n])
                legs["latest"].append(latest[k][n])
        return _Timed(*(np.array(legs[f], dtype=np.int64) for f in _LEG_FIELDS))

    def _latest(self, vehicle: str, trip: Sequence[int], back_by: int) -> list[int]:
        """The latest each stop of the trip may start, then the latest it may be back at
        the depot, for the trip to be back by `back_by` with every window kept."""
        dur, service = self.dur, self.service[vehicle]
        out = [back_by]
        nxt = 0
        for i in reversed(trip):
            out.append(min(int(self.closes[i]), out[-1] - service[i] - int(dur[i, nxt])))
            nxt = i
        return out[::-1]
