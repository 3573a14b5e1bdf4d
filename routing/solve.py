"""One entry point over the engines: OR-Tools, PyVRP, or both side by side keeping the better."""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace

from graph.errors import InvalidInput
from routing.ortools_model import solve_ortools
from routing.params import MIN_LIMIT_S, SolveParams
from routing.problem import RoutePlan, RoutingProblem
from routing.pyvrp_model import solve_pyvrp

Engine = Callable[[RoutingProblem, SolveParams], RoutePlan]
ENGINES: dict[str, Engine] = {"ortools": solve_ortools, "pyvrp": solve_pyvrp}
"""The single engines by name; ``auto`` runs all of them that can model the problem."""


def solve(
    problem: RoutingProblem, *, engine: str = "ortools", params: SolveParams | None = None
) -> RoutePlan:
    """Routes for `problem` from `engine` (``ortools``, ``pyvrp`` or ``auto``).

    ``auto`` runs the engines in separate processes (`params.workers` at a time), each with
    what is left of the time budget once its process has started, and returns the better
    plan (see `plan_rank`) with its engine named ``auto:<engine>``. PyVRP sits out problems
    with breaks, which it cannot model. Raises InvalidInput for an unknown engine.
    """
    params = params or SolveParams()
    check_engine(engine)
    if engine in ENGINES:
        return ENGINES[engine](problem, params)
    started = time.perf_counter()
    deadline = time.time() + params.time_limit_s
    names = [n for n in ENGINES if n == "ortools" or not has_breaks(problem)]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=params.workers, mp_context=context) as pool:
        futures = [pool.submit(solve_by, n, problem, params, deadline) for n in names]
        plans = [f.result() for f in futures]
    best = min(plans, key=plan_rank)
    return replace(best, engine=f"auto:{best.engine}", seconds=time.perf_counter() - started)


def check_engine(engine: str) -> None:
    """Raise InvalidInput unless `engine` names an engine or ``auto``."""
    if engine not in ENGINES and engine != "auto":
        raise InvalidInput(
            f"routing engine {engine!r} unknown; use {', '.join([*ENGINES, 'auto'])}"
        )


def solve_by(
    engine: str, problem: RoutingProblem, params: SolveParams, deadline: float
) -> RoutePlan:
    """`solve` within what is left until `deadline` (epoch seconds, which hold in any
    process of the machine)."""
    left = max(MIN_LIMIT_S, deadline - time.time())
    return solve(problem, engine=engine, params=replace(params, time_limit_s=left))


def plan_rank(plan: RoutePlan) -> tuple[bool, int, int]:
    """Sort key of plans, better first: feasible (e.g. no vehicle over its capacity), then
    fewer unserved stops, then shorter.

    >>> a = RoutePlan((), (3,), 0, True, "a", 1.0)
    >>> b = RoutePlan((), (), 90, False, "b", 1.0)
    >>> c = RoutePlan((), (), 120, True, "c", 1.0)
    >>> [p.engine for p in sorted([a, b, c], key=plan_rank)]
    ['c', 'a', 'b']
    """
    return not plan.feasible, len(plan.unserved), plan.distance


def has_breaks(problem: RoutingProblem) -> bool:
    """Whether any fleet takes a break (only OR-Tools models them)."""
    return any(f.break_start is not None for f in problem.fleets)
