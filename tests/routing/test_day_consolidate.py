"""Freeing vehicles once every stop is placed: a light vehicle's stops go to the others
when they have room and the plan drives less than the vehicle is worth."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import pytest

import routing.day_consolidate
import routing.day_repair
import routing.delivery
import routing.part_model
from routing.day_inputs import DeliveryStop, DeliveryVehicle, DepotSite
from routing.day_parts import sectors
from routing.day_plan import DayPlan, Trip
from routing.day_repair import Leftover, Solver
from routing.delivery import plan_day
from routing.delivery_params import DeliveryParams
from routing.matrix import StraightLine
from routing.params import SolveParams
from routing.part_model import Part
from routing.problem import RoutePlan

DEPOT = DepotSite("D1", 117.30, 31.86)
FAST = SolveParams(time_limit_s=1, max_iterations=200)


def _day(
    monkeypatch: pytest.MonkeyPatch, cases: float = 0.5
) -> tuple[list[DeliveryStop], list[DeliveryVehicle]]:
    """Two sectors of six stops, one van each: morning orders in the east, afternoon ones
    in the west, so one van could do both as its two trips."""
    monkeypatch.setattr(routing.delivery, "sectors", lambda s, d: sectors(s, d, size=6))
    east = [
        DeliveryStop(f"E{i}", 117.33 + 0.002 * i, 31.86 + 0.001 * (i % 3), cases, "am", "D1", "A1")
        for i in range(6)
    ]
    west = [
        DeliveryStop(f"W{i}", 117.27 - 0.002 * i, 31.86 + 0.001 * (i % 3), cases, "pm", "D1", "A2")
        for i in range(6)
    ]
    return [*east, *west], [DeliveryVehicle("V1", "D1", 10, 2), DeliveryVehicle("V2", "D1", 10, 2)]


def _plan(stops: list[DeliveryStop], vans: list[DeliveryVehicle]) -> DayPlan:
    """The day planned quickly on straight-line times."""
    return plan_day(
        stops, vans, {"D1": DEPOT}, DeliveryParams(), StraightLine(), solve_params=FAST, budget_s=6
    )


def _km(plan: DayPlan) -> float:
    """The km the plan drives."""
    return sum(t.distance_m for t in plan.trips) / 1000


def test_a_light_vehicle_is_freed_when_another_can_take_its_stops(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stops, vans = _day(monkeypatch)
    plan = _plan(stops, vans)
    assert plan.unserved == () and plan.summary.over_capacity == ()
    assert plan.summary.vehicles == 1 == plan.bounds[0].needed
    assert sorted(s for t in plan.trips for s, _, _ in t.stops) == sorted(s.id for s in stops)
    assert sorted((t.vehicle, t.trip) for t in plan.trips) == [
        (plan.trips[0].vehicle, 1),
        (plan.trips[0].vehicle, 2),
    ]

    monkeypatch.setattr(routing.day_consolidate, "CONSOLIDATE_ROUNDS", 0)
    spread = _plan(stops, vans)
    assert spread.summary.vehicles == 2
    assert _km(plan) < _km(spread) + DeliveryParams().vehicle_cost_m / 1000


@pytest.mark.parametrize(("added_km", "vehicles"), [(10, 1), (25, 2)])
def test_a_vehicle_is_freed_only_for_less_driving_than_it_is_worth(
    monkeypatch: pytest.MonkeyPatch, added_km: int, vehicles: int
) -> None:
    """The rounds' routes drive `added_km` more than they would: kept under the 20 km a
    vehicle is worth, refused over it."""
    stops, vans = _day(monkeypatch)
    real = routing.part_model.part_trips

    def longer(*args: Any) -> list[Trip]:
        trips = real(*args)
        return [replace(t, distance_m=t.distance_m + added_km * 1000 // len(trips)) for t in trips]

    monkeypatch.setattr(routing.day_repair, "part_trips", longer)
    plan = _plan(stops, vans)
    assert plan.unserved == () and plan.summary.vehicles == vehicles


def test_a_vehicle_the_bound_needs_is_not_tried(monkeypatch: pytest.MonkeyPatch) -> None:
    stops, vans = _day(monkeypatch, cases=1.5)
    tried: list[int] = []
    real = routing.day_repair.repair_round

    def spy(todo: Sequence[Leftover], *rest: Any) -> list[Leftover]:
        tried.append(len(todo))
        return real(todo, *rest)

    monkeypatch.setattr(routing.day_consolidate, "repair_round", spy)
    plan = _plan(stops, vans)
    assert plan.bounds[0].needed == 2 and plan.bounds[0].binding == "capacity"
    assert plan.unserved == () and plan.summary.vehicles == 2 and tried == []


def test_no_round_starts_after_its_share_of_the_time(monkeypatch: pytest.MonkeyPatch) -> None:
    stops, vans = _day(monkeypatch)
    monkeypatch.setattr(routing.delivery, "FREEING_BY", 0.0)
    assert _plan(stops, vans).summary.vehicles == 2


def test_a_round_that_leaves_stops_keeps_the_routes_it_had(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The rounds' solver places nothing: the sectors' routes stand, every stop served."""
    stops, vans = _day(monkeypatch)
    real = routing.day_repair.repair_round

    def nothing_placed(todo: Sequence[Leftover], solver: Solver, *rest: Any) -> list[Leftover]:
        def none(parts: Sequence[Part], deadline: float) -> dict[int, RoutePlan]:
            return {
                id(p): RoutePlan((), tuple(range(1, len(p.stops) + 1)), 0, True, "test", 0.0)
                for p in parts
            }

        return real(todo, none, *rest)

    monkeypatch.setattr(routing.day_consolidate, "repair_round", nothing_placed)
    plan = _plan(stops, vans)
    assert plan.unserved == () and plan.summary.vehicles == 2
    assert sorted(s for t in plan.trips for s, _, _ in t.stops) == sorted(s.id for s in stops)
