"""VROOM (through pyvroom) as a third engine for `crm bench routing` only: the product plans
with OR-Tools and PyVRP; VROOM is the peer they are measured against (pip install '.[bench]').

The same `RoutingProblem` in, a `RoutePlan` out: one vehicle per fleet member with its
capacity and shift, one job per stop with its demand, service time and window; costs are
the problem's distances and travel times its durations. VROOM stops on its own (its
exploration level sets the effort) or at the time limit.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import timedelta
from typing import Any

from routing.params import SolveParams
from routing.problem import Route, RoutePlan, RoutingProblem, check_plan, route_distance

EXPLORATION_LEVEL = 5
"""VROOM's highest search effort (0–5)."""


def _input(problem: RoutingProblem) -> Any:
    import vroom

    solver = vroom.Input()
    solver.set_durations_matrix("car", [list(r) for r in problem.duration])
    solver.set_costs_matrix("car", [list(r) for r in problem.distance])
    depot = problem.windows[0] if problem.windows else (0, 10**9)
    for v, fleet in enumerate(problem.vehicle_fleet()):
        start = max(fleet.shift_start, depot[0])
        end = max(start, min(fleet.shift_end, depot[1]))
        solver.add_vehicle(
            vroom.Vehicle(
                v,
                start=0,
                end=0,
                capacity=[fleet.capacity],
                time_window=vroom.TimeWindow(start, end),
                costs=vroom.VehicleCosts(fixed=fleet.fixed_cost),
                max_travel_time=fleet.max_duration,
            )
        )
    for node in range(1, problem.stops + 1):
        windows = [vroom.TimeWindow(*problem.windows[node])] if problem.windows else []
        solver.add_job(
            vroom.Job(
                node,
                location=node,
                default_service=problem.service[node],
                delivery=[problem.demand[node]],
                time_windows=windows,
            )
        )
    return solver


def solve_vroom(problem: RoutingProblem, params: SolveParams) -> RoutePlan:
    """Routes from VROOM on one thread within `params.time_limit_s`."""
    started = time.perf_counter()
    solution = (
        _input(problem)
        .solve(
            exploration_level=EXPLORATION_LEVEL,
            nb_threads=1,
            timeout=timedelta(seconds=params.time_limit_s),
        )
        .to_dict()
    )
    routes = []
    for r in solution["routes"]:
        jobs = [s for s in r["steps"] if s["type"] == "job"]
        stops = tuple(int(s["id"]) for s in jobs)
        routes.append(
            Route(
                vehicle=int(r["vehicle"]),
                stops=stops,
                arrivals=tuple(int(s["arrival"]) + int(s["waiting_time"]) for s in jobs),
                start=int(r["steps"][0]["arrival"]),
                end=int(r["steps"][-1]["arrival"]),
                load=sum(problem.demand[s] for s in stops),
                distance=route_distance(problem, stops),
            )
        )
    unserved = tuple(sorted(int(u["id"]) for u in solution["unassigned"]))
    plan = RoutePlan(
        tuple(routes),
        unserved,
        sum(r.distance for r in routes),
        True,
        "vroom",
        time.perf_counter() - started,
    )
    must_serve = problem.drop_penalty is None
    return replace(plan, feasible=not check_plan(problem, plan) and not (unserved and must_serve))
