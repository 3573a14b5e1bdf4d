"""Governed edits by principals of every role: who applies, who requests, who may not."""

from __future__ import annotations

from datetime import datetime

import pytest

from graph.errors import Conflict, Forbidden, InvalidInput
from graph.model import AuditEntry, ChangeRequest
from graph.principal import LOCAL_ADMIN, AccountRole, Principal
from graph.repository import get_retailer
from graph.service.edits import edit_retailer
from graph.service.principals import retailer_principal, staff_principal
from graph.service.retailers import retailer_profile
from graph.session import Session
from seeds.city import City
from tests.graph.service.conftest import in_area

NOW = datetime(2026, 11, 20, 9, 30)
PHONE = {"phone": "13812345678"}


def test_an_administrators_edit_applies_and_is_audited_as_admin(
    city_session: Session, tiny_city: City
) -> None:
    rid = in_area(tiny_city, "A03", 0)
    [entry] = edit_retailer(city_session, LOCAL_ADMIN, rid, PHONE, now=NOW)
    assert isinstance(entry, AuditEntry)
    assert (entry.field, entry.new, entry.changed_by, entry.role) == (
        "phone",
        "13812345678",
        "local-admin",
        "admin",
    )
    assert get_retailer(city_session, rid)["phone"] == "13812345678"


def test_a_supervisors_edit_applies_in_its_own_name(city_session: Session, tiny_city: City) -> None:
    rid = in_area(tiny_city, "A03", 1)
    old = get_retailer(city_session, rid)["contact_person"]
    supervisor = staff_principal(city_session, "HF0030", AccountRole.SUPERVISOR)
    [entry] = edit_retailer(city_session, supervisor, rid, {"contact_person": "王五"}, now=NOW)
    assert isinstance(entry, AuditEntry)
    assert (entry.changed_by, entry.role, entry.old, entry.new) == (
        "HF0030",
        "supervisor",
        old,
        "王五",
    )
    assert get_retailer(city_session, rid)["contact_person"] == "王五"


def test_a_team_lead_files_requests_in_its_areas_only(
    city_session: Session, tiny_city: City, team_lead: Principal, first_area: str
) -> None:
    rid = in_area(tiny_city, first_area, 0)
    before = get_retailer(city_session, rid)
    made = edit_retailer(city_session, team_lead, rid, {"licence_no": "L-1", **PHONE}, now=NOW)
    assert [m.field for m in made] == ["licence_no", "phone"]
    request = made[1]
    assert isinstance(request, ChangeRequest)
    assert (request.requested_by, request.requested_role, request.status) == (
        "HF0001",
        "team_lead",
        "pending",
    )
    assert get_retailer(city_session, rid) == before
    other = in_area(tiny_city, "A02", 0)
    with pytest.raises(Forbidden, match=f"retailer {other} is not in the areas of HF0001"):
        edit_retailer(city_session, team_lead, other, PHONE, now=NOW)


def test_staff_request_changes_to_the_fields_their_role_owns(
    city_session: Session, tiny_city: City
) -> None:
    rid = in_area(tiny_city, "A04", 0)
    manager = staff_principal(city_session, tiny_city.staffing.manager_of[rid], AccountRole.STAFF)
    [request] = edit_retailer(city_session, manager, rid, PHONE, now=NOW)
    assert isinstance(request, ChangeRequest)
    assert (request.requested_by, request.requested_role) == (manager.staff, "manager")
    with pytest.raises(
        Forbidden, match="manager may not edit licence_no .* owned by the inspector"
    ):
        edit_retailer(city_session, manager, rid, {"licence_no": "L-2"}, now=NOW)
    elsewhere = in_area(tiny_city, "A05", 0)
    with pytest.raises(Forbidden, match=f"retailer {elsewhere} is not in the areas of"):
        edit_retailer(city_session, manager, elsewhere, PHONE, now=NOW)


def test_a_retailer_requests_changes_to_its_own_contact_fields(
    city_session: Session, tiny_city: City
) -> None:
    rid, other = in_area(tiny_city, "A06", 0), in_area(tiny_city, "A06", 1)
    me = retailer_principal(city_session, rid)
    [request] = edit_retailer(city_session, me, rid, {"contact_person": "赵六"}, now=NOW)
    assert isinstance(request, ChangeRequest)
    assert (request.requested_by, request.requested_role) == (rid, "retailer")
    with pytest.raises(Forbidden, match="retailer may not edit name"):
        edit_retailer(city_session, me, rid, {"name": "x"}, now=NOW)
    with pytest.raises(Forbidden, match=f"retailer {other} is not the record of retailer {rid}"):
        edit_retailer(city_session, me, other, PHONE, now=NOW)


@pytest.mark.parametrize("role", [AccountRole.PLANNER, AccountRole.DISPATCHER, AccountRole.VIEWER])
def test_planners_dispatchers_and_viewers_may_not_edit(
    city_session: Session, tiny_city: City, role: AccountRole
) -> None:
    rid = in_area(tiny_city, "A07", 0)
    with pytest.raises(Forbidden, match=f"x \\({role.value}\\) may not edit retailer records"):
        edit_retailer(city_session, Principal("x", role), rid, PHONE, now=NOW)


@pytest.mark.parametrize(
    "changes, error, message",
    [
        ({"phone": "12345"}, InvalidInput, "not a mobile"),
        ({"monitored": "maybe"}, InvalidInput, "monitored"),
        ({"shoe_size": "42"}, InvalidInput, "retailer has no field 'shoe_size'"),
        ({"tier": "1"}, Forbidden, "derived from order data"),
        ({"id": "X"}, Forbidden, "the key"),
    ],
)
def test_bad_values_and_fields_are_refused_before_anything_is_written(
    city_session: Session, tiny_city: City, changes: dict[str, str], error: type, message: str
) -> None:
    rid = in_area(tiny_city, "A08", 0)
    before = get_retailer(city_session, rid)
    with pytest.raises(error, match=message):
        edit_retailer(city_session, LOCAL_ADMIN, rid, {"contact_person": "x", **changes}, now=NOW)
    assert get_retailer(city_session, rid) == before


def test_two_changes_of_one_field_in_one_second_are_both_kept(
    city_session: Session, tiny_city: City
) -> None:
    rid = in_area(tiny_city, "A03", 2)
    lead = staff_principal(city_session, tiny_city.staffing.leads["A03"], AccountRole.TEAM_LEAD)
    manager = staff_principal(city_session, tiny_city.staffing.manager_of[rid], AccountRole.STAFF)
    requests = [
        edit_retailer(city_session, who, rid, {"phone": phone}, now=NOW)[0]
        for who, phone in ((lead, "13800000001"), (manager, "13800000002"))
    ]
    applied = [
        edit_retailer(city_session, LOCAL_ADMIN, rid, {"phone": phone}, now=NOW)[0]
        for phone in ("13800000003", "13800000004")
    ]
    assert len({r.id for r in requests}) == len({a.id for a in applied}) == 2
    profile = retailer_profile(city_session, LOCAL_ADMIN, rid)
    assert [r.new for r in profile.pending_change_requests] == ["13800000001", "13800000002"]
    assert [a.new for a in profile.audit] == ["13800000003", "13800000004"]


def test_a_request_that_repeats_a_pending_one_is_refused_before_anything_is_filed(
    city_session: Session, tiny_city: City
) -> None:
    rid = in_area(tiny_city, "A04", 1)
    lead = staff_principal(city_session, tiny_city.staffing.leads["A04"], AccountRole.TEAM_LEAD)
    first = edit_retailer(city_session, lead, rid, {"phone": "13800000009"}, now=NOW)[0]
    with pytest.raises(Conflict, match=f"{first.id} already asks to set phone"):
        edit_retailer(
            city_session, lead, rid, {"contact_person": "王芳", "phone": "13800000009"}, now=NOW
        )
    profile = retailer_profile(city_session, LOCAL_ADMIN, rid)
    assert [r.field for r in profile.pending_change_requests] == ["phone"]
