"""Plan a delivery day: each depot's stops over its whole fleet, with reloads and per-stop
time windows, a bound beside every depot, and the unserved stops with their reasons.

Every vehicle of a depot may take any of its stops. A vehicle's day is one route in the
engine: the morning trip with the morning batch (served by the end of the morning window),
a reload at the depot, then the afternoon trip with the afternoon batch (served from the
afternoon window on); shops beyond the radius are delivered once, on either trip (DOMAIN.md
§3–4). The capacity in cases holds over the day. A large depot is cut into sectors solved
side by side (`routing.day_parts`); the vehicles a sector leaves unused then take the stops
any sector left over, so no capacity is stranded in one sector while stops wait in another.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, replace
from functools import partial

import numpy as np

from graph.errors import InvalidInput
from graph.geo import haversine_km
from graph.progress import Progress
from routing.budget import Clock, solve_in_chains
from routing.day_bound import DepotBound, depot_bound
from routing.day_inputs import DeliveryStop, DeliveryVehicle, DepotSite
from routing.day_parts import sectors, share_vehicles
from routing.day_plan import DayPlan, Trip, summarise
from routing.delivery_params import DeliveryParams
from routing.matrix import MatrixProvider
from routing.params import SolveParams
from routing.problem import Fleet, Route, RoutePlan, RoutingProblem
from routing.solve import check_engine

ROUND_ONE = 0.75
"""Share of the time for the sectors; the rest is for the stops they left over."""
DAY_SOLUTIONS = 400
"""Default stop rule: OR-Tools solutions (PyVRP iterations × 10) a solve, so a seed gives
the same routes; the time limit only caps it."""


@dataclass(frozen=True)
class Part:
    """One solve: some of a depot's stops and the vehicles that may serve them."""

    depot: str
    stops: tuple[DeliveryStop, ...]
    remote: tuple[bool, ...]
    vehicles: tuple[str, ...]


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
    windows = [day]
    trip_of = [0]
    for s, far in zip(part.stops, part.remote):
        if far:
            windows.append(day)
            trip_of.append(0)
        elif s.batch == "pm":
            windows.append((params.pm_start_s, params.shift_end_s))
            trip_of.append(2)
        else:
            windows.append((params.shift_start_s, params.am_end_s))
            trip_of.append(1)
    return RoutingProblem(
        name=f"{part.depot}/{part.stops[0].id if part.stops else ''}",
        distance=tuple(tuple(int(x) for x in row) for row in dist),
        duration=tuple(tuple(int(x) for x in row) for row in dur),
        demand=(0, *(cartons_of(s.cases, cpc) for s in part.stops)),
        service=(0, *(params.service_s(s.cases, crew) for s in part.stops)),
        fleets=tuple(
            Fleet(
                1,
                max(1, math.floor(fleet[v].capacity_cases * cpc)),
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
        trip_release=(params.shift_start_s, params.pm_start_s),
    )


def cartons_of(cases: float, cartons_per_case: int) -> int:
    """A stop's load in whole cartons, rounded up so that loads within a vehicle's capacity
    in cartons are within it in cases too (at least one carton a stop).

    >>> cartons_of(0.43, 50), cartons_of(0.4, 50), cartons_of(0.001, 50)
    (22, 20, 1)
    """
    return max(1, math.ceil(cases * cartons_per_case - 1e-9))


def _trips(
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
        kind = "day" if far and len(numbers) == 1 else ("am" if number == 1 else "pm")
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


def _day_trips(
    part: Part, site: DepotSite, plan: RoutePlan, params: DeliveryParams, matrix: MatrixProvider
) -> list[Trip]:
    return [
        t
        for r in plan.routes
        if r.stops
        for t in _trips(part, site, r, params, matrix, plan.engine)
    ]


@dataclass
class _Depot:
    """A depot's day while it is planned."""

    site: DepotSite
    stops: list[DeliveryStop]
    remote: list[bool]
    vehicles: list[DeliveryVehicle]
    bound: DepotBound
    parts: list[Part]


def _depots(
    stops: Sequence[DeliveryStop],
    vehicles: Sequence[DeliveryVehicle],
    depots: dict[str, DepotSite],
    params: DeliveryParams,
    matrix: MatrixProvider,
) -> list[_Depot]:
    """Each depot's stops, bound and sectors with their vehicles."""
    out = []
    for name in sorted({s.depot for s in stops}):
        site = depots[name]
        mine = [s for s in stops if s.depot == name]
        fleet = sorted((v for v in vehicles if v.depot == name), key=lambda v: v.id)
        remote = [haversine_km(site.lon, site.lat, s.lon, s.lat) > params.radius_km for s in mine]
        _, dur = matrix.matrices([(site.lon, site.lat), *((s.lon, s.lat) for s in mine)])
        durations = np.asarray(dur, dtype=float)
        bound = depot_bound(name, mine, remote, fleet, durations, params)
        cuts = sectors(mine, site) if fleet else [list(range(len(mine)))]
        needs = [
            depot_bound(
                name,
                [mine[i] for i in c],
                [remote[i] for i in c],
                fleet,
                durations[np.ix_([0, *(1 + i for i in c)], [0, *(1 + i for i in c)])],
                params,
            ).share
            for c in cuts
        ]
        shares = share_vehicles(needs, fleet)
        parts = [
            Part(name, tuple(mine[i] for i in c), tuple(remote[i] for i in c), tuple(ids))
            for c, ids in zip(cuts, shares)
        ]
        out.append(_Depot(site, mine, remote, fleet, bound, parts))
    return out


def plan_day(
    stops: Sequence[DeliveryStop],
    vehicles: Sequence[DeliveryVehicle],
    depots: dict[str, DepotSite],
    params: DeliveryParams,
    matrix: MatrixProvider,
    *,
    engine: str = "ortools",
    solve_params: SolveParams | None = None,
    budget_s: float = 60.0,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> DayPlan:
    """Routes for the day's stops (see the module docstring) within `budget_s` seconds,
    matrices and models included: the sectors of every depot in `ROUND_ONE` of the time
    (one chain of solves per worker of `executor`, or one chain here without it), then each
    depot's left-over stops with the vehicles its sectors did not use. Without
    `solve_params` each solve stops after `DAY_SOLUTIONS` solutions, the time only capping
    it. Progress reports the stops planned (``routes``) and the seconds spent
    (``solving (s)``). Raises InvalidInput for a budget ≤ 0 or an unknown engine."""
    if not budget_s > 0:
        raise InvalidInput(f"time limit: {budget_s} seconds must be > 0")
    check_engine(engine)
    clock = Clock(time.perf_counter(), budget_s, progress)
    deadline = time.time() + budget_s
    solve_params = solve_params or SolveParams(max_iterations=DAY_SOLUTIONS)
    fleet = {v.id: v for v in vehicles}
    clock.report("routes", 0, len(stops))
    days = _depots(stops, vehicles, depots, params, matrix)
    trips: list[Trip] = []
    unserved: list[tuple[str, str]] = []
    first = time.time() + (deadline - time.time()) * ROUND_ONE
    parts = [p for d in days for p in d.parts if p.stops and p.vehicles]
    plans = _solve(parts, days, fleet, params, matrix, engine, solve_params, first, executor, clock)
    leftovers: list[Part] = []
    for d in days:
        mine = [(p, plans[id(p)]) for p in d.parts if id(p) in plans]
        used = {p.vehicles[r.vehicle] for p, plan in mine for r in plan.routes if r.stops}
        left = [p.stops[s - 1] for p, plan in mine for s in plan.unserved]
        left += [s for p in d.parts if not p.vehicles for s in p.stops]
        spare = tuple(v.id for v in d.vehicles if v.id not in used)
        for p, plan in mine:
            trips.extend(_day_trips(p, d.site, plan, params, matrix))
        if left and spare:
            index = {s.id: i for i, s in enumerate(d.stops)}
            far = tuple(d.remote[index[s.id]] for s in left)
            leftovers.append(Part(d.site.id, tuple(left), far, spare))
        elif left:
            unserved.extend((s.id, _reason(d.bound)) for s in left)
    clock.report("routes", len(stops) - sum(len(p.stops) for p in leftovers), len(stops))
    again = _solve(
        leftovers, days, fleet, params, matrix, engine, solve_params, deadline, executor, clock
    )
    for p in leftovers:
        plan = again[id(p)]
        trips.extend(_day_trips(p, depots[p.depot], plan, params, matrix))
        bound = next(d.bound for d in days if d.site.id == p.depot)
        unserved.extend((p.stops[s - 1].id, _reason(bound)) for s in plan.unserved)
    clock.report("routes", len(stops), len(stops))
    summary = summarise(stops, trips, unserved, fleet, engine, clock.elapsed())
    bounds = tuple(d.bound for d in days)
    summary = replace(
        summary,
        solve_seconds=round(clock.solving, 2),
        vehicles_needed=sum(b.needed for b in bounds),
        vehicles_available=sum(b.vehicles for b in bounds),
    )
    return DayPlan(tuple(trips), tuple(unserved), summary, bounds)


def _solve(
    parts: Sequence[Part],
    days: Sequence[_Depot],
    fleet: dict[str, DeliveryVehicle],
    params: DeliveryParams,
    matrix: MatrixProvider,
    engine: str,
    solve_params: SolveParams,
    deadline: float,
    executor: Executor | None,
    clock: Clock,
) -> dict[int, RoutePlan]:
    """Each part's plan by `deadline`, keyed by the part's id()."""
    if not parts:
        return {}
    site = {d.site.id: d.site for d in days}
    builds = [partial(part_problem, p, fleet, site[p.depot], params, matrix) for p in parts]
    sizes = [len(p.stops) for p in parts]
    plans = solve_in_chains(builds, sizes, engine, solve_params, deadline, executor, clock)
    return {id(p): plan for p, plan in zip(parts, plans)}


def _reason(bound: DepotBound) -> str:
    """Why a stop is left: the bound's binding constraint when the day cannot be carried,
    else that the search did not place it although the bound says the fleet suffices."""
    if not bound.fits:
        return bound.reason()
    return (
        f"search: not placed within the time limit, although the bound says {bound.needed} "
        f"of depot {bound.depot}'s {bound.vehicles} vehicles suffice"
    )
