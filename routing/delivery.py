"""Plan a delivery day: each depot's stops over its whole fleet, with reloads and per-stop
time windows, a bound beside every depot, and the unserved stops with their reasons.

Every vehicle of a depot may take any of its stops (a vehicle's day in the engine:
`routing.part_model`). A large depot is cut into sectors solved side by side
(`routing.day_parts`); then the stops any sector left are planned again on the vehicles no
sector used and on vehicles lent with their stops by sectors with room
(`routing.day_repair`), so no capacity is stranded in one sector while stops wait in
another; last, each depot's day is polished (`routing.day_polish`): runs of stops move
between its vehicles and trips are turned around where that drives less, and vehicles
whose stops the others can take for less driving than a vehicle is worth are freed
(`routing.day_freeing`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import replace
from functools import partial

import numpy as np

from graph.errors import InvalidInput
from graph.geo import haversine_km
from graph.progress import Progress
from routing.budget import Clock, solve_side_by_side
from routing.day_bound import DepotBound, depot_bound
from routing.day_inputs import DeliveryStop, DeliveryVehicle, DepotSite
from routing.day_parts import sectors, share_vehicles
from routing.day_plan import DayPlan, Trip, summarise
from routing.day_polish import polish
from routing.day_repair import DepotDay, Leftover, repair_round
from routing.delivery_params import DeliveryParams
from routing.matrix import MatrixProvider
from routing.params import SolveParams
from routing.part_model import Part, part_problem, part_trips
from routing.problem import RoutePlan
from routing.solve import check_engine

ROUND_ONE = 0.6
"""Share of the time for the sectors; the rest is for the stops they left over."""
REPAIRS_BY = 0.75
"""Share of the time by which the rounds over the stops the sectors left end; the rest is
for the polish (`routing.day_polish`, 10-16 s on the city depot of the largest seeded
zone-day) and a margin under the limit."""
REPAIR_ROUNDS = 8
"""Rounds of planning the left-over stops again (`routing.day_repair`) at most, each
stopping by solution counts within the time left (see `_rounds`)."""
DAY_SOLUTIONS = 400
"""Default stop rule of the sectors on a day of up to `DAY_STOPS` stops: OR-Tools solutions
or PyVRP iterations a solve, so a seed gives the same routes; the time limit only caps it."""
DAY_STOPS = 3_400
"""A larger day gets proportionally fewer solutions a sector (`day_solutions`): it has more
sectors, each costing about the same a solution, so the day's search stays about the same
and the counts, not the clock, stop its solves within the 60 s on two cores (on the seeded
cities, 400 a sector on the 4,600-stop zone-days met the time cap; 300 did not)."""
REPAIR_SOLUTIONS = 150
"""Default stop rule of the rounds at first: fewer, as a round starts from the lent
vehicles' routes and the next goes on from where it stopped (on the seeded cities, 400 a
round made the busiest zone-days meet the time cap)."""
REPAIR_DOUBLINGS = 2
"""Times a round that placed none of a depot's stops is run again with twice the solutions
(a round's search may spend its first solutions shortening the lent routes)."""


def _depots(
    stops: Sequence[DeliveryStop],
    vehicles: Sequence[DeliveryVehicle],
    depots: dict[str, DepotSite],
    params: DeliveryParams,
    matrix: MatrixProvider,
) -> list[DepotDay]:
    """Each depot's stops, bound and sectors with their vehicles."""
    out = []
    for name in sorted({s.depot for s in stops}):
        site = depots[name]
        mine = [s for s in stops if s.depot == name]
        fleet = sorted((v for v in vehicles if v.depot == name), key=lambda v: v.id)
        remote = [haversine_km(site.lon, site.lat, s.lon, s.lat) > params.radius_km for s in mine]
        between = matrix.matrices([(site.lon, site.lat), *((s.lon, s.lat) for s in mine)])
        durations = np.asarray(between[1], dtype=float)
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
        out.append(DepotDay(site, mine, remote, fleet, bound, parts, between))
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
    (queued to the workers of `executor`, or one after another here without it), then up
    to `REPAIR_ROUNDS` rounds over the stops they left (`routing.day_repair`) until
    `REPAIRS_BY` of it, then the polish (`routing.day_polish`) within the rest. Without
    `solve_params` each solve stops after `day_solutions` solutions (`REPAIR_SOLUTIONS` in
    the rounds), the time only capping it. Progress reports the stops planned (``routes``)
    and the seconds spent (``solving (s)``). Raises InvalidInput for a budget ≤ 0 or an
    unknown engine."""
    if not budget_s > 0:
        raise InvalidInput(f"time limit: {budget_s} seconds must be > 0")
    check_engine(engine)
    clock = Clock(time.perf_counter(), budget_s, progress)
    deadline = time.time() + budget_s
    repair_params = solve_params or SolveParams(max_iterations=REPAIR_SOLUTIONS)
    solve_params = solve_params or SolveParams(max_iterations=day_solutions(len(stops)))
    fleet = {v.id: v for v in vehicles}
    clock.report("routes", 0, len(stops))
    days = _depots(stops, vehicles, depots, params, matrix)
    first = time.time() + (deadline - time.time()) * ROUND_ONE
    parts = [p for d in days for p in d.parts if p.stops and p.vehicles]
    solver = partial(
        _solve,
        days=days,
        fleet=fleet,
        params=params,
        matrix=matrix,
        engine=engine,
        solve_params=solve_params,
        executor=executor,
        clock=clock,
    )
    plans = solver(parts, first)
    trips: list[Trip] = []
    unserved: list[tuple[str, str]] = []
    todo = [_after_sectors(d, plans, params, matrix) for d in days]
    repairs = deadline - budget_s * (1 - REPAIRS_BY)
    finished = _rounds(
        todo, solver, repair_params, len(stops),
        deadline=repairs, params=params, matrix=matrix, clock=clock,
    )  # fmt: skip
    for x in finished:
        trips += polish(x.day, x.trips, fleet, params, deadline)
        unserved += [(s.id, _reason(x.day.bound)) for s in x.left]
    clock.report("routes", len(stops), len(stops))
    bounds = tuple(d.bound for d in days)
    summary = summarise(
        stops, trips, unserved, fleet, engine, clock.elapsed(), bounds=bounds,
        solve_seconds=clock.solving,
    )  # fmt: skip
    return DayPlan(tuple(trips), tuple(unserved), summary, bounds)


def day_solutions(stops: int) -> int:
    """The sectors' stop rule on a day of `stops` stops (see `DAY_STOPS`).

    >>> day_solutions(3_000), day_solutions(4_593)
    (400, 296)
    """
    return max(1, round(DAY_SOLUTIONS * min(1.0, DAY_STOPS / max(stops, 1))))


def _rounds(
    todo: list[Leftover],
    solver: Callable[..., dict[int, RoutePlan]],
    repair: SolveParams,
    total: int,
    *,
    deadline: float,
    params: DeliveryParams,
    matrix: MatrixProvider,
    clock: Clock,
) -> list[Leftover]:
    """The depots, in order, after up to `REPAIR_ROUNDS` rounds over the stops they left
    (`routing.day_repair`) until `deadline`. When a round places none of the stops of a
    depot whose bound says its day fits, the next runs with twice the solutions, up to
    `REPAIR_DOUBLINGS` times; a depot leaves the rounds once it has no stop left or a round
    placed none of them and it is not tried harder."""
    done: list[Leftover] = []
    solutions, doublings = repair.max_iterations, 0
    for _ in range(REPAIR_ROUNDS):
        done += [x for x in todo if not x.left]
        todo = [x for x in todo if x.left]
        clock.report("routes", total - sum(len(x.left) for x in todo), total)
        if not todo or time.time() >= deadline:
            break
        level = partial(solver, solve_params=replace(repair, max_iterations=solutions))
        again = repair_round(todo, level, deadline, params, matrix)
        stalled = [len(y.left) == len(x.left) for x, y in zip(todo, again)]
        harder = solutions is not None and doublings < REPAIR_DOUBLINGS
        retry = [stuck and harder and y.day.bound.fits for y, stuck in zip(again, stalled)]
        if any(retry):
            solutions, doublings = 2 * (solutions or 0), doublings + 1
        done += [y for y, stuck, more in zip(again, stalled, retry) if stuck and not more]
        todo = [y for y, stuck, more in zip(again, stalled, retry) if more or not stuck]
    return sorted([*done, *todo], key=lambda x: x.day.site.id)


def _after_sectors(
    d: DepotDay, plans: dict[int, RoutePlan], params: DeliveryParams, matrix: MatrixProvider
) -> Leftover:
    """A depot's trips from its sectors' plans and the stops they left (a sector without
    vehicles leaves all of its)."""
    solved = [(p, plans[id(p)]) for p in d.parts if id(p) in plans]
    trips = [t for p, plan in solved for t in part_trips(p, d.site, plan, params, matrix)]
    left = [p.stops[i - 1] for p, plan in solved for i in plan.unserved]
    left += [s for p in d.parts if not p.vehicles for s in p.stops]
    return Leftover(d, trips, left)


def _solve(
    parts: Sequence[Part],
    deadline: float,
    *,
    days: Sequence[DepotDay],
    fleet: dict[str, DeliveryVehicle],
    params: DeliveryParams,
    matrix: MatrixProvider,
    engine: str,
    solve_params: SolveParams,
    executor: Executor | None,
    clock: Clock,
) -> dict[int, RoutePlan]:
    """Each part's plan by `deadline`, keyed by the part's id()."""
    if not parts:
        return {}
    site = {d.site.id: d.site for d in days}
    builds = [partial(part_problem, p, fleet, site[p.depot], params, matrix) for p in parts]
    sizes = [len(p.stops) for p in parts]
    plans = solve_side_by_side(builds, sizes, engine, solve_params, deadline, executor, clock)
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
