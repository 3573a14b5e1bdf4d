"""The rounds over left-over stops: vehicles with room are lent, with their stops, to the
stops another sector could not carry."""

from __future__ import annotations

import pytest

import routing.day_repair
import routing.delivery
from routing.day_inputs import DeliveryStop, DeliveryVehicle, DepotSite
from routing.day_parts import sectors
from routing.delivery import plan_day
from routing.delivery_params import DeliveryParams
from routing.matrix import StraightLine
from routing.params import SolveParams

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
