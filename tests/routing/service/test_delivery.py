"""Planning a delivery day on the graph: dry runs, applied plans, the executor, who may plan."""

from __future__ import annotations

import re
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from typing import Any

import pytest

from graph.derived import refresh_delivery_fields
from graph.errors import Forbidden, NotFound
from graph.integrity import check_graph
from graph.principal import LOCAL_ADMIN, AccountRole, Principal
from graph.queries import Query
from graph.repository import get_retailer
from graph.session import Session
from routing.delivery import REPAIR_ROUNDS
from routing.matrix import OsrmTable, StraightLine
from routing.service import (
    RoutePlanResult,
    delivery_params,
    plan_routes,
    read_routes,
    route_matrix,
)
from seeds.city import City
from tests.routing.service.conftest import DAY, DISPATCHER, FIRST, lead_of


def _zone_stops(city: City, zone: int) -> set[str]:
    """The retailers of `zone` that buy, so get a delivery on its day."""
    return {
        r.id for r in city.retailers if city.retailer_zone[r.id] == zone and r.avg_monthly_cases > 0
    }


def test_a_dry_run_plans_every_stop_of_the_dates_zone_and_writes_nothing(
    routed: tuple[Session, RoutePlanResult], tiny_city: City
) -> None:
    session, _ = routed
    stored = read_routes(session, DISPATCHER, DAY)
    result = plan_routes(session, DISPATCHER, DAY, solve_params=FIRST, dry_run=True)
    assert (result.date, result.zone, result.applied) == (DAY, 3, False)
    assert result.stops == len(_zone_stops(tiny_city, 3)) == 70
    assert result.served + len(result.unserved) == result.stops
    assert {u.retailer for u in result.unserved} < _zone_stops(tiny_city, 3)
    assert all(u.reason for u in result.unserved)
    assert result.over_capacity == () and result.max_shift_minutes <= 420
    assert (result.vehicles, result.trips, result.engine) == (3, 5, "ortools")
    assert {r.reason for r in result.unserved_by_reason} <= {
        b.reason() for b in result.bounds if not b.fits
    }
    assert read_routes(session, DISPATCHER, DAY) == stored


def test_an_applied_plan_stores_the_served_stops_and_replaces_the_dates_routes(
    seeded_session: Session,
) -> None:
    with pytest.raises(NotFound, match="^no routes planned for 2026-11-24: plan that date first$"):
        read_routes(seeded_session, DISPATCHER, DAY)
    first = plan_routes(seeded_session, LOCAL_ADMIN, DAY, solve_params=FIRST)
    again = plan_routes(seeded_session, DISPATCHER, DAY, solve_params=FIRST)
    timeless = {"seconds": 0, "solve_seconds": 0}
    assert first.applied and replace(first, **timeless) == replace(again, **timeless)
    routes = read_routes(seeded_session, DISPATCHER, DAY)
    stored = [s.retailer for r in routes for s in r.stops]
    assert len(stored) == len(set(stored)) == again.served  # replaced, not added
    assert {u.retailer for u in again.unserved}.isdisjoint(stored)
    assert {r.zone for r in routes} == {3}
    assert all(r.driver and r.plate and r.depot for r in routes)


def test_a_given_zone_overrides_the_dates(
    routed: tuple[Session, RoutePlanResult], tiny_city: City
) -> None:
    result = plan_routes(routed[0], DISPATCHER, DAY, zone=1, solve_params=FIRST, dry_run=True)
    assert (result.zone, result.stops) == (1, len(_zone_stops(tiny_city, 1)))


class CountingExecutor(ThreadPoolExecutor):
    """A thread pool that counts the solves handed to it."""

    submitted = 0

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.submitted += 1
        return super().submit(fn, *args, **kwargs)


def test_the_day_is_solved_on_the_injected_executor_and_progress_is_reported(
    routed: tuple[Session, RoutePlanResult],
) -> None:
    session, planned = routed
    reports: list[tuple[str, int, int]] = []
    with CountingExecutor(max_workers=2) as pool:
        pooled = plan_routes(
            session,
            DISPATCHER,
            DAY,
            solve_params=FIRST,
            dry_run=True,
            executor=pool,
            progress=lambda *report: reports.append(report),
        )
    assert 2 <= pool.submitted <= 2 * (1 + REPAIR_ROUNDS)  # a chain a worker and round
    timeless = {"seconds": 0, "solve_seconds": 0}
    assert replace(pooled, **timeless) == replace(planned, **timeless, applied=False)
    assert reports[-1] == ("routes", 70, 70)


@pytest.mark.parametrize(
    "principal",
    [
        Principal("v", AccountRole.VIEWER),
        Principal("p", AccountRole.PLANNER),
        Principal("s", AccountRole.SUPERVISOR),
        lead_of("A01"),
        Principal("d", AccountRole.STAFF, areas=frozenset({"A01"})),
    ],
    ids=lambda p: p.role.value,
)
def test_only_a_dispatcher_plans_routes(session: Session, principal: Principal) -> None:
    message = f"{principal.user} ({principal.role.value}) may not plan delivery routes"
    with pytest.raises(Forbidden, match=re.escape(message)):
        plan_routes(session, principal, DAY, dry_run=True)


def test_a_graph_without_vehicles_is_reported(session: Session) -> None:
    with pytest.raises(NotFound, match="^the graph has no vehicles: seed or import the fleet"):
        plan_routes(session, DISPATCHER, DAY)


def test_plain_options_choose_the_matrix_and_the_parameters() -> None:
    assert route_matrix(None) == StraightLine()
    assert route_matrix("http://127.0.0.1:5000") == OsrmTable("http://127.0.0.1:5000")
    assert delivery_params(balance_shifts=True).balance_span == 2
    assert delivery_params().balance_span == 0


def test_an_applied_plan_makes_each_served_retailers_delivery_route_its_route(
    routed: tuple[Session, RoutePlanResult], tiny_city: City
) -> None:
    session, result = routed
    route_of = {s.retailer: r.route for r in read_routes(session, DISPATCHER, DAY) for s in r.stops}
    stored = {str(f["id"]): f["route"] for f in session.read(Query.DELIVERY_FACTS)}
    assert len(route_of) == result.served and all(stored[r] == t for r, t in route_of.items())
    before = {r.id: r.delivery_route for r in tiny_city.retailers}
    assert all(stored[r] == before[r] for r in stored if r not in route_of)  # lines kept
    assert check_graph(session).ok


def test_a_retailer_moved_out_of_its_routes_zone_falls_back_to_its_managers_line(
    seeded_session: Session, tiny_city: City
) -> None:
    plan_routes(seeded_session, DISPATCHER, DAY, solve_params=FIRST)
    served = read_routes(seeded_session, DISPATCHER, DAY)[0].stops[0].retailer
    with seeded_session.transaction():
        seeded_session.write(Query.SET_RETAILER_ZONES, [{"src": served, "dst": 1}])
        assert refresh_delivery_fields(seeded_session) == 1
    retailer = get_retailer(seeded_session, served)
    line = next(r.delivery_route for r in tiny_city.retailers if r.id == served)
    area = tiny_city.retailer_area[served]
    assert (retailer["delivery_route"], retailer["delivery_segment"]) == (line, f"Z1-{area}")
