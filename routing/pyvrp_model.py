"""PyVRP engine: a `RoutingProblem` in, a `RoutePlan` out; no PyVRP type escapes.

Node i of the problem is PyVRP location i; node 0 is the one depot and stop i is client i - 1.
Each fleet becomes one vehicle type (capacity, shift window, route length, fixed cost); with a
drop penalty the clients are optional and the penalty is their prize.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np
from pyvrp import Client, Depot, Location, ProblemData, Result, VehicleType
from pyvrp import solve as pyvrp_solve
from pyvrp.stop import MaxIterations, MaxRuntime, MultipleCriteria, StoppingCriterion

from graph.errors import InvalidInput
from routing.params import SolveParams
from routing.problem import Fleet, Route, RoutePlan, RoutingProblem, check_plan

OPEN_END = 10**9
"""No limit: the default `Fleet.shift_end`, used for missing windows and route lengths."""


def solve_pyvrp(problem: RoutingProblem, params: SolveParams) -> RoutePlan:
    """Solve with PyVRP's iterated local search, seeded with `params.seed`.

    Ends within `params.time_limit_s`, building the data included, or earlier after
    `params.max_iterations` iterations.
    Raises InvalidInput for breaks, which PyVRP cannot model.
    """
    named = next((f for f in problem.fleets if f.break_start is not None), None)
    if named is not None:
        raise InvalidInput(f"fleet {named.name}: breaks need the ortools engine, not pyvrp")
    started = time.perf_counter()
    data = problem_data(problem)
    result = pyvrp_solve(
        data,
        stop=_stop(params.less(time.perf_counter() - started)),
        seed=params.seed,
        collect_stats=False,
        display=False,
    )
    routes = _routes(problem, result)
    served = {s for r in routes for s in r.stops}
    plan = RoutePlan(
        routes=routes,
        unserved=tuple(s for s in range(1, problem.stops + 1) if s not in served),
        distance=sum(r.distance for r in routes),
        feasible=result.is_feasible(),
        engine="pyvrp",
        seconds=time.perf_counter() - started,
        iterations=result.num_iterations,
    )
    ok = plan.feasible and (problem.drop_penalty is not None or not plan.unserved)
    return replace(plan, feasible=ok and not check_plan(problem, plan))


def problem_data(problem: RoutingProblem) -> ProblemData:
    """The problem as PyVRP data: one location per node, one vehicle type per fleet."""
    windows = problem.windows or [(0, OPEN_END)] * len(problem.demand)
    clients = [
        Client(
            location=node,
            delivery=[problem.demand[node]],
            service_duration=problem.service[node],
            tw_early=windows[node][0],
            tw_late=windows[node][1],
            release_time=_release(problem, node),
            prize=problem.drop_penalty or 0,
            required=problem.drop_penalty is None,
            name=problem.stop_id(node),
        )
        for node in range(1, len(problem.demand))
    ]
    return ProblemData(
        locations=[Location(0.0, 0.0) for _ in problem.demand],
        clients=clients,
        depots=[
            Depot(
                location=0,
                tw_early=windows[0][0] - _loading(problem),
                tw_late=windows[0][1],
                service_duration=_loading(problem),
            )
        ],
        vehicle_types=[_vehicle_type(f, windows[0], problem) for f in problem.fleets],
        distance_matrices=[_matrix(problem.distance)],
        duration_matrices=[_matrix(problem.duration)],
    )


def _matrix(rows: Sequence[Sequence[int]]) -> Any:
    """A square integer matrix as PyVRP reads it."""
    return np.asarray(rows, dtype=np.int64)


def _release(problem: RoutingProblem, node: int) -> int:
    """When a trip serving `node` may leave the depot at the earliest: its trip's release."""
    trip = problem.trip_of[node] if problem.trip_of else 0
    return problem.trip_release[trip - 1] if trip and problem.trip_release else 0


def _loading(problem: RoutingProblem) -> int:
    """Seconds of loading at the depot before each trip when vehicles reload (PyVRP counts
    the depot's service at the start of every trip, the first one included: the first is
    put before the shift starts, so the vehicle still leaves at the start of its shift)."""
    return problem.reload_s if problem.trips > 1 else 0


def _vehicle_type(fleet: Fleet, depot: tuple[int, int], problem: RoutingProblem) -> VehicleType:
    """One vehicle type a fleet; with several trips it may reload at the depot (PyVRP
    empties the load at a reload, so the capacity holds a trip at a time: a day's total
    over the capacity makes the plan infeasible in `check_plan`)."""
    trips = problem.trips
    early = max(fleet.shift_start, depot[0]) - _loading(problem)
    return VehicleType(
        num_available=fleet.count,
        capacity=[fleet.capacity],
        fixed_cost=fleet.fixed_cost,
        tw_early=early,
        tw_late=max(early, min(fleet.shift_end, depot[1])),
        shift_duration=OPEN_END if fleet.max_duration is None else fleet.max_duration,
        name=fleet.name,
        reload_depots=[0] if trips > 1 else [],
        max_reloads=trips - 1,
    )


def _stop(params: SolveParams) -> StoppingCriterion:
    runtime = MaxRuntime(params.time_limit_s)
    if params.max_iterations is None:
        return runtime
    return MultipleCriteria([MaxIterations(params.max_iterations), runtime])


def _routes(problem: RoutingProblem, result: Result) -> tuple[Route, ...]:
    """PyVRP's routes as ours, numbering vehicles fleet by fleet as `vehicle_fleet` does;
    a reload at the depot starts the next trip."""
    first = [sum(f.count for f in problem.fleets[:k]) for k in range(len(problem.fleets))]
    used = [0] * len(problem.fleets)
    out = []
    for route in result.best.routes():
        kind = route.vehicle_type()
        schedule = route.schedule()
        visits = [a for a in schedule if a.is_client()]
        reloads = [a.start_time for a in schedule[1:-1] if not a.is_client()]
        stops = tuple(a.idx + 1 for a in visits)
        trips = _trip_numbers(problem, stops, [a.trip for a in visits])
        out.append(
            Route(
                vehicle=first[kind] + used[kind],
                stops=stops,
                arrivals=tuple(a.start_time for a in visits),
                start=schedule[0].end_time,
                end=route.end_time(),
                load=sum(problem.demand[s] for s in stops),
                distance=route.distance(),
                trips=trips if problem.trips > 1 else (),
                reloads=tuple(reloads),
            )
        )
        used[kind] += 1
    return tuple(out)


def _trip_numbers(
    problem: RoutingProblem, stops: tuple[int, ...], indices: list[int]
) -> tuple[int, ...]:
    """Each stop's trip: PyVRP's trip index plus one, shifted up when a route's first trip
    already serves a later trip's stops (an afternoon-only day is trip 2, not trip 1)."""
    bound = problem.trip_of or ()
    shift = max(
        (bound[s] - (i + 1) for s, i in zip(stops, indices) if bound and bound[s]), default=0
    )
    return tuple(i + 1 + max(shift, 0) for i in indices)
