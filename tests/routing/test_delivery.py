"""Delivery days: waves, capacity over both trips, shifts, reasons for unserved stops."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import numpy as np
import pytest

from graph.errors import InvalidInput
from routing.delivery import plan_day
from routing.delivery_params import DeliveryParams
from routing.matrix import StraightLine
from routing.params import SolveParams
from routing.problem import RoutePlan, RoutingProblem
from routing.solve import ENGINES
from routing.waves import DeliveryStop, DeliveryVehicle, DepotSite, split_waves

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
    plan = plan_day(
        _stops(40),
        vehicles,
        {"D1": DEPOT},
        DeliveryParams(),
        StraightLine(),
        solve_params=FAST,
        budget_s=4,
    )
    s = plan.summary
    assert s.served == 40 and plan.unserved == () and s.over_capacity == ()
    assert s.max_shift_minutes <= 420
    by_trip = {(t.vehicle, t.trip): t for t in plan.trips}
    for (vehicle, trip), t in by_trip.items():
        if trip == 2 and (vehicle, 1) in by_trip:
            assert by_trip[(vehicle, 1)].end_s <= t.start_s  # reload between the trips
    am = {r for t in plan.trips if t.kind == "am" for r, _, _ in t.stops}
    assert all(int(r[1:]) % 2 for r in am)  # morning trip, morning batch


def test_a_shortage_is_reported_with_its_numbers() -> None:
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
    reasons = {why for _, why in plan.unserved}
    assert plan.summary.served + len(plan.unserved) == 30
    assert any(r.startswith("capacity: 15.0 cases for 10.0 available") for r in reasons)
    assert plan.summary.max_load_cases <= 10


def test_remote_retailers_get_one_full_day_trip() -> None:
    waves = split_waves(
        _stops(10, remote=5),
        [DeliveryVehicle("V1", "D1", 45, 2), DeliveryVehicle("V2", "D1", 45, 2)],
        {"D1": DEPOT},
        DeliveryParams(),
    )
    day = [w for w in waves if w.kind == "day"]
    assert len(day) == 1 and {s.id for s in day[0].stops} == {f"R{i}" for i in range(5)}
    assert set(day[0].vehicles).isdisjoint(next(w for w in waves if w.kind == "am").vehicles)


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


@pytest.mark.xfail(
    strict=True,
    reason="split_waves gives a group's only vehicles both the remote day trip and the "
    "morning trip (two_trip falls back to the day vehicles); both are numbered trip 1",
)
def test_no_vehicle_is_on_two_trips_at_once() -> None:
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


def _six_depots(per_depot: int = 30) -> tuple[list[DeliveryStop], list[DeliveryVehicle], dict]:
    """Six depots, one area and one vehicle each: twelve waves (morning and afternoon)."""
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
    assert len(sleepy_engine) == 12
    for thread in {t for t, _, _ in sleepy_engine}:
        given = sum(limit for t, _, limit in sleepy_engine if t == thread)
        assert given <= 1.2  # each chain of solves, model building included, fits the limit
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
    assert len([s for s in seen if s[0] == "solving (s)"]) >= 12  # one a solve at least
    assert seen[-1] == ("routes", len(stops), len(stops), 12)


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
