"""Freeing vehicles: a vehicle whose stops the others can take, with every window, shift and
capacity kept, is emptied when the day then drives more by less than a vehicle is worth."""

from __future__ import annotations

import math

import numpy as np
import pytest

from routing.day_freeing import free_vehicles
from routing.day_inputs import DeliveryStop, DeliveryVehicle
from routing.day_plan import Trip
from routing.day_routes import DepotRoutes
from tests.routing.depot_days import (
    PARAMS,
    check_trips,
    depot_day,
    shop,
    trip_along,
)

WORTH = PARAMS.vehicle_cost_m


def _three_vans(
    room: tuple[float, float, float] = (45, 45, 45),
) -> tuple[list[DeliveryStop], list[DeliveryVehicle], list[Trip]]:
    """Van A serves five shops 6 km east, van B five shops 8 km west, and van C two shops
    beside B's (0.4 cases a shop); `room` gives their capacities."""
    east = [shop(f"E{i}", 6, 0.2 * i) for i in range(5)]
    west = [shop(f"W{i}", -8, 0.2 * i) for i in range(5)]
    near = [shop(f"N{i}", -7.5, 0.3 + 0.2 * i) for i in range(2)]
    vans = [DeliveryVehicle(v, "D1", c, 2) for v, c in zip("ABC", room)]
    trips = [trip_along("A", 1, east), trip_along("B", 1, west), trip_along("C", 1, near)]
    return [*east, *west, *near], vans, trips


def _routes(
    stops: list[DeliveryStop], vans: list[DeliveryVehicle], trips: list[Trip]
) -> DepotRoutes:
    return DepotRoutes(depot_day(stops, vans), trips, {v.id: v for v in vans}, PARAMS)


def _trips(routes: DepotRoutes) -> list[Trip]:
    return [t for v in routes.used() for t in routes.trips(v)]


def test_vehicles_whose_stops_the_others_can_take_are_freed_fewest_stops_first() -> None:
    stops, vans, trips = _three_vans()
    routes = _routes(stops, vans, trips)
    before = routes.total_m
    assert free_vehicles(routes, math.inf, WORTH) == ["C", "A"]  # one van carries the day
    after = _trips(routes)
    check_trips(after, stops, vans)
    assert {t.vehicle for t in after} == {"B"}
    assert routes.total_m - before < 2 * WORTH


@pytest.mark.parametrize(
    ("room", "worth_m"),
    [((2.0, 2.0, 0.8), WORTH), ((45, 45, 45), -30_000)],
    ids=["every van full", "freeing C saves 19.6 km, a vehicle is worth 30 km less"],
)
def test_a_vehicle_is_kept_with_every_route_as_it_was(
    room: tuple[float, float, float], worth_m: float
) -> None:
    stops, vans, trips = _three_vans(room)
    routes = _routes(stops, vans, trips)
    days = {v: [list(t) for t in d] for v, d in routes.routes.items()}
    assert free_vehicles(routes, math.inf, worth_m) == []
    assert routes.routes == days
    assert routes.total_m == sum(t.distance_m for t in trips)


def test_a_past_deadline_frees_nothing() -> None:
    stops, vans, trips = _three_vans()
    routes = _routes(stops, vans, trips)
    assert free_vehicles(routes, 0.0, WORTH) == []


def test_a_day_of_light_vans_frees_the_same_vehicles_every_time() -> None:
    """Four vans with six shops each within 3 km of the depot: two can carry them."""
    rng = np.random.default_rng(3)
    east, north = rng.uniform(-3, 3, (2, 24))
    shops = [shop(f"S{i}", east[i], north[i], cases=1.5) for i in range(24)]
    vans = [DeliveryVehicle(f"V{n}", "D1", 20, 2) for n in range(4)]
    trips = [trip_along(v.id, 1, shops[6 * n : 6 * n + 6]) for n, v in enumerate(vans)]
    runs = []
    for _ in range(2):
        routes = _routes(shops, vans, trips)
        runs.append((free_vehicles(routes, math.inf, WORTH), _trips(routes)))
    assert runs[0] == runs[1]
    freed, after = runs[0]
    check_trips(after, shops, vans)
    assert sorted(s for t in after for s, _, _ in t.stops) == sorted(s.id for s in shops)
    assert len(freed) == 2 and {t.vehicle for t in after} == {v.id for v in vans} - set(freed)
