"""Re-planning a day: frozen vehicles keep their trips, late orders join, cancelled ones
leave, only the other routes change, and the moves are reported."""

from __future__ import annotations

import pytest

from graph.errors import Forbidden, InvalidInput, NotFound
from graph.principal import AccountRole, Principal
from graph.session import Session
from routing.service import plan_routes, read_routes
from routing.service.replan import LateOrder, read_late_orders, replan_routes
from seeds.city import City
from tests.routing.service.conftest import DAY, DISPATCHER, FIRST


def _trips(session: Session) -> dict[str, tuple[str, ...]]:
    return {
        f"{r.vehicle}/{r.trip}": tuple(s.retailer for s in r.stops)
        for r in read_routes(session, DISPATCHER, DAY)
    }


def test_frozen_trips_stay_and_only_the_others_change(
    seeded_session: Session, tiny_city: City
) -> None:
    plan_routes(seeded_session, DISPATCHER, DAY, solve_params=FIRST)
    before = _trips(seeded_session)
    vehicles = sorted({k.split("/")[0] for k in before})
    frozen = vehicles[0]
    kept = {k: v for k, v in before.items() if k.startswith(f"{frozen}/")}
    cancelled = next(v[0] for k, v in before.items() if not k.startswith(f"{frozen}/"))
    on_day = {r for v in before.values() for r in v}
    late = next(r.id for r in tiny_city.retailers if r.id not in on_day and r.avg_monthly_cases)
    result = replan_routes(
        seeded_session,
        DISPATCHER,
        DAY,
        freeze=[frozen],
        add=[LateOrder(late, 1.0, "pm")],
        cancel=[cancelled],
        solve_params=FIRST,
    )
    after = _trips(seeded_session)
    assert {k: v for k, v in after.items() if k.startswith(f"{frozen}/")} == kept
    served = {r for v in after.values() for r in v}
    left = {u.retailer for u in result.plan.unserved}
    assert late in served | left and cancelled not in served | left  # planned, or said why
    assert result.frozen == (frozen,) and result.kept_stops == sum(map(len, kept.values()))
    assert result.added == (late,) and result.cancelled == (cancelled,)
    where = {r: k for k, v in after.items() for r in v}
    assert (late in served) == any(m.retailer == late and m.before == "-" for m in result.moved)
    for m in result.moved:
        assert m.after == where.get(m.retailer, "-") and not m.after.startswith(f"{frozen}/")
    assert result.plan.served == len(served) and result.plan.applied


def test_bad_requests_are_refused_clearly(routed: tuple[Session, object]) -> None:
    session = routed[0]
    with pytest.raises(InvalidInput, match="no vehicle V99"):
        replan_routes(session, DISPATCHER, DAY, freeze=["V99"], dry_run=True)
    with pytest.raises(InvalidInput, match="cancel: NOPE not delivered"):
        replan_routes(session, DISPATCHER, DAY, freeze=[], cancel=["NOPE"], dry_run=True)
    with pytest.raises(InvalidInput, match="no retailer NOPE that buys"):
        replan_routes(
            session, DISPATCHER, DAY, freeze=[], add=[LateOrder("NOPE", 1, "am")], dry_run=True
        )
    with pytest.raises(NotFound):
        replan_routes(session, DISPATCHER, DAY.replace(year=2030), freeze=[], dry_run=True)
    with pytest.raises(Forbidden):
        replan_routes(session, Principal("p", AccountRole.PLANNER), DAY, freeze=[])


def test_late_order_files_name_every_bad_row() -> None:
    assert read_late_orders("retailer,cases\nR1,2\n") == (LateOrder("R1", 2.0, "am"),)
    with pytest.raises(InvalidInput, match="row 2: .*; row 3: "):
        read_late_orders("retailer,cases,batch\nR1,zero,am\nR2,1,evening\nR3,1,pm\n")
    with pytest.raises(InvalidInput, match="header must name retailer and cases"):
        read_late_orders("shop,qty\nR1,1\n")
