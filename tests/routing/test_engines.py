"""OR-Tools and PyVRP engines: known optima, constraints kept, auto picks the better plan."""

from __future__ import annotations

import math
from dataclasses import replace
from functools import cache
from itertools import permutations
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.errors import InvalidInput
from routing.ortools_model import solve_ortools
from routing.params import SolveParams
from routing.problem import Fleet, Route, RoutePlan, RoutingProblem, check_plan, route_distance
from routing.pyvrp_model import solve_pyvrp
from routing.solve import plan_rank, solve
from routing.vrplib import read_instance

DATA = Path(__file__).parents[1] / "data" / "routing"
ENGINES = ["ortools", "pyvrp"]
QUICK = SolveParams(time_limit_s=1, max_iterations=200)


def matrix(points: list[tuple[int, int]]) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(round(math.dist(a, b)) for b in points) for a in points)


def brute_force(problem: RoutingProblem) -> int:
    """Least distance over every order of the stops and every split of it into at most
    `vehicle_count` feasible routes (a single fleet)."""
    fleet = problem.fleets[0]

    @cache
    def cost(route: tuple[int, ...]) -> float:
        if sum(problem.demand[s] for s in route) > fleet.capacity:
            return math.inf
        times = timeline(problem, route, fleet.shift_start)
        windows = problem.windows or [(0, fleet.shift_end)] * len(problem.demand)
        late = any(t > windows[s][1] for s, t in zip(route, times[1:-1]))
        return math.inf if late or times[-1] > fleet.shift_end else route_distance(problem, route)

    n, best = problem.stops, math.inf
    for order in permutations(range(1, n + 1)):
        # least[j][k]: cheapest cover of order[:j] with k routes
        least = [[math.inf] * (fleet.count + 1) for _ in range(n + 1)]
        least[0][0] = 0
        for i in range(n):
            for j in range(i + 1, n + 1):
                c = cost(order[i:j])
                for k in range(fleet.count):
                    least[j][k + 1] = min(least[j][k + 1], least[i][k] + c)
        best = min(best, *least[n])
    return int(best)


def timeline(problem: RoutingProblem, route: tuple[int, ...], start: int) -> list[int]:
    """Departure, earliest start of service at each stop, and return."""
    times, here = [start], 0
    for s in route:
        lo = problem.windows[s][0] if problem.windows else 0
        times.append(max(lo, times[-1] + problem.service[here] + problem.duration[here][s]))
        here = s
    times.append(times[-1] + problem.service[here] + problem.duration[here][0] if route else start)
    return times


def assert_consistent(problem: RoutingProblem, plan: RoutePlan) -> None:
    """Each stop once or unserved; loads, distances and times add up along every route."""
    served = sorted([s for r in plan.routes for s in r.stops] + list(plan.unserved))
    assert served == list(range(1, problem.stops + 1))
    assert plan.distance == sum(r.distance for r in plan.routes)
    assert len({r.vehicle for r in plan.routes}) == len(plan.routes)
    for r in plan.routes:
        assert r.stops and 0 <= r.vehicle < problem.vehicle_count
        assert r.load == sum(problem.demand[s] for s in r.stops)
        assert r.distance == route_distance(problem, r.stops)
        assert_timed(problem, r)
    if plan.feasible:
        assert check_plan(problem, plan) == []


def assert_timed(problem: RoutingProblem, r: Route) -> None:
    """Leaves the depot at `start`, reaches each stop in time, is back by `end`."""
    path, times = [0, *r.stops, 0], [r.start, *r.arrivals, r.end]
    for k in range(len(path) - 1):
        a, b = path[k], path[k + 1]
        assert times[k] + problem.service[a] + problem.duration[a][b] <= times[k + 1]


@pytest.fixture(scope="module")
def tiny_cvrp() -> RoutingProblem:
    """Seven customers, capacity 10 (tests/data/routing/tiny.vrp)."""
    return read_instance(DATA / "tiny.vrp")[0]


@pytest.fixture(scope="module")
def tiny_vrptw() -> RoutingProblem:
    """Five customers with windows, three vehicles (tests/data/routing/tiny.txt)."""
    return read_instance(DATA / "tiny.txt")[0]


@pytest.mark.parametrize("engine", ENGINES)
def test_engines_find_the_brute_force_optimum_of_a_tiny_cvrp(
    engine: str, tiny_cvrp: RoutingProblem
) -> None:
    plan = solve(tiny_cvrp, engine=engine, params=QUICK)
    assert plan.feasible and plan.engine == engine
    assert_consistent(tiny_cvrp, plan)
    assert plan.distance == brute_force(tiny_cvrp) == 374


@pytest.mark.parametrize("engine", ENGINES)
def test_engines_find_the_brute_force_optimum_with_time_windows(
    engine: str, tiny_vrptw: RoutingProblem
) -> None:
    plan = solve(tiny_vrptw, engine=engine, params=QUICK)
    assert plan.feasible
    assert_consistent(tiny_vrptw, plan)
    assert plan.distance == brute_force(tiny_vrptw) == 3559


@st.composite
def problems(draw: st.DrawFn) -> RoutingProblem:
    """Small random problems that are feasible (each stop fits an out-and-back trip), with
    windows, route lengths, a second fleet and drop penalties sometimes."""
    n = draw(st.integers(1, 7))
    coords = st.tuples(st.integers(0, 60), st.integers(0, 60))
    d = matrix(draw(st.lists(coords, min_size=n + 1, max_size=n + 1)))
    capacity = draw(st.integers(3, 12))
    demand = (0, *draw(st.lists(st.integers(0, capacity), min_size=n, max_size=n)))
    service = (0, *draw(st.lists(st.integers(0, 5), min_size=n, max_size=n)))
    windows = None
    horizon = 10**9
    if draw(st.booleans()):
        opens = draw(st.lists(st.integers(0, 80), min_size=n, max_size=n))
        widths = draw(st.lists(st.integers(0, 40), min_size=n, max_size=n))
        spans = [(lo, max(lo + w, d[0][s])) for s, (lo, w) in enumerate(zip(opens, widths), 1)]
        horizon = max(hi + service[s] + d[s][0] for s, (_, hi) in enumerate(spans, 1))
        windows = ((0, horizon), *spans)
    longest = max(d[0][s] + service[s] + d[s][0] for s in range(1, n + 1))
    max_duration = draw(st.one_of(st.none(), st.integers(longest, longest + 60)))
    fleets = [Fleet(n, capacity, shift_end=horizon, max_duration=max_duration, name="small")]
    if draw(st.booleans()):
        extra = draw(st.integers(0, 8))
        fleets.append(
            Fleet(
                draw(st.integers(1, 2)),
                capacity + extra,
                shift_end=horizon,
                fixed_cost=draw(st.integers(0, 50)),
                name="large",
            )
        )
    return RoutingProblem(
        "random",
        d,
        d,
        demand,
        service,
        tuple(fleets),
        windows,
        drop_penalty=draw(st.one_of(st.none(), st.integers(0, 150))),
    )


@pytest.mark.parametrize("engine", ENGINES)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=problems())
def test_plans_keep_every_constraint(engine: str, problem: RoutingProblem) -> None:
    plan = solve(problem, engine=engine, params=SolveParams(time_limit_s=2, max_iterations=50))
    assert_consistent(problem, plan)
    if problem.drop_penalty is None:
        assert plan.feasible and not plan.unserved


@pytest.mark.parametrize("engine", ENGINES)
def test_fixed_costs_and_a_second_fleet_pick_one_large_vehicle(engine: str) -> None:
    d = matrix([(0, 0), (10, 0), (0, 10)])
    problem = RoutingProblem(
        "two fleets",
        d,
        d,
        (0, 4, 4),
        (0, 0, 0),
        (Fleet(2, 5, fixed_cost=1000, name="small"), Fleet(1, 10, fixed_cost=1000, name="big")),
    )
    plan = solve(problem, engine=engine, params=QUICK)
    assert [(r.vehicle, r.load) for r in plan.routes] == [(2, 8)]
    assert plan.distance == 10 + 14 + 10 and plan.feasible


@pytest.mark.parametrize("engine", ENGINES)
def test_a_stop_too_big_for_any_vehicle_is_dropped_only_with_a_penalty(engine: str) -> None:
    d = matrix([(0, 0), (10, 0), (0, 10)])
    problem = RoutingProblem("big stop", d, d, (0, 4, 40), (0, 0, 0), (Fleet(2, 10),))
    dropping = solve(replace(problem, drop_penalty=500), engine=engine, params=QUICK)
    assert dropping.unserved == (2,) and dropping.feasible
    assert_consistent(problem, dropping)
    strict = solve(problem, engine=engine, params=QUICK)
    assert not strict.feasible
    assert_consistent(problem, strict)


def test_ortools_schedules_a_break_inside_the_shift() -> None:
    d = ((0, 3, 5), (3, 0, 2), (5, 2, 0))
    # Busy 12 time units without the break; the break (5–15) must fall inside the 0–22 shift.
    fleet = Fleet(1, 10, shift_end=22, break_start=(5, 5), break_duration=10)
    problem = RoutingProblem("break", d, d, (0, 1, 1), (0, 1, 1), (fleet,))
    plan = solve_ortools(problem, QUICK)
    assert plan.feasible and len(plan.routes) == 1
    route = plan.routes[0]
    assert (route.start, route.end) == (0, 22)
    assert_consistent(problem, plan)
    with pytest.raises(InvalidInput, match="breaks need the ortools engine"):
        solve_pyvrp(problem, QUICK)
    assert solve(problem, engine="auto", params=QUICK).engine == "auto:ortools"


def test_ortools_reports_no_plan_when_nothing_fits() -> None:
    d = matrix([(0, 0), (30, 40)])
    problem = RoutingProblem(
        "too far", d, d, (0, 1), (0, 0), (Fleet(1, 5, shift_end=60),), ((0, 60), (0, 60))
    )
    plan = solve_ortools(problem, QUICK)
    assert plan.routes == () and plan.unserved == (1,) and not plan.feasible


def random_problem(n: int, seed: int) -> RoutingProblem:
    import random

    rng = random.Random(seed)
    d = matrix([(rng.randint(0, 100), rng.randint(0, 100)) for _ in range(n + 1)])
    demand = (0, *(rng.randint(1, 9) for _ in range(n)))
    return RoutingProblem(f"random{n}", d, d, demand, (0,) * (n + 1), (Fleet(n, 30),))


@pytest.mark.parametrize("engine", ENGINES)
def test_same_seed_and_iteration_limit_give_the_same_plan(engine: str) -> None:
    problem = random_problem(30, seed=3)
    params = SolveParams(time_limit_s=30, seed=5, max_iterations=300)
    first, second = (solve(problem, engine=engine, params=params) for _ in range(2))
    assert first.routes == second.routes and first.distance == second.distance


def test_auto_returns_the_better_plan_and_names_its_engine() -> None:
    problem = random_problem(40, seed=11)
    params = SolveParams(time_limit_s=30, seed=2, max_iterations=20)
    alone = {e: solve(problem, engine=e, params=params) for e in ENGINES}
    assert alone["ortools"].distance != alone["pyvrp"].distance  # a real choice
    winner = min(ENGINES, key=lambda e: plan_rank(alone[e]))
    plan = solve(problem, engine="auto", params=params)
    assert plan.engine == f"auto:{winner}"
    assert plan.routes == alone[winner].routes and plan.distance == alone[winner].distance


def test_plan_rank_prefers_feasible_then_serving_everyone_then_short() -> None:
    """An overloaded van is no plan at all: a feasible plan that leaves a stop (with its
    reason) ranks above it."""
    short_unserved = RoutePlan((), (1,), 10, True, "a", 0.0)
    long_infeasible = RoutePlan((), (), 50, False, "b", 0.0)
    long_feasible = RoutePlan((), (), 90, True, "c", 0.0)
    short_feasible = RoutePlan((), (), 80, True, "d", 0.0)
    plans = [short_unserved, long_infeasible, long_feasible, short_feasible]
    assert [p.engine for p in sorted(plans, key=plan_rank)] == ["d", "c", "a", "b"]


def test_unknown_engine_is_refused(tiny_cvrp: RoutingProblem) -> None:
    with pytest.raises(InvalidInput, match="engine 'gurobi' unknown; use ortools, pyvrp, auto"):
        solve(tiny_cvrp, engine="gurobi", params=QUICK)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"time_limit_s": -1}, "time_limit_s: -1 must be > 0 seconds"),
        ({"time_limit_s": 0}, "time_limit_s: 0 must be > 0 seconds"),
        ({"seed": -3}, "seed: -3 must be ≥ 0"),
        ({"max_iterations": 0}, "max_iterations: 0 must be ≥ 1 or None"),
        ({"first_solution": "MAGIC"}, "first_solution: unknown strategy 'MAGIC'"),
        ({"workers": 0}, "workers: 0 must be ≥ 1"),
    ],
)
def test_bad_solve_params_are_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        SolveParams(**kwargs)  # type: ignore[arg-type]


def test_solve_params_load_from_toml(tmp_path: Path) -> None:
    path = tmp_path / "solve.toml"
    path.write_text('time_limit_s = 3.5\nmax_iterations = 40\nfirst_solution = "SAVINGS"\n')
    assert SolveParams.from_file(path) == SolveParams(3.5, 0, 40, "SAVINGS")
    path.write_text("time_limit = 3\n")
    with pytest.raises(InvalidInput, match="unknown parameters \\['time_limit'\\]"):
        SolveParams.from_file(path)


def test_an_explicit_first_solution_is_used(tiny_cvrp: RoutingProblem) -> None:
    params = SolveParams(time_limit_s=1, max_iterations=1, first_solution="CHRISTOFIDES")
    assert solve_ortools(tiny_cvrp, params).feasible


def _two_trips(initial: tuple[tuple[tuple[int, int], ...], ...] = ()) -> RoutingProblem:
    """Six stops on two arms of a cross, the east arm on trip 1 and the north arm on trip 2,
    two vehicles that may skip any stop."""
    points = [(0, 0), (10, 0), (20, 0), (30, 0), (0, 10), (0, 20), (0, 30)]
    d = matrix(points)
    return RoutingProblem(
        "cross", d, d, (0,) + (1,) * 6, (0,) * 7, (Fleet(2, 10, 0, 1000),),
        windows=((0, 1000),) * 7, drop_penalty=10_000, trips=2,
        trip_of=(0, 1, 1, 1, 2, 2, 2), initial=initial,
    )  # fmt: skip


def test_ortools_starts_from_the_initial_routes() -> None:
    problem = _two_trips((((3, 1), (1, 1), (5, 2)), ()))
    first = solve_ortools(problem, SolveParams(time_limit_s=5, max_iterations=1))
    assert [(r.vehicle, r.stops, r.trips) for r in first.routes] == [(0, (3, 1, 5), (1, 1, 2))]
    assert first.unserved == (2, 4, 6)  # one solution: the start
    searched = solve_ortools(problem, SolveParams(time_limit_s=5, max_iterations=100))
    assert searched.unserved == () and not check_plan(problem, searched)


def test_initial_routes_that_break_a_constraint_are_not_the_start() -> None:
    problem = _two_trips((((4, 1),), ()))  # stop 4 belongs to trip 2
    plan = solve_ortools(problem, SolveParams(time_limit_s=5, max_iterations=1))
    assert plan.feasible and not check_plan(problem, plan)


@pytest.mark.parametrize(
    "initial",
    [(((1, 1),),), (((1, 1),), ((1, 2),)), (((7, 1),), ()), (((1, 3),), ())],
)
def test_bad_initial_routes_are_refused(initial: tuple[tuple[tuple[int, int], ...], ...]) -> None:
    with pytest.raises(InvalidInput, match="initial routes"):
        _two_trips(initial)
