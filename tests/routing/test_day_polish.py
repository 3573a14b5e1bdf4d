"""Polishing a depot's day: runs of stops move to the vehicle that passes closest, trips
are turned around and emptied vehicles freed, while every window, shift, reload and
capacity still holds."""

from __future__ import annotations

import pytest

from routing.day_inputs import DeliveryStop, DeliveryVehicle
from routing.day_polish import polish
from routing.delivery_params import DeliveryParams
from tests.routing.depot_days import (
    PARAMS,
    TIGHT,
    VANS,
    check_trips,
    depot_day,
    engine_day,
    shop,
    trip_along,
)


def _village_day() -> tuple[list[DeliveryStop], list[DeliveryStop], list[DeliveryStop]]:
    """A village 6 km west, east shops 6 km east and west shops 8 km west."""
    village = [shop(f"V{i}", -6, 0.2 * i) for i in range(5)]
    east = [shop(f"E{i}", 6, 0.2 * i) for i in range(5)]
    west = [shop(f"W{i}", -8, 0.2 * i) for i in range(5)]
    return village, east, west


def test_a_village_moves_whole_to_the_van_that_passes_it() -> None:
    village, east, west = _village_day()
    vans = [DeliveryVehicle("A", "D1", 45, 2), DeliveryVehicle("B", "D1", 45, 2)]
    stops = [*village, *east, *west]
    before = [trip_along("A", 1, [*east, *village]), trip_along("B", 1, west)]
    after = polish(depot_day(stops, vans), before, {v.id: v for v in vans}, PARAMS)
    check_trips(after, stops, vans)
    on = {s: t.vehicle for t in after for s, _, _ in t.stops}
    assert {on[s.id] for s in [*village, *west]} == {"B"}
    assert sum(t.distance_m for t in after) < sum(t.distance_m for t in before)


def test_a_van_without_room_keeps_its_load_and_a_van_emptied_is_freed() -> None:
    village, east, west = _village_day()
    stops = [*village, *east, *west]
    full = [DeliveryVehicle("A", "D1", 4.0, 2), DeliveryVehicle("B", "D1", 2.2, 2)]
    before = [trip_along("A", 1, [*east, *village]), trip_along("B", 1, west)]
    kept = polish(depot_day(stops, full), before, {v.id: v for v in full}, PARAMS)
    check_trips(kept, stops, full)  # A is full; B holds 2.2 cases: the west's 2.0, no room for more
    assert {s for t in kept if t.vehicle == "B" for s, _, _ in t.stops} == {s.id for s in west}
    roomy = [DeliveryVehicle("A", "D1", 45, 2), DeliveryVehicle("B", "D1", 45, 2)]
    before = [
        trip_along("A", 1, east),
        trip_along("B", 1, [*west, village[0]]),
        trip_along("C", 1, village[1:]),
    ]
    vans = [*roomy, DeliveryVehicle("C", "D1", 45, 2)]
    freed = polish(depot_day(stops, vans), before, {v.id: v for v in vans}, PARAMS)
    check_trips(freed, stops, vans)
    assert "C" not in {t.vehicle for t in freed}


def test_a_past_deadline_returns_the_trips_as_they_were() -> None:
    village, east, west = _village_day()
    vans = [DeliveryVehicle("A", "D1", 45, 2), DeliveryVehicle("B", "D1", 45, 2)]
    before = [trip_along("A", 1, [*east, *village]), trip_along("B", 1, west)]
    day = depot_day([*village, *east, *west], vans)
    assert polish(day, before, {v.id: v for v in vans}, PARAMS, deadline=0.0) == before


@pytest.mark.parametrize("params", [PARAMS, TIGHT], ids=["usual", "tight"])
def test_an_engines_day_drives_less_and_keeps_every_constraint(
    params: DeliveryParams, monkeypatch: pytest.MonkeyPatch
) -> None:
    stops, trips = engine_day(params, monkeypatch)
    day, fleet = depot_day(stops, VANS, params), {v.id: v for v in VANS}
    check_trips(trips, stops, VANS, params)
    after = polish(day, trips, fleet, params)
    check_trips(after, stops, VANS, params)
    assert sorted(s for t in after for s, _, _ in t.stops) == sorted(s.id for s in stops)
    assert sum(t.distance_m for t in after) < sum(t.distance_m for t in trips)
    assert polish(day, trips, fleet, params) == after  # the same every time
