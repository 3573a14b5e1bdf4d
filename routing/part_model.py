"""One part of a depot's delivery day as a routing problem, and its solved routes as trips.

A part is some of a depot's stops and the vehicles that may serve them. In the engine a
vehicle's day is one route: the morning trip with the morning batch (served by the end of
the morning window), a reload at the depot, then the afternoon trip with the afternoon batch
(served from the afternoon window on); shops beyond the radius are delivered once, on either
trip (DOMAIN.md §3–4). The capacity in cases holds over the day.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from routing.day_inputs import DeliveryStop, DeliveryVehicle, DepotSite
from routing.day_plan import Trip
from routing.delivery_params import DeliveryParams
from routing.matrix import MatrixProvider
from routing.problem import Fleet, Route, RoutePlan, RoutingProblem


@dataclass(frozen=True)
class Part:
    """One solve: some of a depot's stops and the vehicles that may serve them."""

    depot: str
    stops: tuple[DeliveryStop, ...]
    remote: tuple[bool, ...]
    vehicles: tuple[str, ...]
    initial: tuple[tuple[tuple[int, int], ...], ...] = ()
    """Routes to start from, one a vehicle: its (stop number, 1-based, trip) in order."""


def part_problem(
    part: Part,
    fleet: dict[str, DeliveryVehicle],
    depot: DepotSite,
    params: DeliveryParams,
    matrix: MatrixProvider,
) -> RoutingProblem:
    """The part as a routing problem: cartons as load, seconds as time, two trips a
    vehicle with the batches bound to their trips and windows."""
    points = [(depot.lon, depot.lat), *((s.lon, s.lat) for s in part.stops)]
    dist, dur = matrix.matrices(points)
    crew = min((fleet[v].crew for v in part.vehicles), default=2)  # no van is late
    cpc = params.cartons_per_case
    day = (params.shift_start_s, params.shift_end_s)
    bound = [stop_window(s, far, params) for s, far in zip(part.stops, part.remote)]
    windows = [day, *(w for w, _ in bound)]
    trip_of = [0, *(t for _, t in bound)]
    return RoutingProblem(
        name=f"{part.depot}/{part.stops[0].id if part.stops else ''}",
        distance=tuple(tuple(int(x) for x in row) for row in dist),
        duration=tuple(tuple(int(x) for x in row) for row in dur),
        demand=(0, *(cartons_of(s.cases, cpc) for s in part.stops)),
        service=(0, *(params.service_s(s.cases, crew) for s in part.stops)),
        fleets=tuple(
            Fleet(
                1,
                vehicle_room(fleet[v], params),
                *day,
                fixed_cost=params.vehicle_cost_m,
                name=v,
            )
            for v in part.vehicles
        ),
        windows=tuple(windows),
        drop_penalty=params.drop_penalty,
        stop_ids=tuple(s.id for s in part.stops),
        balance_span=params.balance_span,
        trips=2,
        reload_s=params.reload_s,
        trip_of=tuple(trip_of),
        trip_release=(params.shift_start_s, params.pm_ready_s),
        initial=part.initial,
    )


def stop_window(
    stop: DeliveryStop, remote: bool, params: DeliveryParams
) -> tuple[tuple[int, int], int]:
    """A stop's window (seconds after midnight) and the trip it is bound to (0: either): a
    remote shop any time in the shift, the afternoon batch from the afternoon window on,
    the morning batch by the morning window's end.

    >>> p = DeliveryParams()
    >>> stop_window(DeliveryStop("S", 0, 0, 1, "pm", "D", "A"), False, p)
    ((43200, 54000), 2)
    """
    if remote:
        return (params.shift_start_s, params.shift_end_s), 0
    if stop.batch == "pm":
        return (params.pm_start_s, params.shift_end_s), 2
    return (params.shift_start_s, params.am_end_s), 1


def vehicle_room(vehicle: DeliveryVehicle, params: DeliveryParams) -> int:
    """The vehicle's day capacity in whole cartons (at least one)."""
    return max(1, math.floor(vehicle.capacity_cases * params.cartons_per_case))


def trip_kind(number: int, trips: int, remote: bool) -> str:
    """What a vehicle's trip `number` (1 or 2) of its `trips` is called: ``day`` for a lone
    trip with a remote shop, else ``am`` or ``pm``.

    >>> trip_kind(2, 1, True), trip_kind(1, 2, True), trip_kind(2, 2, False)
    ('day', 'am', 'pm')
    """
    if remote and trips == 1:
        return "day"
    return "am" if number == 1 else "pm"


def cartons_of(cases: float, cartons_per_case: int) -> int:
    """A stop's load in whole cartons, rounded up so that loads within a vehicle's capacity
    in cartons are within it in cases too (at least one carton a stop).

    >>> cartons_of(0.43, 50), cartons_of(0.4, 50), cartons_of(0.001, 50)
    (22, 20, 1)
    """
    return max(1, math.ceil(cases * cartons_per_case - 1e-9))


def _route_trips(
    part: Part,
    site: DepotSite,
    route: Route,
    params: DeliveryParams,
    matrix: MatrixProvider,
    engine: str,
) -> list[Trip]:
    """A vehicle's day cut at its reloads into trips, each with the metres from the depot
    along its stops and back; a single trip with a remote shop is the ``day`` trip."""
    vehicle = part.vehicles[route.vehicle]
    numbers = sorted(set(route.trips or (1,)))
    out = []
    for number in numbers:
        at = [i for i in range(len(route.stops)) if route.trip(i) == number]
        stops = [part.stops[route.stops[i] - 1] for i in at]
        before, after = number - 2, number - 1  # the reloads around trip `number`
        has_before = 0 <= before < len(route.reloads)
        start = route.reloads[before] + params.reload_s if has_before else route.start
        end = route.reloads[after] if after < len(route.reloads) else route.end
        far = any(part.remote[route.stops[i] - 1] for i in at)
        dist, _ = matrix.matrices([(site.lon, site.lat), *((s.lon, s.lat) for s in stops)])
        path = [0, *range(1, len(stops) + 1), 0]
        kind = trip_kind(number, len(numbers), far)
        out.append(
            Trip(
                vehicle,
                part.depot,
                number,
                kind,
                tuple((s.id, route.arrivals[i], s.cases) for s, i in zip(stops, at)),
                start,
                end,
                round(sum(s.cases for s in stops), 2),
                sum(int(dist[a][b]) for a, b in zip(path, path[1:])),
                engine,
            )
        )
    return out


def part_trips(
    part: Part, site: DepotSite, plan: RoutePlan, params: DeliveryParams, matrix: MatrixProvider
) -> list[Trip]:
    """The trips of every vehicle the part's plan sends out."""
    return [
        t
        for r in plan.routes
        if r.stops
        for t in _route_trips(part, site, r, params, matrix, plan.engine)
    ]
