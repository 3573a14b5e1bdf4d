"""Change requests: the queue by scope, and decisions only a supervisor makes and is named in."""

from __future__ import annotations

from datetime import datetime

import pytest

from graph.errors import Conflict, Forbidden, NotFound
from graph.page import PageRequest
from graph.principal import LOCAL_ADMIN, AccountRole, Principal
from graph.repository import get_retailer
from graph.service.edits import edit_retailer
from graph.service.principals import retailer_principal, staff_principal
from graph.service.requests import decide_request, pending_requests
from graph.service.retailers import retailer_profile
from graph.session import Session
from seeds.city import City
from tests.graph.service.conftest import in_area

NOW = datetime(2026, 11, 20, 9, 30)
LATER = datetime(2026, 11, 21, 10, 0)
ALL = PageRequest(0, 1000)


@pytest.fixture
def supervisor(city_session: Session) -> Principal:
    return staff_principal(city_session, "HF0030", AccountRole.SUPERVISOR)


def _request_as_manager(session: Session, tiny_city: City, rid: str, phone: str) -> str:
    manager = staff_principal(session, tiny_city.staffing.manager_of[rid], AccountRole.STAFF)
    [request] = edit_retailer(session, manager, rid, {"phone": phone}, now=NOW)
    return request.id


def test_a_managers_request_waits_then_a_supervisor_approves_it_in_its_name(
    city_session: Session, tiny_city: City, supervisor: Principal
) -> None:
    rid = in_area(tiny_city, "A03", 0)
    old = get_retailer(city_session, rid)["phone"]
    request = _request_as_manager(city_session, tiny_city, rid, "13812345678")
    profile = retailer_profile(city_session, LOCAL_ADMIN, rid)
    assert [p.id for p in profile.pending_change_requests] == [request]
    assert get_retailer(city_session, rid)["phone"] == old
    decision = decide_request(city_session, supervisor, request, approve=True, now=LATER)
    assert (decision.request.status, decision.request.decided_by) == ("approved", "HF0030")
    assert decision.audit is not None and decision.audit.request_id == request
    assert get_retailer(city_session, rid)["phone"] == "13812345678"
    audit = retailer_profile(city_session, LOCAL_ADMIN, rid).audit
    assert [(a.field, a.old, a.new, a.changed_by, a.role) for a in audit] == [
        ("phone", old, "13812345678", "HF0030", "supervisor")
    ]
    with pytest.raises(Conflict, match="already approved"):
        decide_request(city_session, supervisor, request, approve=False, now=LATER)


def test_a_rejected_request_changes_nothing(
    city_session: Session, tiny_city: City, supervisor: Principal
) -> None:
    rid = in_area(tiny_city, "A03", 1)
    before = get_retailer(city_session, rid)
    me = retailer_principal(city_session, rid)
    [request] = edit_retailer(city_session, me, rid, {"contact_person": "王五"}, now=NOW)
    decision = decide_request(
        city_session, supervisor, request.id, approve=False, note="not the owner", now=LATER
    )
    assert (decision.request.status, decision.request.note, decision.audit) == (
        "rejected",
        "not the owner",
        None,
    )
    assert get_retailer(city_session, rid) == before


def test_a_stale_request_cannot_be_approved(
    city_session: Session, tiny_city: City, supervisor: Principal
) -> None:
    rid = in_area(tiny_city, "A03", 2)
    request = _request_as_manager(city_session, tiny_city, rid, "13811110000")
    edit_retailer(city_session, supervisor, rid, {"phone": "13822220000"}, now=NOW)
    with pytest.raises(Conflict, match="changed since"):
        decide_request(city_session, supervisor, request, approve=True, now=LATER)


def test_only_a_supervisor_or_administrator_decides(
    city_session: Session, tiny_city: City, team_lead: Principal
) -> None:
    rid = in_area(tiny_city, "A01", 0)
    request = _request_as_manager(city_session, tiny_city, rid, "13833330000")
    for principal in (
        team_lead,
        retailer_principal(city_session, rid),
        Principal("p", AccountRole.PLANNER),
    ):
        with pytest.raises(Forbidden, match="may not decide change requests"):
            decide_request(city_session, principal, request, approve=True, now=LATER)
    with pytest.raises(NotFound, match="change request CR-nothing not found"):
        decide_request(city_session, LOCAL_ADMIN, "CR-nothing", approve=True, now=LATER)
    decision = decide_request(city_session, LOCAL_ADMIN, request, approve=True, now=LATER)
    assert decision.request.decided_by == "local-admin"


def test_the_queue_holds_the_requests_in_scope(
    city_session: Session, tiny_city: City, team_lead: Principal, first_area: str
) -> None:
    mine = _request_as_manager(
        city_session, tiny_city, in_area(tiny_city, first_area, 1), "13844440000"
    )
    rid = in_area(tiny_city, "A09", 0)
    theirs = _request_as_manager(city_session, tiny_city, rid, "13855550000")
    everyone = pending_requests(city_session, LOCAL_ADMIN, ALL)
    assert {mine, theirs} <= {r.id for r in everyone.items}
    assert everyone.total == len(everyone.items)
    assert [r.requested_at for r in everyone.items] == sorted(
        r.requested_at for r in everyone.items
    )
    lead_sees = pending_requests(city_session, team_lead, ALL).items
    assert mine in {r.id for r in lead_sees}
    assert all(tiny_city.retailer_area[r.retailer_id] == first_area for r in lead_sees)
    own = pending_requests(city_session, retailer_principal(city_session, rid), ALL).items
    assert [r.id for r in own] == [theirs]
    with pytest.raises(Forbidden, match="may not read change requests"):
        pending_requests(city_session, Principal("v", AccountRole.VIEWER), ALL)
    page = pending_requests(city_session, LOCAL_ADMIN, PageRequest(1, 1))
    assert page.items == everyone.items[1:2] and page.total == everyone.total
