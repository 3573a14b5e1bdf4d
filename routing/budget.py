"""Share a time budget over many solves: the solves run side by side on the workers, each
given its stops' share of the time left to it and to the stops queued after it, building
its problem included.

Deadlines are wall-clock seconds since the epoch (`time.time()`), so a solve sent to another
process keeps them: the time it waits to start and the model building it does are counted.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, wait
from dataclasses import dataclass, replace
from typing import TypeVar

from graph.progress import Progress
from routing.params import MIN_LIMIT_S, SolveParams
from routing.problem import RoutePlan, RoutingProblem
from routing.solve import ENGINES, plan_rank, solve

T = TypeVar("T")

CAP_SHARES = 2.0
"""A solve may take up to this many times its share of the time left: the solution count
stops it, and the cap only binds when the solves would not all fit (so a seed gives the
same routes however fast the machine is, while the budget holds)."""


def queue(sizes: Sequence[int], workers: int) -> list[tuple[int, float]]:
    """The order to solve the problems of `sizes` stops in on `workers` side by side, largest
    first (so the last to start are short and the workers end about together), each with
    the stops queued after it for each worker.

    >>> queue([5, 1, 4, 3], 2)
    [(0, 4.0), (2, 2.0), (3, 0.5), (1, 0.0)]
    """
    order = sorted(range(len(sizes)), key=lambda i: (-sizes[i], i))
    after = [sum(max(sizes[j], 1) for j in order[k + 1 :]) for k in range(len(order))]
    return [(i, later / max(workers, 1)) for i, later in zip(order, after)]


def solve_one(
    build: Callable[[], RoutingProblem],
    size: int,
    later: float,
    engine: str,
    params: SolveParams,
    deadline: float,
) -> RoutePlan:
    """Build and solve the problem of `build` (of `size` stops) by `deadline` (epoch
    seconds), `later` stops still to be solved after it in the same line of work. It stops
    by `params`' solution count; its time limit, building included, is `CAP_SHARES` times
    the share of the time left that its stops are of its own and the later ones, leaving
    the later ones at least their share over `CAP_SHARES`: a slow search rarely meets it,
    and time one does not use goes to the next."""
    mine = max(size, 1) / (max(size, 1) + later)
    cap = min(CAP_SHARES * mine, 1 - (1 - mine) / CAP_SHARES)  # the rest keep half theirs
    until = time.time() + max(0.0, deadline - time.time()) * cap
    problem = build()
    limit = max(MIN_LIMIT_S, until - time.time())
    return solve(problem, engine=engine, params=replace(params, time_limit_s=limit))


def solve_chain(
    builds: Sequence[Callable[[], RoutingProblem]],
    sizes: Sequence[int],
    engine: str,
    params: SolveParams,
    deadline: float,
    on_plan: Callable[[RoutePlan], None] | None = None,
) -> list[RoutePlan]:
    """The problems of `builds` (of `sizes` stops) built and solved one after another by
    `deadline` (epoch seconds), each as `solve_one` with the rest of the chain after it."""
    left = sum(max(n, 1) for n in sizes)
    plans = []
    for build, n in zip(builds, sizes):
        left -= max(n, 1)
        plans.append(solve_one(build, n, left, engine, params, deadline))
        if on_plan is not None:
            on_plan(plans[-1])
    return plans


@dataclass
class Clock:
    """The planning's start, budget and progress; `solving` sums the seconds the solves took,
    those run side by side counted once."""

    start: float
    budget_s: float
    progress: Progress | None
    solving: float = 0.0

    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def report(self, stage: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(stage, done, total)

    def tick(self, _: object = None) -> None:
        """Report the seconds spent of the budget."""
        spent = min(math.floor(self.elapsed()), math.ceil(self.budget_s))
        self.report("solving (s)", spent, math.ceil(self.budget_s))


def workers_of(executor: Executor) -> int:
    """The executor's workers (the solves they run side by side)."""
    return max(1, int(getattr(executor, "_max_workers", 1)))


def solve_side_by_side(
    builds: Sequence[Callable[[], RoutingProblem]],
    sizes: Sequence[int],
    engine: str,
    params: SolveParams,
    deadline: float,
    executor: Executor | None,
    clock: Clock,
) -> list[RoutePlan]:
    """Plans of the problems `builds` make (of `sizes` stops) by `deadline` (epoch seconds):
    queued largest first to the workers of `executor`, each taking the next as it is free
    (see `queue`), or one chain here without it. ``auto`` with a worker per engine runs one
    chain per engine over all the problems and keeps the better plan of each (see
    `plan_rank`)."""
    workers = 1 if executor is None else workers_of(executor)
    if executor is not None and engine == "auto" and workers >= len(ENGINES):
        runs = [executor.submit(solve_chain, builds, sizes, e, params, deadline) for e in ENGINES]
        by_engine = _gather(runs, clock)
        clock.solving += max(sum(p.seconds for p in chain) for chain in by_engine)
        return [
            replace(best, engine=f"auto:{best.engine}")
            for best in (min(plans, key=plan_rank) for plans in zip(*by_engine))
        ]
    if executor is None or workers == 1 or engine == "auto":
        plans = solve_chain(builds, sizes, engine, params, deadline, on_plan=clock.tick)
        clock.solving += sum(p.seconds for p in plans)
        return plans
    began = time.perf_counter()
    order = queue(sizes, workers)
    futures = [
        executor.submit(solve_one, builds[i], sizes[i], later, engine, params, deadline)
        for i, later in order
    ]
    placed = dict(zip((i for i, _ in order), _gather(futures, clock)))
    clock.solving += time.perf_counter() - began
    return [placed[i] for i in range(len(builds))]


def _gather(futures: Sequence[Future[T]], clock: Clock) -> list[T]:
    """The futures' results, reporting the seconds spent while they run."""
    while wait(futures, timeout=0.5).not_done:
        clock.tick()
    clock.tick()
    return [f.result() for f in futures]
