"""The last pass over a depot's planned day: it is shortened, vehicles are freed where
the others can take their stops (`routing.day_freeing`), and it is shortened again.

Shortening moves stops between the depot's vehicles and turns parts of trips around,
wherever every window, shift and capacity still holds (`routing.day_routes`) and the day
drives less. The sectors are solved apart and each search stops by its solution count, so a
day ends with stops that another sector's vehicle passes closer by, and with trips a
reversal or two from shorter. A sweep tries each trip's reversals (2-opt), then moves runs
of consecutive stops (`CHAINS`), each to its cheapest feasible place on the depot's
vehicles in use. Sweeps repeat until one changes nothing or `SWEEPS` have run, so the
routes depend on the engines' routes alone; the clock only caps the passes. A vehicle
whose stops all move is freed; none is added.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence

from routing.day_freeing import free_vehicles
from routing.day_inputs import DeliveryVehicle
from routing.day_moves import relocate, two_opt
from routing.day_plan import Trip
from routing.day_repair import DepotDay
from routing.day_routes import DepotRoutes
from routing.delivery_params import DeliveryParams

SWEEPS = 4
"""Sweeps at most; on the seeded zone-days the fourth moves few stops."""

CHAINS = (32, 16, 8, 4, 2, 1)
"""Lengths of the runs of consecutive stops a sweep tries to move, longest first: a
village's shops ride together, so moving them one by one rarely pays (on seed 8's seeded
zone-days 1 and 2, runs of up to 32 took 6.6 % and 18.5 % off the engine's km, runs of up
to 3 took 4.7 % and 9.1 %)."""


def polish(
    day: DepotDay,
    trips: Sequence[Trip],
    fleet: Mapping[str, DeliveryVehicle],
    params: DeliveryParams,
    deadline: float = math.inf,
    *,
    sweeps: int = SWEEPS,
) -> list[Trip]:
    """The depot's `trips` shortened, with vehicles freed, and shortened again (see the
    module docstring), no pass starting after `deadline` (epoch seconds: the time only caps
    it); the trips of vehicles whose routes did not change are returned as they were."""
    if not trips:
        return []
    routes = DepotRoutes(day, trips, fleet, params)
    before = {v: [list(t) for t in d] for v, d in routes.routes.items()}
    shorten(routes, deadline, sweeps)
    if free_vehicles(routes, deadline, params.vehicle_cost_m):
        shorten(routes, deadline, sweeps)
    kept = [t for t in trips if routes.routes[t.vehicle] == before[t.vehicle]]
    changed = sorted(v for v, d in routes.routes.items() if d != before[v] and any(d))
    return kept + [t for v in changed for t in routes.trips(v)]


def shorten(routes: DepotRoutes, deadline: float, sweeps: int = SWEEPS) -> None:
    """Up to `sweeps` sweeps of reversals and moves of runs of stops (see the module
    docstring), no pass starting after `deadline`."""
    for _ in range(sweeps):
        if time.time() >= deadline:
            return
        moved = sum(two_opt(routes, v, k) for v in sorted(routes.routes) for k in (0, 1))
        for n in CHAINS:
            if time.time() >= deadline:
                return
            moved += sum(relocate(routes, i, n) for i in sorted(routes.where))
        if not moved:
            return
