"""Share a time budget over many solves: chains of solves run side by side, each solve given
its stops' share of the time its chain has left, building its problem included.

Deadlines are wall-clock seconds since the epoch (`time.time()`), so a chain sent to another
process keeps them: the time it waits to start and the model building it does are counted.
"""

from __future__ import annotations

import heapq
import math
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, wait
from dataclasses import dataclass, replace

from graph.progress import Progress
from routing.params import MIN_LIMIT_S, SolveParams
from routing.problem import RoutePlan, RoutingProblem
from routing.solve import ENGINES, plan_rank, solve

CAP_SHARES = 2.0
"""A solve may take up to this many times its share of its chain's time: the solution count
stops it, and the cap only binds when the whole chain would not fit (so a seed gives the
same routes however fast the machine is, while the budget holds)."""


def deal(sizes: Sequence[int], workers: int) -> list[list[int]]:
    """Indices of `sizes` dealt into at most `workers` chains, each next largest to the
    chain with the least so far (so the chains end about together).

    >>> deal([5, 1, 4, 3], 2)
    [[0, 1], [2, 3]]
    >>> deal([2, 2], 4)
    [[0], [1]]
    """
    heap = [(0, c) for c in range(max(1, min(workers, len(sizes))))]
    chains: list[list[int]] = [[] for _ in heap]
    for i in sorted(range(len(sizes)), key=lambda i: (-sizes[i], i)):
        load, c = heapq.heappop(heap)
        chains[c].append(i)
        heapq.heappush(heap, (load + sizes[i], c))
    return [sorted(c) for c in chains if c]


def solve_chain(
    builds: Sequence[Callable[[], RoutingProblem]],
    sizes: Sequence[int],
    engine: str,
    params: SolveParams,
    deadline: float,
    on_plan: Callable[[RoutePlan], None] | None = None,
) -> list[RoutePlan]:
    """Build and solve the problems of `builds` (of `sizes` stops) one after another by
    `deadline` (epoch seconds). Each stops by `params`' solution count; its time limit,
    building included, is `CAP_SHARES` times the share of the time left that its stops are
    of the stops left, leaving the others at least their share over `CAP_SHARES`: a slow
    search rarely meets it, and time one does not use goes to the next."""
    left = sum(max(n, 1) for n in sizes)
    plans = []
    for build, n in zip(builds, sizes):
        mine = max(n, 1) / left
        cap = min(CAP_SHARES * mine, 1 - (1 - mine) / CAP_SHARES)  # the rest keep half theirs
        until = time.time() + max(0.0, deadline - time.time()) * cap
        problem = build()
        limit = max(MIN_LIMIT_S, until - time.time())
        plans.append(solve(problem, engine=engine, params=replace(params, time_limit_s=limit)))
        left -= max(n, 1)
        if on_plan is not None:
            on_plan(plans[-1])
    return plans


@dataclass
class Clock:
    """The planning's start, budget and progress; `solving` sums the engines' seconds along
    the longest chain of each trip."""

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
    """The executor's workers (its chains run side by side; more would queue)."""
    return max(1, int(getattr(executor, "_max_workers", 1)))


def solve_in_chains(
    builds: Sequence[Callable[[], RoutingProblem]],
    sizes: Sequence[int],
    engine: str,
    params: SolveParams,
    deadline: float,
    executor: Executor | None,
    clock: Clock,
) -> list[RoutePlan]:
    """Plans of the problems `builds` make (of `sizes` stops) by `deadline` (epoch seconds):
    one chain of builds and solves per worker of `executor`, or one chain here without it.
    ``auto`` with a worker per engine runs one chain per engine over all the problems and
    keeps the better plan of each (see `plan_rank`)."""
    workers = 1 if executor is None else workers_of(executor)
    if executor is not None and engine == "auto" and workers >= len(ENGINES):
        runs = [executor.submit(solve_chain, builds, sizes, e, params, deadline) for e in ENGINES]
        by_engine = _gather(runs, clock)
        return [
            replace(best, engine=f"auto:{best.engine}")
            for best in (min(plans, key=plan_rank) for plans in zip(*by_engine))
        ]
    if executor is None or workers == 1 or engine == "auto":
        plans = solve_chain(builds, sizes, engine, params, deadline, on_plan=clock.tick)
        clock.solving += sum(p.seconds for p in plans)
        return plans
    chains = deal(sizes, workers)
    futures = [
        executor.submit(
            solve_chain, [builds[i] for i in c], [sizes[i] for i in c], engine, params, deadline
        )
        for c in chains
    ]
    placed: list[RoutePlan | None] = [None] * len(builds)
    for chain, made in zip(chains, _gather(futures, clock)):
        for i, plan in zip(chain, made):
            placed[i] = plan
    return [p for p in placed if p is not None]


def _gather(futures: Sequence[Future[list[RoutePlan]]], clock: Clock) -> list[list[RoutePlan]]:
    """The chains' plans, reporting the seconds spent while they run; adds the longest
    chain's engine seconds to the clock."""
    while wait(futures, timeout=0.5).not_done:
        clock.tick()
    done = [f.result() for f in futures]
    clock.tick()
    clock.solving += max((sum(p.seconds for p in chain) for chain in done), default=0.0)
    return done
