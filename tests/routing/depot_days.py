"""Depot days for the tests of the passes after the engines: a depot, days built by hand or
by the engine, and an independent check of every trip's timing, windows and loads."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
import pytest

import routing.delivery
from graph.geo import haversine_km
from routing.day_bound import depot_bound
from routing.day_inputs import DeliveryStop, DeliveryVehicle, DepotSite
from routing.day_plan import Trip
from routing.day_repair import DepotDay
from routing.delivery import plan_day
from routing.delivery_params import HOUR, DeliveryParams
from routing.matrix import StraightLine
from routing.params import SolveParams

DEPOT = DepotSite("D1", 117.30, 31.86)
PARAMS = DeliveryParams()


def depot_day(
    stops: Sequence[DeliveryStop], vans: Sequence[DeliveryVehicle], params: DeliveryParams = PARAMS
) -> DepotDay:
    """The stops as the depot's day, with their matrices and the bound."""
    points = [(DEPOT.lon, DEPOT.lat), *((s.lon, s.lat) for s in stops)]
    between = StraightLine().matrices(points)
    remote = [haversine_km(DEPOT.lon, DEPOT.lat, s.lon, s.lat) > params.radius_km for s in stops]
    bound = depot_bound("D1", stops, remote, vans, between[1].astype(float), params)
    return DepotDay(DEPOT, list(stops), remote, list(vans), bound, [], between)


def trip_along(vehicle: str, number: int, stops: Sequence[DeliveryStop]) -> Trip:
    """A morning trip from the shift's start along `stops` (a crew of two)."""
    _, dur = StraightLine().matrices([(DEPOT.lon, DEPOT.lat), *((s.lon, s.lat) for s in stops)])
    clock, prev, times = PARAMS.shift_start_s, 0, []
    for n, s in enumerate(stops, 1):
        clock += int(dur[prev, n])
        times.append(clock)
        clock, prev = clock + PARAMS.service_s(s.cases, 2), n
    return Trip(
        vehicle, "D1", number, "am", tuple((s.id, t, s.cases) for s, t in zip(stops, times)),
        PARAMS.shift_start_s, clock + int(dur[prev, 0]), sum(s.cases for s in stops),
        drive_of(stops), "ortools",
    )  # fmt: skip


def drive_of(stops: Sequence[DeliveryStop]) -> int:
    """Metres from the depot along `stops` and back."""
    dist, _ = StraightLine().matrices([(DEPOT.lon, DEPOT.lat), *((s.lon, s.lat) for s in stops)])
    path = [0, *range(1, len(stops) + 1), 0]
    return int(sum(dist[a, b] for a, b in zip(path, path[1:])))


def check_trips(
    trips: Sequence[Trip],
    stops: Sequence[DeliveryStop],
    vans: Sequence[DeliveryVehicle],
    params: DeliveryParams = PARAMS,
) -> None:
    """Every trip's times, worked out again from its start: each stop starts inside its
    window no sooner than the van can be there, trips are back by the shift's end, the
    afternoon trip leaves after the reload and once its orders are ready, and each van's
    cases fit it."""
    by_id = {s.id: s for s in stops}
    crew = {v.id: v.crew for v in vans}
    days: dict[str, dict[int, Trip]] = {}
    for t in trips:
        days.setdefault(t.vehicle, {})[t.trip] = t
        path = [by_id[s] for s, _, _ in t.stops]
        _, dur = StraightLine().matrices([(DEPOT.lon, DEPOT.lat), *((s.lon, s.lat) for s in path)])
        clock, prev = t.start_s, 0
        for n, (s, (_, start, cases)) in enumerate(zip(path, t.stops), 1):
            far = haversine_km(DEPOT.lon, DEPOT.lat, s.lon, s.lat) > params.radius_km
            opens, closes = (
                (params.shift_start_s, params.shift_end_s) if far
                else (params.pm_start_s, params.shift_end_s) if s.batch == "pm"
                else (params.shift_start_s, params.am_end_s)
            )  # fmt: skip
            assert opens <= start <= closes and start >= clock + dur[prev, n]
            assert far or t.trip == (2 if s.batch == "pm" else 1)
            clock, prev = start + params.service_s(cases, crew[t.vehicle]), n
        assert t.start_s >= params.shift_start_s
        assert clock + dur[prev, 0] <= t.end_s <= params.shift_end_s
    for vehicle, day in days.items():
        if 2 in day:
            assert day[2].start_s >= params.pm_ready_s
            assert 1 not in day or day[2].start_s >= day[1].end_s + params.reload_s
        cases = sum(t.load_cases for t in day.values())
        assert cases <= next(v.capacity_cases for v in vans if v.id == vehicle) + 1e-9
    served = Counter(s for t in trips for s, _, _ in t.stops)
    assert all(n == 1 for n in served.values())


def shop(name: str, east_km: float, north_km: float, cases: float = 0.4) -> DeliveryStop:
    return DeliveryStop(
        name, DEPOT.lon + east_km / 94.6, DEPOT.lat + north_km / 111.2, cases, "am", "D1", "A1"
    )


VANS = [DeliveryVehicle(f"V{i}", "D1", 30, 2 + i % 2) for i in range(4)]


TIGHT = DeliveryParams(
    am_end_s=10 * HOUR + 1800, pm_ready_s=10 * HOUR + 1800, shift_end_s=13 * HOUR + 1800
)
"""Windows and a shift so short that many shortenings of a day would break one."""


def engine_day(
    params: DeliveryParams, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[DeliveryStop], list[Trip]]:
    """A day of 80 stops and, on the usual windows, 10 remote shops, with two trips a
    van, and the engine's trips for it, searched briefly so that they leave room to shorten
    (the polish left out)."""
    rng = np.random.default_rng(5)
    stops = [
        DeliveryStop(
            f"S{i}",
            DEPOT.lon + rng.normal(0, 0.05),
            DEPOT.lat + rng.normal(0, 0.05),
            0.5,
            "am" if i % 2 else "pm",
            "D1",
            "A1",
        )  # fmt: skip
        for i in range(80)
    ]
    if params.am_end_s == PARAMS.am_end_s:
        stops += [shop(f"R{i}", 30 + i % 3, 2 * (i // 3), 0.5) for i in range(10)]
    monkeypatch.setattr(routing.delivery, "polish", lambda day, trips, *a: list(trips))
    plan = plan_day(
        stops, VANS, {"D1": DEPOT}, params, StraightLine(),
        solve_params=SolveParams(time_limit_s=2, max_iterations=5), budget_s=10,
    )  # fmt: skip
    assert plan.unserved == ()
    return stops, list(plan.trips)
