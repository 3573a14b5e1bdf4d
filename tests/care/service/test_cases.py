"""Cases in the graph: owners by category, scope, the care record, the sweep's alerts and
breach actions, the alerts each principal receives, and the report."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from care.service.alerts import alerts_for, sweep_clocks
from care.service.case_report import case_report
from care.service.cases import (
    CaseView,
    close_case,
    get_case,
    list_cases,
    open_case,
    pause_case,
    respond_case,
    resume_case,
)
from graph.errors import Conflict, Forbidden, InvalidInput, NotFound
from graph.model import Role
from graph.page import PageRequest
from graph.principal import LOCAL_ADMIN, AccountRole, Principal
from graph.queries import Query
from graph.session import Session
from seeds.city import City
from tests.care.service.conftest import lead_of, shops_in

MONDAY = datetime(2026, 11, 23, 9, 0)
PAGE = PageRequest()


def _complaint(
    session: Session,
    shop: str,
    *,
    by: Principal = LOCAL_ADMIN,
    category: str = "price",
    text: str = "x",
    owner: str | None = None,
    now: datetime = MONDAY,
) -> CaseView:
    """A phone complaint about `category`, opened by `by`."""
    return open_case(session, by, shop, "complaint", "phone", category, text, owner=owner, now=now)


def test_owners_follow_the_category(city_session: Session, tiny_city: City) -> None:
    shop = shops_in(tiny_city, "A03")[0]
    staffing = tiny_city.staffing
    price = _complaint(city_session, shop, text="too dear")
    order = open_case(
        city_session, LOCAL_ADMIN, shop, "request", "api", "order", "more Huangshan", now=MONDAY
    )
    delivery = open_case(
        city_session, LOCAL_ADMIN, shop, "complaint", "visit", "delivery", "late", now=MONDAY
    )
    assert (price.case.owner, price.case.owner_role) == (staffing.manager_of[shop], "manager")
    assert order.case.owner == staffing.agent_of[shop]
    drivers = sorted(s for s, a, r in staffing.members if a == "A03" and r is Role.DRIVER)
    assert (delivery.case.owner, delivery.area) == (drivers[0], "A03")
    assert price.case.id != order.case.id
    assert price.first_response.due_at == "2026-11-24T10:00"  # 480 working minutes
    given = _complaint(city_session, shop, category="other", owner=drivers[0])
    assert given.case.owner_role == "driver"
    with pytest.raises(NotFound):
        _complaint(city_session, "nope")
    with pytest.raises(InvalidInput, match="owner"):
        _complaint(city_session, shop, owner="nobody")
    outsider = sorted(s for s, a, r in staffing.members if a != "A03")[0]
    with pytest.raises(InvalidInput, match="not in the team"):
        _complaint(city_session, shop, owner=outsider)


def test_scope_of_leads_retailers_and_viewers(city_session: Session, tiny_city: City) -> None:
    shop, other_shop = shops_in(tiny_city, "A04")[0], shops_in(tiny_city, "A05")[0]
    lead, lead2 = lead_of(tiny_city, "A04"), lead_of(tiny_city, "A05")
    case = _complaint(city_session, shop, by=lead)
    with pytest.raises(Forbidden):
        _complaint(city_session, shop, by=lead2)
    with pytest.raises(Forbidden):
        get_case(city_session, lead2, case.case.id, now=MONDAY)
    with pytest.raises(Forbidden):
        respond_case(city_session, lead2, case.case.id, text="hi", now=MONDAY)
    assert case.case.id not in {
        v.case.id for v in list_cases(city_session, lead2, page=PAGE, now=MONDAY).items
    }
    own = Principal(shop, AccountRole.RETAILER, areas=frozenset(), retailer=shop)
    mine = open_case(city_session, own, shop, "complaint", "api", "delivery", "late", now=MONDAY)
    assert {
        v.case.retailer_id for v in list_cases(city_session, own, page=PAGE, now=MONDAY).items
    } == {shop}
    with pytest.raises(Forbidden):
        open_case(city_session, own, other_shop, "complaint", "api", "price", "x", now=MONDAY)
    with pytest.raises(Forbidden):
        close_case(city_session, own, mine.case.id, care_record="x", now=MONDAY)
    viewer = Principal("v", AccountRole.VIEWER)
    with pytest.raises(Forbidden):
        _complaint(city_session, shop, by=viewer)
    with pytest.raises(Forbidden):
        get_case(city_session, lead2, "CS999999", now=MONDAY)
    with pytest.raises(NotFound):
        get_case(city_session, LOCAL_ADMIN, "CS999999", now=MONDAY)


def test_only_the_owner_among_staff_acts_and_a_care_record_closes(
    city_session: Session, tiny_city: City
) -> None:
    shop = shops_in(tiny_city, "A06")[0]
    case = _complaint(city_session, shop)
    owner = Principal(
        "m",
        AccountRole.STAFF,
        staff=case.case.owner,
        staff_role=Role.MANAGER,
        areas=frozenset({"A06"}),
    )
    agent = Principal(
        "a",
        AccountRole.STAFF,
        staff=tiny_city.staffing.agent_of[shop],
        staff_role=Role.AGENT,
        areas=frozenset({"A06"}),
    )
    with pytest.raises(Forbidden, match="may not act"):
        respond_case(city_session, agent, case.case.id, text="hi", now=MONDAY)
    cid = case.case.id
    respond_case(city_session, owner, cid, text="on my way", now=MONDAY.replace(hour=10))
    pause_case(city_session, owner, cid, now=MONDAY.replace(hour=11))
    back = resume_case(city_session, owner, cid, now=MONDAY.replace(hour=15))
    assert back.case.paused_min == 60 + 90
    with pytest.raises(InvalidInput, match="care record"):
        close_case(city_session, owner, cid, care_record=" ", now=MONDAY.replace(hour=16))
    done = close_case(
        city_session, owner, cid, care_record="visited, fixed", now=MONDAY.replace(hour=16)
    )
    assert (done.case.status, done.first_response.state, done.resolution.state) == (
        "closed",
        "met",
        "met",
    )
    assert [e.what for e in get_case(city_session, owner, cid, now=MONDAY).history] == [
        "open",
        "respond",
        "pause",
        "resume",
        "close",
    ]
    with pytest.raises(Conflict):
        close_case(city_session, owner, cid, care_record="again", now=MONDAY.replace(hour=17))


def test_the_sweep_raises_each_alert_once_with_an_action_per_breach(
    city_session: Session, tiny_city: City
) -> None:
    shop = shops_in(tiny_city, "A07")[0]
    case = _complaint(city_session, shop, category="delivery", text="lost carton")
    cid = case.case.id
    early = sweep_clocks(city_session, LOCAL_ADMIN, now=MONDAY.replace(hour=12))
    assert cid not in {a.case_id for a in early.alerts}
    swept = sweep_clocks(city_session, LOCAL_ADMIN, now=datetime(2026, 11, 24, 10, 0))
    mine = sorted((a.clock, a.kind, a.due_at) for a in swept.alerts if a.case_id == cid)
    assert mine == [
        ("first_response", "breach", "2026-11-24T10:00"),
        ("first_response", "warning", "2026-11-23T16:54"),
    ]
    lead = tiny_city.staffing.leads["A07"]
    alert = next(a for a in swept.alerts if a.case_id == cid)
    assert alert.recipients.split(",") == list(dict.fromkeys([case.case.owner, lead]))
    assert alert.area == "A07"
    again = sweep_clocks(city_session, LOCAL_ADMIN, now=datetime(2026, 11, 24, 10, 1))
    assert cid not in {a.case_id for a in again.alerts}
    action = city_session.read(Query.ACTIONS, keys=[f"breach:{cid}:first_response"])[0]
    assert (action["area"], action["role"], action["subject"]) == ("A07", "driver", cid)
    assert "客户关怀记录" in action["text_zh"] and "care record" in action["text_en"]
    lead_alerts = alerts_for(city_session, lead_of(tiny_city, "A07"), page=PAGE).items
    assert {a.case_id for a in lead_alerts} >= {cid}
    other = alerts_for(city_session, lead_of(tiny_city, "A08"), page=PAGE).items
    assert cid not in {a.case_id for a in other}
    with pytest.raises(Forbidden):
        sweep_clocks(city_session, lead_of(tiny_city, "A07"), now=MONDAY)
    # a breach passed since the last sweep is raised when the case is closed
    late = _complaint(city_session, shop)
    close_case(
        city_session,
        LOCAL_ADMIN,
        late.case.id,
        care_record="sorry",
        now=datetime(2026, 11, 25, 9, 0),
    )
    ids = {str(r["id"]) for r in city_session.read(Query.CASE_ALERTS, id=late.case.id)}
    assert f"{late.case.id}:first_response:breach" in ids


def test_the_report_counts_the_period_in_scope(city_session: Session, tiny_city: City) -> None:
    shop = shops_in(tiny_city, "A09")[0]
    a = _complaint(city_session, shop, now=datetime(2026, 10, 5, 9, 0))
    b = _complaint(city_session, shop, text="y", now=datetime(2026, 10, 5, 9, 0))
    respond_case(city_session, LOCAL_ADMIN, a.case.id, text="ok", now=datetime(2026, 10, 5, 10, 0))
    report = case_report(
        city_session,
        lead_of(tiny_city, "A09"),
        since=date(2026, 10, 1),
        until=date(2026, 10, 31),
        now=datetime(2026, 10, 9, 9, 0),
    )
    assert [
        (x.group, x.cases, x.first_response_met, x.first_response_missed)
        for x in report.report.by_area
    ] == [("A09", 2, 1, 1)]
    assert b.case.id
    with pytest.raises(InvalidInput, match="before it starts"):
        case_report(
            city_session, LOCAL_ADMIN, since=date(2026, 10, 2), until=date(2026, 10, 1), now=MONDAY
        )
