"""Plan a delivery day: solve every wave, afternoon trips after morning ones, and gather the
routes, the unserved stops with their reasons and the day's figures."""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, replace
from functools import partial

from graph.errors import InvalidInput
from graph.progress import Progress
from routing.budget import Clock, solve_in_chains
from routing.delivery_params import DeliveryParams
from routing.matrix import MatrixProvider
from routing.params import SolveParams
from routing.problem import Fleet, RoutePlan, RoutingProblem
from routing.solve import check_engine
from routing.waves import DeliveryStop, DeliveryVehicle, DepotSite, Wave, split_waves


@dataclass(frozen=True)
class Trip:
    vehicle: str
    depot: str
    trip: int
    kind: str
    stops: tuple[tuple[str, int, float], ...]
    """(retailer, arrival seconds after midnight, cases) in visiting order."""
    start_s: int
    end_s: int
    load_cases: float
    distance_m: int
    engine: str


@dataclass(frozen=True)
class DaySummary:
    """The day's figures; loads and shifts are per vehicle-day, over both trips."""

    stops: int
    served: int
    vehicles: int
    trips: int
    max_load_cases: float
    max_load_share: float
    over_capacity: tuple[str, ...]
    """Vehicles loaded over their capacity over the day (none in a valid plan)."""
    max_shift_minutes: float
    total_km: float
    engine: str
    seconds: float
    """Planning: matrices, models and searches (within the time limit)."""
    solve_seconds: float = 0.0
    """The engines' part of `seconds` (building their models and searching) along the
    longest chain of solves; the rest is matrices, the waves and waiting for workers."""


@dataclass(frozen=True)
class DayPlan:
    trips: tuple[Trip, ...]
    unserved: tuple[tuple[str, str], ...]
    """(retailer, reason)."""
    summary: DaySummary


def wave_problem(
    wave: Wave,
    fleet: dict[str, DeliveryVehicle],
    depot: DepotSite,
    capacity_left: dict[str, float],
    params: DeliveryParams,
    matrix: MatrixProvider,
) -> RoutingProblem:
    """The wave as a routing problem: cartons as load, seconds as time."""
    points = [(depot.lon, depot.lat), *((s.lon, s.lat) for s in wave.stops)]
    dist, dur = matrix.matrices(points)
    crew = max((fleet[v].crew for v in wave.vehicles), default=2)
    cpc = params.cartons_per_case
    return RoutingProblem(
        name=wave.key,
        distance=tuple(tuple(int(x) for x in row) for row in dist),
        duration=tuple(tuple(int(x) for x in row) for row in dur),
        demand=(0, *(cartons_of(s.cases, cpc) for s in wave.stops)),
        service=(0, *(params.service_s(s.cases, crew) for s in wave.stops)),
        fleets=tuple(
            Fleet(
                1,
                max(1, math.floor(capacity_left[v] * cpc)),
                wave.window[0],
                wave.window[1],
                name=v,
            )
            for v in wave.vehicles
        ),
        drop_penalty=params.drop_penalty,
        stop_ids=tuple(s.id for s in wave.stops),
        balance_span=params.balance_span,
    )


def cartons_of(cases: float, cartons_per_case: int) -> int:
    """A stop's load in whole cartons, rounded up so that loads within a vehicle's capacity
    in cartons are within it in cases too (at least one carton a stop).

    >>> cartons_of(0.43, 50), cartons_of(0.4, 50), cartons_of(0.001, 50)
    (22, 20, 1)
    """
    return max(1, math.ceil(cases * cartons_per_case - 1e-9))


def _reason(wave: Wave, available: float) -> str:
    """Why a wave left stops unserved: no vehicle, not enough capacity, else not enough time."""
    demand = sum(s.cases for s in wave.stops)
    if not wave.vehicles:
        return f"no vehicle: depot {wave.depot} has none for {wave.group}"
    if demand > available:
        return f"capacity: {demand:,.1f} cases for {available:,.1f} available ({wave.key} trip)"
    return f"time: does not fit the {wave.kind} trip's window with {len(wave.vehicles)} vehicles"


def _trips(wave: Wave, plan: RoutePlan) -> list[Trip]:
    cases = {s.id: s.cases for s in wave.stops}
    out = []
    for r in plan.routes:
        if not r.stops:
            continue
        ids = [wave.stops[s - 1].id for s in r.stops]
        out.append(
            Trip(
                wave.vehicles[r.vehicle],
                wave.depot,
                wave.trip,
                wave.kind,
                tuple((i, t, cases[i]) for i, t in zip(ids, r.arrivals)),
                r.start,
                r.end,
                round(sum(cases[i] for i in ids), 2),
                r.distance,
                plan.engine,
            )
        )
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
    budget_s: float = 100.0,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> DayPlan:
    """Routes for the day's stops (see the module docstring) within `budget_s` seconds,
    matrices and models included: each trip (morning and remote first, then afternoon) gets
    its stops' share of the time left, its waves are dealt into one chain per worker of
    `executor` (or one chain here without it), and each solve gets its share of what its
    chain has left. Progress reports the stops planned (``routes``) and the seconds spent
    (``solving (s)``). Raises InvalidInput for a budget ≤ 0 or an unknown engine."""
    if not budget_s > 0:
        raise InvalidInput(f"time limit: {budget_s} seconds must be > 0")
    check_engine(engine)
    clock = Clock(time.perf_counter(), budget_s, progress)
    deadline = time.time() + budget_s
    solve_params = solve_params or SolveParams()
    fleet = {v.id: v for v in vehicles}
    left = {v.id: v.capacity_cases for v in vehicles}
    waves = [w for w in split_waves(stops, vehicles, depots, params) if w.stops]
    trips: list[Trip] = []
    unserved: list[tuple[str, str]] = []
    to_plan = sum(len(w.stops) for w in waves)
    clock.report("routes", 0, len(stops))
    for phase in (("am", "day"), ("pm",)):
        batch = [w for w in waves if w.kind in phase]
        size = sum(len(w.stops) for w in batch)
        end = time.time() + (deadline - time.time()) * size / max(to_plan, 1)
        builds = [
            partial(wave_problem, w, fleet, depots[w.depot], dict(left), params, matrix)
            for w in batch
        ]
        available = [sum(left[v] for v in w.vehicles) for w in batch]
        sizes = [len(w.stops) for w in batch]
        plans = solve_in_chains(builds, sizes, engine, solve_params, end, executor, clock)
        for w, plan, avail in zip(batch, plans, available):
            made = _trips(w, plan)
            trips.extend(made)
            for t in made:
                left[t.vehicle] -= t.load_cases
            if plan.unserved:
                why = _reason(w, avail)
                unserved.extend((w.stops[s - 1].id, why) for s in plan.unserved)
        to_plan -= size
        clock.report("routes", len(stops) - to_plan, len(stops))
    summary = summarise(stops, trips, unserved, fleet, engine, clock.elapsed())
    solving = round(clock.solving, 2)
    return DayPlan(tuple(trips), tuple(unserved), replace(summary, solve_seconds=solving))


def summarise(
    stops: Sequence[DeliveryStop],
    trips: Sequence[Trip],
    unserved: Sequence[tuple[str, str]],
    fleet: dict[str, DeliveryVehicle],
    engine: str,
    seconds: float,
) -> DaySummary:
    """The day's figures (see `DaySummary`)."""
    load: dict[str, float] = defaultdict(float)
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    for t in trips:
        load[t.vehicle] += t.load_cases
        first[t.vehicle] = min(first.get(t.vehicle, t.start_s), t.start_s)
        last[t.vehicle] = max(last.get(t.vehicle, t.end_s), t.end_s)
    over = [v for v, c in load.items() if c > fleet[v].capacity_cases + 1e-6]
    engines = sorted({t.engine for t in trips})
    return DaySummary(
        stops=len(stops),
        served=len(stops) - len(unserved),
        vehicles=len(load),
        trips=len(trips),
        max_load_cases=round(max(load.values(), default=0.0), 2),
        max_load_share=round(
            max((c / fleet[v].capacity_cases for v, c in load.items()), default=0.0), 3
        ),
        over_capacity=tuple(over),
        max_shift_minutes=round(max((last[v] - first[v] for v in first), default=0) / 60, 1),
        total_km=round(sum(t.distance_m for t in trips) / 1000, 1),
        engine=engines[0] if len(engines) == 1 else (",".join(engines) or engine),
        seconds=round(seconds, 2),
    )
