"""``/api/change-requests``: the queue each role sees (a team lead only their area's), and a
supervisor's decision — the only one that may approve or reject."""

from __future__ import annotations

import pytest

from tests.api.checks import ROLES, assert_error, body, outsiders
from tests.api.live import Accounts, Api


def _retailers(area_of: dict[str, str], area: str) -> list[str]:
    return sorted(r for r, a in area_of.items() if a == area)


def _request(api: Api, user: str, retailer: str, field: str, value: str) -> dict[str, str]:
    [filed] = body(api.patch(f"/api/retailers/{retailer}", user, json={"changes": {field: value}}))
    assert filed["status"] == "pending", filed
    return dict(filed)


@pytest.fixture(scope="module")
def filed(shared_api: Api, accounts: Accounts, area_of: dict[str, str]) -> dict[str, str]:
    """Pending requests of both areas: lead's and the manager's (lead area), lead2's."""
    own, other = _retailers(area_of, accounts.lead_area), _retailers(area_of, accounts.other_area)
    return {
        "lead": _request(shared_api, "lead", own[0], "display_form", "货架")["id"],
        "manager": _request(shared_api, "manager", own[1], "phone", "13800000001")["id"],
        "lead2": _request(shared_api, "lead2", other[0], "display_form", "柜台")["id"],
        "lead2-b": _request(shared_api, "lead2", other[1], "business_traits", "夜市")["id"],
    }


@pytest.mark.parametrize("user", ROLES)
def test_each_role_sees_the_queue_of_its_scope_only(
    shared_api: Api, accounts: Accounts, area_of: dict[str, str], filed: dict[str, str], user: str
) -> None:
    answer = shared_api.get("/api/change-requests", user)
    if user == "viewer":
        assert "viewer" in assert_error(answer, 403, "forbidden")
        return
    queue = body(answer)
    ids = {r["id"] for r in queue["items"]}
    assert queue["total"] == len(queue["items"])
    if user in ("lead", "manager"):
        assert ids == {filed["lead"], filed["manager"]}
        assert not outsiders(queue, area_of, [accounts.lead_area])
    elif user == "lead2":
        assert ids == {filed["lead2"], filed["lead2-b"]}
        assert not outsiders(queue, area_of, [accounts.other_area])
    else:
        assert set(filed.values()) <= ids


def test_the_queue_is_paged_with_its_total(shared_api: Api, filed: dict[str, str]) -> None:
    whole = body(shared_api.get("/api/change-requests", "supervisor"))
    page = body(shared_api.get("/api/change-requests?offset=1&limit=2", "supervisor"))
    assert page["total"] == whole["total"] >= 4
    assert page["items"] == whole["items"][1:3]


@pytest.mark.parametrize("user", ["planner", "dispatcher", "viewer", "lead", "lead2", "manager"])
def test_only_a_supervisor_or_admin_decides(
    shared_api: Api, filed: dict[str, str], user: str
) -> None:
    for verb in ("approve", "reject"):
        answer = shared_api.post(f"/api/change-requests/{filed['lead']}/{verb}", user, json={})
        message = assert_error(answer, 403, "forbidden")
        assert user in message and "decide change requests" in message
    queue = body(shared_api.get("/api/change-requests", "supervisor"))
    assert filed["lead"] in {r["id"] for r in queue["items"]}


def test_an_approved_request_applies_and_cannot_be_decided_again(
    shared_api: Api, filed: dict[str, str], area_of: dict[str, str], accounts: Accounts
) -> None:
    approved = shared_api.post(
        f"/api/change-requests/{filed['manager']}/approve", "supervisor", json={"note": "ok"}
    )
    decision = body(approved)
    assert decision["request"]["status"] == "approved"
    assert decision["request"]["decided_by"] == "supervisor"
    assert decision["audit"]["new"] == "13800000001"
    retailer = _retailers(area_of, accounts.lead_area)[1]
    profile = body(shared_api.get(f"/api/retailers/{retailer}", "lead"))
    fields = {f["field"]: f["value"] for g in profile["fields"].values() for f in g}
    assert fields["phone"] == "13800000001"
    assert decision["audit"]["id"] in {a["id"] for a in profile["audit"]}
    for verb in ("approve", "reject"):
        again = shared_api.post(f"/api/change-requests/{filed['manager']}/{verb}", "admin", json={})
        assert "approved" in assert_error(again, 409, "conflict")


def test_a_rejected_request_leaves_the_record_and_leaves_the_queue(
    shared_api: Api, filed: dict[str, str]
) -> None:
    rejected = body(
        shared_api.post(f"/api/change-requests/{filed['lead2']}/reject", "admin", json={})
    )
    assert rejected["request"]["status"] == "rejected" and rejected["audit"] is None
    queue = body(shared_api.get("/api/change-requests", "lead2"))
    assert {r["id"] for r in queue["items"]} == {filed["lead2-b"]}


def test_deciding_an_unknown_request_is_404_and_a_bad_note_422(
    shared_api: Api, filed: dict[str, str]
) -> None:
    missing = shared_api.post("/api/change-requests/CR-nothing/approve", "supervisor", json={})
    assert "CR-nothing" in assert_error(missing, 404, "not_found")
    long_note = {"note": "x" * 501}
    answer = shared_api.post(
        f"/api/change-requests/{filed['lead']}/reject", "supervisor", json=long_note
    )
    assert "note" in assert_error(answer, 422, "invalid_input")
    answer = shared_api.post(f"/api/change-requests/{filed['lead']}/reject", "supervisor")
    assert_error(answer, 422, "invalid_input")


def test_two_requests_for_one_field_filed_together_are_both_kept(
    shared_api: Api, accounts: Accounts, area_of: dict[str, str]
) -> None:
    retailer = _retailers(area_of, accounts.lead_area)[2]
    first = _request(shared_api, "lead", retailer, "display_form", "柜台式")
    second = _request(shared_api, "manager", retailer, "display_form", "开放式")
    assert first["id"] != second["id"]
    profile = body(shared_api.get(f"/api/retailers/{retailer}", "lead"))
    pending = {(r["requested_role"], r["new"]) for r in profile["pending_change_requests"]}
    assert pending == {("team_lead", "柜台式"), ("manager", "开放式")}


def test_two_edits_of_one_field_applied_together_are_both_audited(
    shared_api: Api, accounts: Accounts, area_of: dict[str, str]
) -> None:
    retailer = _retailers(area_of, accounts.lead_area)[3]
    for value in ("柜台式", "开放式"):
        answer = shared_api.patch(
            f"/api/retailers/{retailer}", "supervisor", json={"changes": {"display_form": value}}
        )
        assert answer.status_code == 200, answer.text
    audit = body(shared_api.get(f"/api/retailers/{retailer}", "admin"))["audit"]
    assert {"柜台式", "开放式"} <= {a["new"] for a in audit if a["field"] == "display_form"}
