"""The rounds over left-over stops: vehicles with room are lent, with their stops, to the
stops another sector could not carry."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

import routing.day_repair
import routing.delivery
from routing.day_inputs import DeliveryStop, DeliveryVehicle, DepotSite
from routing.day_parts import sectors
from routing.day_plan import Trip
from routing.day_repair import Leftover, Solver
from routing.delivery import plan_day
from routing.delivery_params import DeliveryParams
from routing.matrix import StraightLine
from routing.params import SolveParams
from routing.part_model import Part
from routing.problem import RoutePlan

DEPOT = DepotSite("D1", 117.30, 31.86)
FAST = SolveParams(time_limit_s=1, max_iterations=200)


def _day(monkeypatch: pytest.MonkeyPatch) -> tuple[list[DeliveryStop], list[DeliveryVehicle]]:
    """Two sectors of nine and eight stops, one van each: the east one has 13.5 cases for
    its 10-case van, the west one 2 cases, so the east leaves stops that only the west
    van, lent with its own stops, can take."""
    monkeypatch.setattr(routing.delivery, "sectors", lambda s, d: sectors(s, d, size=9))
    east = [
        DeliveryStop(f"E{i}", 117.33 + 0.002 * i, 31.86 + 0.001 * (i % 3), 1.5, "am", "D1", "A1")
        for i in range(9)
    ]
    west = [
        DeliveryStop(f"W{i}", 117.27 - 0.002 * i, 31.86 + 0.001 * (i % 3), 0.25, "pm", "D1", "A2")
        for i in range(8)
    ]
    return [*east, *west], [DeliveryVehicle("V1", "D1", 10, 2), DeliveryVehicle("V2", "D1", 10, 2)]


def _plan(stops: list[DeliveryStop], vans: list[DeliveryVehicle]) -> routing.delivery.DayPlan:
    return plan_day(
        stops, vans, {"D1": DEPOT}, DeliveryParams(), StraightLine(), solve_params=FAST, budget_s=6
    )


def test_a_vehicle_with_room_is_lent_to_another_sectors_stops(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stops, vans = _day(monkeypatch)
    plan = _plan(stops, vans)
    assert plan.unserved == () and plan.bounds[0].fits
    assert plan.summary.over_capacity == ()
    served = sorted(s for t in plan.trips for s, _, _ in t.stops)
    assert served == sorted(s.id for s in stops)
    assert len({(t.vehicle, t.trip) for t in plan.trips}) == len(plan.trips)


def test_without_lending_the_same_day_leaves_stops(monkeypatch: pytest.MonkeyPatch) -> None:
    stops, vans = _day(monkeypatch)
    monkeypatch.setattr(routing.day_repair, "lenders", lambda *a, **k: [])
    plan = _plan(stops, vans)
    assert len(plan.unserved) > 0
    assert all(why.startswith("search:") for _, why in plan.unserved)


def test_lent_vehicles_start_from_the_routes_they_had(monkeypatch: pytest.MonkeyPatch) -> None:
    stops, vans = _day(monkeypatch)
    seen: list[tuple[Part, list[Trip]]] = []
    real = routing.delivery.repair_round

    def spy(todo: Sequence[Leftover], solver: Solver, *rest: Any) -> list[Leftover]:
        def watched(parts: Sequence[Part], deadline: float) -> dict[int, RoutePlan]:
            seen.extend((p, [t for x in todo for t in x.trips]) for p in parts)
            return solver(parts, deadline)

        return real(todo, watched, *rest)

    monkeypatch.setattr(routing.delivery, "repair_round", spy)
    _plan(stops, vans)
    lent = [(p, trips) for p, trips in seen if any(p.initial)]
    assert lent
    for part, trips in lent:
        for vehicle, route in zip(part.vehicles, part.initial, strict=True):
            had = sorted((t for t in trips if t.vehicle == vehicle), key=lambda t: t.trip)
            expected = [(s, t.trip) for t in had for s, _, _ in t.stops]
            assert [(part.stops[n - 1].id, trip) for n, trip in route] == expected
