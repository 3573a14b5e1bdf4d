"""Changes that shorten a depot's planned day and keep it feasible (`routing.day_routes`):
a trip partly turned around (2-opt), and a run of consecutive stops moved to its cheapest
place on the depot's vehicles in use."""

from __future__ import annotations

import numpy as np

from routing.day_routes import DepotRoutes

CANDIDATES = 30
"""Places tried for a change worked out whole (a reversal, or a run of stops put back on
its own vehicle), cheapest first, before the day stays as it is; a place on another
vehicle is known to fit beforehand."""


def two_opt(routes: DepotRoutes, vehicle: str, k: int) -> int:
    """Reverse parts of the vehicle's trip `k` while one shortens it and keeps the day
    feasible; the reversals made."""
    made = 0
    while True:
        trip = routes.routes[vehicle][k]
        path = np.array([0, *trip, 0])
        if len(trip) < 3:
            return made
        d = routes.dist
        ahead = d[path[:-1], path[1:]]
        back = d[path[1:], path[:-1]]
        turn = np.concatenate([[0], np.cumsum(back - ahead)])  # reversing edges i..j-1
        i, j = np.triu_indices(len(path) - 1, k=1)  # reverse path[i+1..j], edges i and j
        delta = (
            d[path[i], path[j]] + d[path[i + 1], path[j + 1]] - ahead[i] - ahead[j]
            + turn[j] - turn[i + 1]
        )  # fmt: skip
        better = np.flatnonzero(delta < -1)
        for c in better[np.argsort(delta[better], kind="stable")][:CANDIDATES]:
            a, b = int(i[c]), int(j[c])
            new = [*trip[:a], *reversed(trip[a:b]), *trip[b:]]
            day = [new if n == k else list(t) for n, t in enumerate(routes.routes[vehicle])]
            if routes.schedule(vehicle, day) is not None:
                routes.put(vehicle, day)
                made += 1
                break
        else:
            return made


def relocate(routes: DepotRoutes, stop: int, length: int) -> int:
    """Move the `length` stops from `stop` on in its trip, in their order, to their cheapest
    feasible place on a vehicle in use when that drives less than where they are; 1 when
    they moved."""
    home, k0 = routes.where[stop]
    trip0 = routes.routes[home][k0]
    at = trip0.index(stop)
    run = trip0[at : at + length]
    if len(run) < length:
        return 0
    first, last, d = run[0], run[-1], routes.dist
    prev, nxt = [0, *trip0, 0][at], [0, *trip0, 0][at + length + 1]
    gain = int(d[prev, first] + d[last, nxt] - d[prev, nxt])
    places = routes.places()
    delta = d[places.start, first] + d[last, places.end] - d[places.start, places.end]
    own = places.vehicle == places.used.index(home)
    mine = own & (places.trip == k0)
    beside = mine & (places.position >= at) & (places.position <= at + length)
    ok = (delta < gain - 1) & ~beside & routes.allowed(places, run, home)
    if not ok.any():
        return 0
    away = np.flatnonzero(ok & ~own)
    if len(away) and routes.can_take_out(home, k0, at, length):
        ok[away] = routes.fit(places, run, away)
    else:
        ok[away] = False
    chosen = np.flatnonzero(ok)
    for c in chosen[np.argsort(delta[chosen], kind="stable")][:CANDIDATES]:
        v, k = places.used[places.vehicle[c]], int(places.trip[c])
        p = int(places.position[c]) - (length if mine[c] and places.position[c] > at else 0)
        days = {home: [list(t) for t in routes.routes[home]]}
        del days[home][k0][at : at + length]
        days.setdefault(v, [list(t) for t in routes.routes[v]])[k][p:p] = run
        if all(routes.schedule(u, day) is not None for u, day in days.items()):
            for u, day in days.items():
                routes.put(u, day)
            return 1
    return 0
