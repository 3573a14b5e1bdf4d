"""Logging, listing and importing interactions, with who may log what."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from care.interactions import InteractionInput
from care.service.interactions import import_interactions, interactions_of, log_interaction
from graph.errors import Forbidden, InvalidInput, NotFound
from graph.model import Role
from graph.page import PageRequest
from graph.principal import LOCAL_ADMIN, AccountRole, Principal
from graph.session import Session
from seeds.city import City

NOW = datetime(2026, 11, 23, 18, 0)
DAY = date(2026, 11, 23)


def _team(city: City, n: int) -> tuple[str, str, str, str, str]:
    """Retailer `n`, its area, its manager, an agent of the area, a retailer of another area
    (each test writes about a retailer of its own)."""
    retailer = city.retailers[n].id
    area = city.retailer_area[retailer]
    agent = next(s for s, a, r in city.staffing.members if a == area and r is Role.AGENT)
    other = next(r for r, a in city.retailer_area.items() if a != area)
    return retailer, area, city.staffing.manager_of[retailer], agent, other


def _visit(city: City, retailer: str, staff: str, at: str = "09:30") -> InteractionInput:
    shop = next(r for r in city.retailers if r.id == retailer)
    return InteractionInput(
        kind="visit",
        retailer_id=retailer,
        staff_id=staff,
        day=DAY,
        started_at=f"{DAY}T{at}",
        ended_at=f"{DAY}T11:00",
        checkin_lon=shop.lon + 0.0001,
        checkin_lat=shop.lat,
        tasks=("display", "prices"),
    )


def test_staff_log_their_own_kind_for_their_shops_only(
    city_session: Session, tiny_city: City
) -> None:
    retailer, area, manager, agent, other = _team(tiny_city, 0)
    me = Principal(
        "m", AccountRole.STAFF, staff=manager, staff_role=Role.MANAGER, areas=frozenset({area})
    )
    item = _visit(tiny_city, retailer, manager)
    record = log_interaction(city_session, me, item, now=NOW)
    assert (record.logged_by, record.logged_at, record.source) == ("m", "2026-11-23T18:00", "api")
    log_interaction(city_session, me, replace(item, notes="again"), now=NOW)
    later = log_interaction(
        city_session, me, _visit(tiny_city, retailer, manager, "10:00"), now=NOW
    )
    page = interactions_of(city_session, me, retailer, PageRequest())
    assert [r.id for r in page.items] == [later.id, record.id] and page.items[1].notes == "again"
    call = InteractionInput(kind="call", retailer_id=retailer, staff_id=manager, day=DAY)
    with pytest.raises(Forbidden, match="may not log a call"):
        log_interaction(city_session, me, call, now=NOW)
    with pytest.raises(Forbidden, match="logs as"):
        log_interaction(city_session, me, replace(call, staff_id=agent), now=NOW)
    with pytest.raises(Forbidden, match="not in the areas"):
        log_interaction(city_session, me, replace(item, retailer_id=other), now=NOW)


def test_a_team_lead_logs_for_its_team_and_admins_for_anyone_who_serves(
    city_session: Session, tiny_city: City
) -> None:
    retailer, area, manager, agent, other = _team(tiny_city, 1)
    lead = Principal("lead", AccountRole.TEAM_LEAD, areas=frozenset({area}))
    call = InteractionInput(
        kind="call", retailer_id=retailer, staff_id=agent, day=DAY, reached=True, order_taken=False
    )
    assert log_interaction(city_session, lead, call, now=NOW).role == "agent"
    with pytest.raises(Forbidden):
        log_interaction(city_session, lead, replace(call, retailer_id=other), now=NOW)
    stranger = _visit(tiny_city, other, manager)
    with pytest.raises(InvalidInput, match="does not serve area"):
        log_interaction(city_session, LOCAL_ADMIN, stranger, now=NOW)
    with pytest.raises(NotFound):
        log_interaction(city_session, LOCAL_ADMIN, replace(call, retailer_id="NOPE"), now=NOW)
    viewer = Principal("v", AccountRole.VIEWER)
    with pytest.raises(Forbidden):
        log_interaction(city_session, viewer, call, now=NOW)


def test_an_import_answers_every_row(city_session: Session, tiny_city: City) -> None:
    retailer, area, manager, agent, other = _team(tiny_city, 2)
    shop = next(r for r in tiny_city.retailers if r.id == retailer)
    lead = Principal("lead", AccountRole.TEAM_LEAD, areas=frozenset({area}))
    lines = [
        "类型,客户编码,工号,日期,started_at,ended_at,lon,lat,tasks,colour",
        f"拜访,{retailer},{manager},{DAY},{DAY}T09:00,{DAY}T09:40,{shop.lon},{shop.lat},"
        "陈列、明码标价,red",
        f"call,{retailer},{agent},{DAY},,,,,,",
        f"call,{other},{agent},{DAY},,,,,,",
        f"visit,{retailer},{manager},23/11/2026,,,,,,",
        f"call,{retailer},{agent},{DAY},{DAY}T10:00,{DAY}T09:00,,,,",
    ]
    content = "\n".join(lines).encode()
    report = import_interactions(city_session, lead, content, "log.csv", now=NOW)
    assert (report.rows, report.created, report.updated, report.rejected) == (5, 2, 0, 3)
    assert {(e.line, e.column) for e in report.errors} == {
        (4, "客户编码"),
        (5, "日期"),
        (6, "ended_at"),
    }
    assert report.ignored_columns == {"colour": "not an interaction field"}
    again = import_interactions(city_session, lead, content, "log.csv", now=NOW)
    assert (again.created, again.updated) == (0, 2)
    visits = interactions_of(city_session, lead, retailer, PageRequest()).items
    assert [v.tasks for v in visits if v.kind == "visit"] == ["display,prices"]
