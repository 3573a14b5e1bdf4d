"""Sharing a time budget over solves run side by side: a slow solve does not hold up the
ones queued behind it, and no solve is given time past the deadline."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import pytest

from routing.budget import Clock, solve_side_by_side
from routing.params import SolveParams
from routing.problem import Fleet, RoutePlan, RoutingProblem
from routing.solve import ENGINES

SLOW_STOPS = 5
"""The problem of this size takes 0.6 s to solve; the others 0.05 s."""


def _problem(stops: int) -> RoutingProblem:
    zeros = tuple(tuple(0 for _ in range(stops + 1)) for _ in range(stops + 1))
    nothing = tuple(0 for _ in range(stops + 1))
    return RoutingProblem(f"p{stops}", zeros, zeros, nothing, nothing, (Fleet(1, 10),))


@pytest.fixture
def timed_engine(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int, float, float]]:
    """An engine that takes 0.6 s on the slow problem and 0.05 s on the others, within its
    limit; records (thread, stops, start, limit) of each call."""
    calls: list[tuple[int, int, float, float]] = []

    def engine(problem: RoutingProblem, params: SolveParams) -> RoutePlan:
        calls.append((threading.get_ident(), problem.stops, time.time(), params.time_limit_s))
        spent = min(0.6 if problem.stops == SLOW_STOPS else 0.05, params.time_limit_s)
        time.sleep(spent)
        return RoutePlan((), (), problem.stops, True, "timed", spent)

    monkeypatch.setitem(ENGINES, "ortools", engine)
    return calls


def test_a_free_worker_takes_the_next_problem(
    timed_engine: list[tuple[int, int, float, float]],
) -> None:
    sizes = [1, SLOW_STOPS, 4, 3, 2, 4, 3, 2]
    clock = Clock(time.perf_counter(), 5.0, None)
    with ThreadPoolExecutor(2) as pool:
        plans = solve_side_by_side(
            [partial(_problem, n) for n in sizes],
            sizes, "ortools", SolveParams(max_iterations=10), time.time() + 5.0, pool, clock,
        )  # fmt: skip
    assert [p.distance for p in plans] == sizes  # each plan in its problem's place
    slow = next(t for t, n, _, _ in timed_engine if n == SLOW_STOPS)
    assert [n for t, n, _, _ in timed_engine if t == slow] == [SLOW_STOPS]
    assert clock.solving < 0.6 + 0.3  # side by side: about the slow one's time


def test_no_solve_is_given_time_past_the_deadline(
    timed_engine: list[tuple[int, int, float, float]],
) -> None:
    sizes = [SLOW_STOPS, 1, 1, 1]
    deadline = time.time() + 0.4
    with ThreadPoolExecutor(2) as pool:
        solve_side_by_side(
            [partial(_problem, n) for n in sizes],
            sizes, "ortools", SolveParams(max_iterations=10), deadline, pool,
            Clock(time.perf_counter(), 0.4, None),
        )  # fmt: skip
    assert all(start + limit <= deadline + 0.01 for _, _, start, limit in timed_engine)
    assert len(timed_engine) == len(sizes)
