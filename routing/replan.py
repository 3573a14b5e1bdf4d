"""Re-plan a delivery day around the vehicles that have already left: their trips stay as
they are (less any cancelled stop), the other vehicles take every other stop of the day, the
late orders included, and the plan says which stops changed vehicle or trip."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from routing.day_inputs import DeliveryStop, DeliveryVehicle, DepotSite
from routing.day_plan import DayPlan, Trip, summarise
from routing.delivery import plan_day
from routing.delivery_params import DeliveryParams
from routing.matrix import MatrixProvider


@dataclass(frozen=True)
class MovedStop:
    """A stop whose vehicle or trip the re-plan changed."""

    retailer: str
    before: str
    """``vehicle/trip`` before, or ``-`` when it was not on a route."""
    after: str
    """``vehicle/trip`` now, or ``-`` when it is left unserved."""


def replan_day(
    before: Sequence[Trip],
    frozen: frozenset[str],
    stops: Sequence[DeliveryStop],
    vehicles: Sequence[DeliveryVehicle],
    depots: dict[str, DepotSite],
    params: DeliveryParams,
    matrix: MatrixProvider,
    *,
    cancel: frozenset[str] = frozenset(),
    **solve: Any,
) -> tuple[DayPlan, tuple[MovedStop, ...]]:
    """The day with the trips of `frozen` vehicles kept (without `cancel`) and every other
    stop of `stops` planned on the other vehicles (`plan_day` with `solve`), and the stops
    that moved between vehicles or trips (cancelled and frozen stops excluded)."""
    kept = [
        replace(t, stops=tuple(s for s in t.stops if s[0] not in cancel))
        for t in before
        if t.vehicle in frozen
    ]
    kept = [replace(t, load_cases=round(sum(c for _, _, c in t.stops), 2)) for t in kept if t.stops]
    on_frozen = {s[0] for t in before if t.vehicle in frozen for s in t.stops}
    free = [s for s in stops if s.id not in on_frozen and s.id not in cancel]
    fleet = [v for v in vehicles if v.id not in frozen]
    plan = plan_day(free, fleet, depots, params, matrix, **solve)
    trips = (*kept, *plan.trips)
    where_before = {s[0]: f"{t.vehicle}/{t.trip}" for t in before for s in t.stops}
    where_now = {s[0]: f"{t.vehicle}/{t.trip}" for t in plan.trips for s in t.stops}
    moved = tuple(
        MovedStop(s.id, where_before.get(s.id, "-"), where_now.get(s.id, "-"))
        for s in sorted(free, key=lambda s: s.id)
        if where_before.get(s.id, "-") != where_now.get(s.id, "-")
    )
    everything = [*free, *(s for s in stops if s.id in on_frozen and s.id not in cancel)]
    summary = summarise(
        everything,
        trips,
        plan.unserved,
        {v.id: v for v in vehicles},
        plan.summary.engine,
        plan.summary.seconds,
        bounds=plan.bounds,
        solve_seconds=plan.summary.solve_seconds,
    )
    return DayPlan(trips, plan.unserved, summary, plan.bounds), moved
