"""Delivery days: waves, capacity over both trips, shifts, reasons for unserved stops."""

from __future__ import annotations

import numpy as np
import pytest

from graph.errors import InvalidInput
from routing.delivery import plan_day
from routing.delivery_params import DeliveryParams
from routing.matrix import StraightLine
from routing.params import SolveParams
from routing.waves import DeliveryStop, DeliveryVehicle, DepotSite, split_waves

DEPOT = DepotSite("D1", 117.30, 31.86)


def _stops(
    n: int, *, cases: float = 0.5, seed: int = 1, spread: float = 0.03, remote: int = 0
) -> list[DeliveryStop]:
    """n stops around the depot (half morning, half afternoon batch) and `remote` far ones."""
    rng = np.random.default_rng(seed)
    out = [
        DeliveryStop(
            f"S{i}",
            DEPOT.lon + rng.normal(0, spread),
            DEPOT.lat + rng.normal(0, spread),
            cases,
            "am" if i % 2 else "pm",
            "D1",
            "A1",
        )
        for i in range(n)
    ]
    out += [
        DeliveryStop(
            f"R{i}", DEPOT.lon + 0.4 + rng.normal(0, 0.01), DEPOT.lat, cases, "am", "D1", "A1"
        )
        for i in range(remote)
    ]
    return out


FAST = SolveParams(time_limit_s=1, max_iterations=200)


def test_every_stop_is_served_within_capacity_and_shift() -> None:
    vehicles = [DeliveryVehicle("V1", "D1", 45, 2), DeliveryVehicle("V2", "D1", 55, 3)]
    plan = plan_day(
        _stops(40),
        vehicles,
        {"D1": DEPOT},
        DeliveryParams(),
        StraightLine(),
        solve_params=FAST,
        budget_s=4,
    )
    s = plan.summary
    assert s.served == 40 and plan.unserved == () and s.over_capacity == ()
    assert s.max_shift_minutes <= 420
    by_trip = {(t.vehicle, t.trip): t for t in plan.trips}
    for (vehicle, trip), t in by_trip.items():
        if trip == 2 and (vehicle, 1) in by_trip:
            assert by_trip[(vehicle, 1)].end_s <= t.start_s  # reload between the trips
    am = {r for t in plan.trips if t.kind == "am" for r, _, _ in t.stops}
    assert all(int(r[1:]) % 2 for r in am)  # morning trip, morning batch


def test_a_shortage_is_reported_with_its_numbers() -> None:
    vehicles = [DeliveryVehicle("V1", "D1", 10, 2)]
    plan = plan_day(
        _stops(30, cases=1.0),
        vehicles,
        {"D1": DEPOT},
        DeliveryParams(),
        StraightLine(),
        solve_params=FAST,
        budget_s=3,
    )
    reasons = {why for _, why in plan.unserved}
    assert plan.summary.served + len(plan.unserved) == 30
    assert any(r.startswith("capacity: 15.0 cases for 10.0 available") for r in reasons)
    assert plan.summary.max_load_cases <= 10


def test_remote_retailers_get_one_full_day_trip() -> None:
    waves = split_waves(
        _stops(10, remote=5),
        [DeliveryVehicle("V1", "D1", 45, 2), DeliveryVehicle("V2", "D1", 45, 2)],
        {"D1": DEPOT},
        DeliveryParams(),
    )
    day = [w for w in waves if w.kind == "day"]
    assert len(day) == 1 and {s.id for s in day[0].stops} == {f"R{i}" for i in range(5)}
    assert set(day[0].vehicles).isdisjoint(next(w for w in waves if w.kind == "am").vehicles)


def test_a_stop_without_coordinates_is_refused() -> None:
    with pytest.raises(InvalidInput, match="no coordinates"):
        StraightLine().matrices([(117.3, 31.8), (float("nan"), 31.8)])


def test_straight_line_times_are_symmetric_and_zero_on_the_diagonal() -> None:
    d, t = StraightLine().matrices([(117.3, 31.8), (117.35, 31.82), (117.0, 32.2)])
    assert (d == d.T).all() and (t == t.T).all() and not d.diagonal().any()
    assert t[0, 2] / d[0, 2] < t[0, 1] / d[0, 1]  # rural legs are faster per metre


def test_fractional_cartons_never_let_a_vehicle_exceed_its_cases() -> None:
    stops = _stops(40, cases=0.43, seed=4)  # 21.5 cartons each: rounding down would overload
    fleet = [DeliveryVehicle("V1", "D1", 9.0, 2)]
    plan = plan_day(
        stops,
        fleet,
        {"D1": DEPOT},
        DeliveryParams(),
        StraightLine(),
        solve_params=SolveParams(time_limit_s=2, max_iterations=200),
        budget_s=4,
    )
    loads = [t.load_cases for t in plan.trips]
    assert sum(loads) <= 9.0 + 1e-9 and plan.summary.over_capacity == ()


@pytest.mark.xfail(
    strict=True,
    reason="split_waves gives a group's only vehicles both the remote day trip and the "
    "morning trip (two_trip falls back to the day vehicles); both are numbered trip 1",
)
def test_no_vehicle_is_on_two_trips_at_once() -> None:
    plan = plan_day(
        _stops(10, remote=3),
        [DeliveryVehicle("V1", "D1", 45, 2)],
        {"D1": DEPOT},
        DeliveryParams(),
        StraightLine(),
        solve_params=FAST,
        budget_s=2,
    )
    spans = sorted((t.start_s, t.end_s) for t in plan.trips)
    assert all(end <= start for (_, end), (start, _) in zip(spans, spans[1:]))
    assert len({(t.vehicle, t.trip) for t in plan.trips}) == len(plan.trips)
