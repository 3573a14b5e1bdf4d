"""Free vehicles from a depot's planned day by emptying them into the others.

The sectors each use the vehicles they were dealt, and each search stops by its solution
count, so a day often ends with vehicles whose stops the others could take between them
(on seed 7's seeded zone-day 2, the city depot's 32 vans held the work of 23). Each vehicle
in use, the one with the fewest stops first, is emptied: its stops, in their order, each go
to the cheapest place on the other vehicles in use where the day stays feasible (every
place is known at once, `routing.day_routes`). The vehicle is freed when all find one and
the day, once the trips that took stops are turned around where that shortens them, drives
more by less than a vehicle is worth (`DeliveryParams.vehicle_cost_m`); otherwise every day
goes back to what it was and the next vehicle is tried. No vehicle is added, every window,
shift and capacity holds, and the order is fixed, so the same day frees the same vehicles;
the clock only caps it.
"""

from __future__ import annotations

import time

import numpy as np

from routing.day_moves import two_opt
from routing.day_routes import DepotRoutes

OVERSHOOT = 2.0
"""An emptying is given up once the day drives this many times what a vehicle is worth
more (or more at all, for a vehicle worth nothing): turning the trips around took back a
third at most on the seeded zone-days."""


def free_vehicles(routes: DepotRoutes, deadline: float, worth_m: float) -> list[str]:
    """Empty the depot's vehicles one at a time (see the module docstring) until each has
    been tried, none starting after `deadline` (epoch seconds); the vehicles freed, each
    for less added driving than `worth_m` metres."""
    freed: list[str] = []
    tried: set[str] = set()
    while time.time() < deadline:
        left = [v for v in routes.used() if v not in tried]
        if not left:
            break
        vehicle = min(left, key=lambda v: (sum(len(t) for t in routes.routes[v]), v))
        saved = {v: [list(t) for t in d] for v, d in routes.routes.items()}
        before = routes.total_m
        emptied = _empty(routes, vehicle, deadline, before + OVERSHOOT * max(worth_m, 0))
        if emptied and _tidied(routes, saved) - before < worth_m:
            freed.append(vehicle)
            continue
        for v, day in saved.items():
            if routes.routes[v] != day:
                routes.put(v, day)
        tried.add(vehicle)
    return freed


def _empty(routes: DepotRoutes, vehicle: str, deadline: float, most_m: float) -> bool:
    """Whether every stop of the vehicle found a place on the others with the day driving
    no more than `most_m` metres."""
    stops = [i for trip in routes.routes[vehicle] for i in trip]
    routes.put(vehicle, [[], []])
    for stop in stops:
        if time.time() >= deadline or routes.total_m > most_m or not _insert(routes, stop):
            return False
    return True


def _tidied(routes: DepotRoutes, saved: dict[str, list[list[int]]]) -> int:
    """Metres the day drives once the trips that took stops are turned around where that
    shortens them."""
    for v in routes.used():
        if routes.routes[v] != saved[v]:
            for k in (0, 1):
                two_opt(routes, v, k)
    return routes.total_m


def _insert(routes: DepotRoutes, stop: int) -> bool:
    """Put the stop at its cheapest feasible place; whether there was one."""
    places = routes.places()
    ok = np.flatnonzero(routes.allowed(places, [stop]))
    ok = ok[routes.fit(places, [stop], ok)]
    if not len(ok):
        return False
    d = routes.dist
    start, end = places.start[ok], places.end[ok]
    c = ok[np.argmin(d[start, stop] + d[stop, end] - d[start, end])]
    v, k, at = places.used[places.vehicle[c]], int(places.trip[c]), int(places.position[c])
    day = [list(t) for t in routes.routes[v]]
    day[k].insert(at, stop)
    if routes.schedule(v, day) is None:  # `fit` is exact here: a guard, not a filter
        return False
    routes.put(v, day)
    return True
