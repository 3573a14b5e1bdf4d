"""A depot's day as numbers: knowing at once where a run of stops fits agrees, place by
place, with working the whole day out, and the routes' loads, places and metres follow
every change."""

from __future__ import annotations

import pytest

from routing.day_routes import DepotRoutes
from routing.delivery_params import DeliveryParams
from tests.routing.depot_days import PARAMS, TIGHT, VANS, depot_day, engine_day


def _routes(params: DeliveryParams, monkeypatch: pytest.MonkeyPatch) -> DepotRoutes:
    stops, trips = engine_day(params, monkeypatch)
    return DepotRoutes(depot_day(stops, VANS, params), trips, {v.id: v for v in VANS}, params)


@pytest.mark.parametrize("params", [PARAMS, TIGHT], ids=["usual", "tight"])
def test_where_a_run_fits_agrees_with_the_whole_day_worked_out(
    params: DeliveryParams, monkeypatch: pytest.MonkeyPatch
) -> None:
    routes = _routes(params, monkeypatch)
    places = routes.places()
    agreed = {True: 0, False: 0}
    for stop in sorted(routes.where)[::3]:
        home, k0 = routes.where[stop]
        trip = routes.routes[home][k0]
        at = trip.index(stop)
        for length in (1, 3):
            run = trip[at : at + length]
            if len(run) < length:
                continue
            without = [list(t) for t in routes.routes[home]]
            del without[k0][at : at + length]
            taken_out = routes.schedule(home, without) is not None
            assert routes.can_take_out(home, k0, at, length) == taken_out
            fits = routes.fit(places, run)
            for c in range(len(places.start)):
                v = places.used[places.vehicle[c]]
                if v == home:
                    continue
                day = [list(t) for t in routes.routes[v]]
                day[int(places.trip[c])][int(places.position[c]) : int(places.position[c])] = run
                feasible = routes.schedule(v, day) is not None
                assert bool(fits[c]) == feasible, (stop, length, v, c)
                agreed[feasible] += 1
    assert agreed[True] > 100 and agreed[False] > 100  # both answers were put to the test


def test_loads_places_and_metres_follow_every_change(monkeypatch: pytest.MonkeyPatch) -> None:
    routes = _routes(PARAMS, monkeypatch)
    a = routes.used()[0]
    moved = routes.routes[a][0][-2:]
    day_a = [routes.routes[a][0][:-2], list(routes.routes[a][1])]
    b, day_b = next(
        (v, day)
        for v in routes.used()[1:]
        for day in [[[*routes.routes[v][0], *moved], list(routes.routes[v][1])]]
        if routes.schedule(v, day) is not None
    )
    routes.put(a, day_a)
    routes.put(b, day_b)
    assert all(routes.where[i][0] == b for i in moved)
    assert routes.load[b] == sum(routes.cartons[i] for t in day_b for i in t)
    assert routes.total_m == sum(routes.metres(t) for d in routes.routes.values() for t in d)
    assert sorted(routes.where) == sorted(i for d in routes.routes.values() for t in d for i in t)
    places = routes.places()
    assert len(places.start) == sum(len(t) + 1 for v in places.used for t in routes.routes[v])
