"""Delivery days: one fleet per depot with reloads and per-stop windows, capacity over both
trips, shifts, the bound and the reasons for unserved stops."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import numpy as np
import pytest

from graph.errors import InvalidInput
from routing.day_inputs import DeliveryStop, DeliveryVehicle, DepotSite
from routing.delivery import REPAIR_DOUBLINGS, plan_day
from routing.delivery_params import DeliveryParams
from routing.matrix import StraightLine
from routing.params import SolveParams
from routing.problem import RoutePlan, RoutingProblem
from routing.solve import ENGINES

DEPOT = DepotSite("D1", 117.30, 31.86)


def _stops(
    n: int, *, cases: float = 0.5, seed: int = 1, spread: float = 0.03, remote: int = 0
) -> list[DeliveryStop]:
    """n stops around the depot (half morning, half afternoon batch) and `remote` far ones."""
    rng = np.random.default_rng(seed)
    out = [
        DeliveryStop(
            f"S{i}",
            DEPOT.lon + rng.normal(0, spread),
            DEPOT.lat + rng.normal(0, spread),
            cases,
            "am" if i % 2 else "pm",
            "D1",
            "A1",
        )
        for i in range(n)
    ]
    out += [
        DeliveryStop(
            f"R{i}", DEPOT.lon + 0.4 + rng.normal(0, 0.01), DEPOT.lat, cases, "am", "D1", "A1"
        )
        for i in range(remote)
    ]
    return out


FAST = SolveParams(time_limit_s=1, max_iterations=200)


def test_every_stop_is_served_within_capacity_and_shift() -> None:
    vehicles = [DeliveryVehicle("V1", "D1", 45, 2), DeliveryVehicle("V2", "D1", 55, 3)]
    params = DeliveryParams()
    plan = plan_day(
        _stops(40),
        vehicles,
        {"D1": DEPOT},
        params,
        StraightLine(),
        solve_params=FAST,
        budget_s=4,
    )
    s = plan.summary
    assert s.served == 40 and plan.unserved == () and s.over_capacity == ()
    assert s.max_shift_minutes <= 420
    by_trip = {(t.vehicle, t.trip): t for t in plan.trips}
    assert len(by_trip) == len(plan.trips)  # one id a vehicle and trip
    for (vehicle, trip), t in by_trip.items():
        if trip == 2 and (vehicle, 1) in by_trip:  # a reload between the trips
            assert by_trip[(vehicle, 1)].end_s + params.reload_s <= t.start_s
    for t in plan.trips:
        batch = {int(r[1:]) % 2 for r, _, _ in t.stops}
        assert batch == ({1} if t.trip == 1 else {0})  # morning trip, morning batch
        times = [eta for _, eta, _ in t.stops]
        if t.trip == 1:
            assert max(times) <= params.am_end_s
        else:
            assert min(times) >= params.pm_start_s


def test_a_stop_may_go_on_any_vehicle_of_its_depot() -> None:
    """Two areas, one with 18 of the 20 cases: more than one 12-case van holds, so its stops
    must use both vans (an area never owns a vehicle)."""
    stops = [replace(s, area="A1" if i < 36 else "A2") for i, s in enumerate(_stops(40))]
    vehicles = [DeliveryVehicle("V1", "D1", 12, 2), DeliveryVehicle("V2", "D1", 12, 2)]
    plan = plan_day(
        stops, vehicles, {"D1": DEPOT}, DeliveryParams(), StraightLine(), solve_params=FAST,
        budget_s=4,
    )  # fmt: skip
    assert plan.unserved == () and plan.summary.vehicles == 2
    (bound,) = plan.bounds
    assert (bound.capacity, bound.fits) == (2, True)


def test_a_shortage_is_reported_with_the_bound_and_its_numbers() -> None:
    vehicles = [DeliveryVehicle("V1", "D1", 10, 2)]
    plan = plan_day(
        _stops(30, cases=1.0),
        vehicles,
        {"D1": DEPOT},
        DeliveryParams(),
        StraightLine(),
        solve_params=FAST,
        budget_s=3,
    )
    (bound,) = plan.bounds
    assert (bound.capacity, bound.needed, bound.binding, bound.fits) == (3, 3, "capacity", False)
    reasons = {why for _, why in plan.unserved}
    assert reasons == {"capacity: 30.0 cases need 3 vehicles, depot D1 has 1 (10.0 cases a day)"}
    assert plan.summary.served + len(plan.unserved) == 30
    assert plan.summary.max_load_cases <= 10
    assert (plan.summary.vehicles_needed, plan.summary.vehicles_available) == (3, 1)


def test_remote_retailers_are_delivered_once_on_a_full_day() -> None:
    params = DeliveryParams()
    plan = plan_day(
        _stops(10, remote=5),
        [DeliveryVehicle("V1", "D1", 45, 2), DeliveryVehicle("V2", "D1", 45, 2)],
        {"D1": DEPOT},
        params,
        StraightLine(),
        solve_params=FAST,
        budget_s=4,
    )
    served = [r for t in plan.trips for r, _, _ in t.stops]
    assert plan.unserved == () and sorted(served) == sorted(set(served))
    assert {f"R{i}" for i in range(5)} <= set(served)
    (bound,) = plan.bounds
    assert bound.remote >= 1


def test_a_one_van_depot_numbers_its_trips_apart() -> None:
    plan = plan_day(
        _stops(10, remote=3),
        [DeliveryVehicle("V1", "D1", 45, 2)],
        {"D1": DEPOT},
        DeliveryParams(),
        StraightLine(),
        solve_params=FAST,
        budget_s=2,
    )
    spans = sorted((t.start_s, t.end_s) for t in plan.trips)
    assert all(end <= start for (_, end), (start, _) in zip(spans, spans[1:]))
    assert len({(t.vehicle, t.trip) for t in plan.trips}) == len(plan.trips)
    assert plan.summary.served == 13


def test_a_stop_without_coordinates_is_refused() -> None:
    with pytest.raises(InvalidInput, match="no coordinates"):
        StraightLine().matrices([(117.3, 31.8), (float("nan"), 31.8)])


def test_straight_line_times_are_symmetric_and_zero_on_the_diagonal() -> None:
    d, t = StraightLine().matrices([(117.3, 31.8), (117.35, 31.82), (117.0, 32.2)])
    assert (d == d.T).all() and (t == t.T).all() and not d.diagonal().any()
    assert t[0, 2] / d[0, 2] < t[0, 1] / d[0, 1]  # rural legs are faster per metre


def test_fractional_cartons_never_let_a_vehicle_exceed_its_cases() -> None:
    stops = _stops(40, cases=0.43, seed=4)  # 21.5 cartons each: rounding down would overload
    fleet = [DeliveryVehicle("V1", "D1", 9.0, 2)]
    plan = plan_day(
        stops,
        fleet,
        {"D1": DEPOT},
        DeliveryParams(),
        StraightLine(),
        solve_params=SolveParams(time_limit_s=2, max_iterations=200),
        budget_s=4,
    )
    loads = [t.load_cases for t in plan.trips]
    assert sum(loads) <= 9.0 + 1e-9 and plan.summary.over_capacity == ()


def _six_depots(per_depot: int = 30) -> tuple[list[DeliveryStop], list[DeliveryVehicle], dict]:
    """Six depots, one area and one vehicle each: six solves, then six more for what an
    engine leaves over (with the vehicles it did not use)."""
    depots = {f"D{d}": DepotSite(f"D{d}", DEPOT.lon + 0.1 * d, DEPOT.lat) for d in range(6)}
    stops = [
        replace(s, id=f"{d}-{s.id}", lon=s.lon + 0.1 * d, depot=f"D{d}", area=f"A{d}")
        for d in range(6)
        for s in _stops(per_depot, seed=d)
    ]
    vehicles = [DeliveryVehicle(f"V{d}", f"D{d}", 45, 2) for d in range(6)]
    return stops, vehicles, depots


@pytest.fixture
def sleepy_engine(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, float, float]]:
    """An engine that spends its whole time limit and serves nothing; records (thread,
    start, limit) of each call."""
    calls: list[tuple[int, float, float]] = []

    def engine(problem: RoutingProblem, params: SolveParams) -> RoutePlan:
        calls.append((threading.get_ident(), time.time(), params.time_limit_s))
        time.sleep(params.time_limit_s)
        unserved = tuple(range(1, problem.stops + 1))
        return RoutePlan((), unserved, 0, True, "sleepy", params.time_limit_s)

    monkeypatch.setitem(ENGINES, "ortools", engine)
    return calls


@pytest.mark.parametrize("workers", [0, 2])
def test_the_time_given_to_the_engines_fits_the_limit(
    sleepy_engine: list[tuple[int, float, float]], workers: int
) -> None:
    stops, vehicles, depots = _six_depots()
    start = time.time()
    with ThreadPoolExecutor(max(workers, 1)) as pool:
        plan = plan_day(
            stops,
            vehicles,
            depots,
            DeliveryParams(),
            StraightLine(),
            budget_s=1.2,
            executor=pool if workers else None,
        )
    # the sectors, then rounds that place none, until the time is spent
    assert 6 * 2 <= len(sleepy_engine) <= 6 * (2 + REPAIR_DOUBLINGS)
    for thread in {t for t, _, _ in sleepy_engine}:
        given = sum(limit for t, _, limit in sleepy_engine if t == thread)
        assert given <= 1.2  # each worker's solves, model building included, fit the limit
    assert all(s + limit <= start + 1.2 + 0.01 for _, s, limit in sleepy_engine)
    assert plan.summary.solve_seconds <= plan.summary.seconds <= 1.2 * 1.25


def test_a_small_time_limit_holds_with_the_real_engine() -> None:
    stops, vehicles, depots = _six_depots(60)
    plan = plan_day(stops, vehicles, depots, DeliveryParams(), StraightLine(), budget_s=2)
    assert plan.summary.seconds <= 2 * 1.1 + 0.3  # the matrices: a few ms each
    assert plan.summary.solve_seconds <= 2 * 1.1


def test_progress_is_reported_before_the_first_solve(
    sleepy_engine: list[tuple[int, float, float]],
) -> None:
    stops, vehicles, depots = _six_depots()
    seen: list[tuple[str, int, int, int]] = []

    def progress(stage: str, done: int, total: int) -> None:
        seen.append((stage, done, total, len(sleepy_engine)))

    plan_day(
        stops, vehicles, depots, DeliveryParams(), StraightLine(), budget_s=1, progress=progress
    )
    assert seen[0] == ("routes", 0, len(stops), 0)
    solves = len(sleepy_engine)
    assert solves >= 6 * 2  # the sectors, then at least a round that places none
    assert len([s for s in seen if s[0] == "solving (s)"]) >= solves  # one a solve at least
    assert seen[-1] == ("routes", len(stops), len(stops), solves)


class _NoMatrix:
    def matrices(self, points: object) -> object:
        raise AssertionError("the matrices were built before the input was checked")


@pytest.mark.parametrize(
    ("engine", "budget_s", "message"),
    [
        ("gurobi", 10, "routing engine 'gurobi' unknown"),
        ("ortools", 0, "time limit: 0 seconds must be > 0"),
        ("ortools", -5, "time limit: -5 seconds must be > 0"),
    ],
)
def test_absurd_inputs_are_refused_before_any_work(
    engine: str, budget_s: float, message: str
) -> None:
    stops, vehicles, depots = _six_depots(4)
    with pytest.raises(InvalidInput, match=message):
        plan_day(
            stops,
            vehicles,
            depots,
            DeliveryParams(),
            _NoMatrix(),  # type: ignore[arg-type]
            engine=engine,
            budget_s=budget_s,
        )


def test_auto_runs_one_chain_per_engine_within_the_limit() -> None:
    stops, vehicles, depots = _six_depots(20)
    with ThreadPoolExecutor(2) as pool:
        plan = plan_day(
            stops,
            vehicles,
            depots,
            DeliveryParams(),
            StraightLine(),
            engine="auto",
            budget_s=2,
            executor=pool,
        )
    assert plan.summary.seconds <= 2 * 1.1 + 0.3
    assert plan.summary.served == len(stops)
    assert {t.engine for t in plan.trips} <= {"auto:ortools", "auto:pyvrp"}


@pytest.mark.parametrize("engine", ["ortools", "pyvrp"])
def test_an_afternoon_only_van_makes_trip_two_after_its_goods_are_ready(engine: str) -> None:
    params = DeliveryParams()
    stops = [s for s in _stops(6) if s.batch == "pm"]
    plan = plan_day(
        stops,
        [DeliveryVehicle("V1", "D1", 45, 2)],
        {"D1": DEPOT},
        params,
        StraightLine(),
        engine=engine,
        solve_params=FAST,
        budget_s=3,
    )
    (trip,) = plan.trips
    times = [eta for _, eta, _ in trip.stops]
    assert (trip.trip, trip.kind) == (2, "pm") and plan.unserved == ()
    assert params.pm_start_s - params.reload_s <= trip.start_s <= min(times)
    assert max(times) < trip.end_s <= params.shift_end_s
    assert plan.summary.max_shift_minutes > 0
