"""``/api/territory/moves`` and ``/api/territory/plans``: only a planner (or an administrator)
previews and applies moves and reads or restores plans; an applied move is a plan that can
be shown, compared with the current areas and undone by restoring the one before."""

from __future__ import annotations

import pytest

from tests.api.checks import assert_error, body
from tests.api.live import Api

REFUSED = ["dispatcher", "supervisor", "viewer", "lead", "manager"]
MOVES = "/api/territory/moves"
PLANS = "/api/territory/plans"
AREA_KEYS = {
    "code", "customers_before", "customers_after", "workload_before", "workload_after",
    "volume_before", "volume_after", "deviation_before", "deviation_after",
}  # fmt: skip


def a_move(area_of: dict[str, str]) -> tuple[str, str, str]:
    """The first retailer, its area and another area: (retailer, from, to)."""
    retailer = min(area_of)
    source = area_of[retailer]
    return retailer, source, "A01" if source != "A01" else "A02"


@pytest.mark.parametrize("user", REFUSED)
def test_only_a_planner_or_admin_moves_retailers_or_reads_plans(
    shared_api: Api, area_of: dict[str, str], user: str
) -> None:
    retailer, _, target = a_move(area_of)
    answers = [
        shared_api.get(PLANS, user),
        shared_api.get(f"{PLANS}/compare?a=current", user),
        shared_api.get(f"{PLANS}/some-plan", user),
        shared_api.post(f"{PLANS}/some-plan/restore", user, json={"dry_run": True}),
        shared_api.post(MOVES, user, json={"moves": [{"retailer": retailer, "to": target}]}),
    ]
    for answer in answers:
        assert user in assert_error(answer, 403, "forbidden")


def test_a_preview_reports_the_touched_areas_and_bad_requests_are_refused(
    shared_api: Api, area_of: dict[str, str]
) -> None:
    retailer, source, target = a_move(area_of)
    asked = {"moves": [{"retailer": retailer, "to": target}], "dry_run": True}
    preview = body(shared_api.post(MOVES, "planner", json=asked))
    assert [(m["retailer"], m["from"], m["to"]) for m in preview["moves"]] == [
        (retailer, source, target)
    ]
    assert [a["code"] for a in preview["areas"]] == sorted([source, target])
    assert all(set(a) == AREA_KEYS for a in preview["areas"])
    assert set(preview["mean"]) == set(preview["tolerance"]) == {"customers", "workload", "volume"}
    assert (preview["applied"], preview["plan_id"], preview["kind"]) == (False, None, "manual")
    assert isinstance(preview["contiguous"], bool) and isinstance(preview["broken_areas"], list)
    assert body(shared_api.get(PLANS, "planner")) == {
        "items": [], "total": 0, "offset": 0, "limit": 100
    }  # fmt: skip

    unknown = {"moves": [{"retailer": "R1", "to": "A99"}, {"retailer": "R2", "to": "A01"}]}
    message = assert_error(shared_api.post(MOVES, "planner", json=unknown), 422, "invalid_input")
    assert message == "unknown retailers: R1, R2; unknown areas: A99"
    for bad in ({"moves": []}, {**asked, "kind": "design"}, {**asked, "colour": "red"}):
        assert_error(shared_api.post(MOVES, "planner", json=bad), 422, "invalid_input")
    assert "nope" in assert_error(shared_api.get(f"{PLANS}/nope", "planner"), 404, "not_found")
    answer = shared_api.get(f"{PLANS}/compare?a=current&b=nope", "admin")
    assert_error(answer, 404, "not_found")


def test_applied_moves_are_a_plan_to_show_compare_and_undo_by_a_restore(
    api: Api, area_of: dict[str, str]
) -> None:
    retailer, source, target = a_move(area_of)
    move = {"retailer": retailer, "to": target, "from": source}
    applied = body(api.post(MOVES, "planner", json={"moves": [move], "dry_run": False}))
    assert applied["applied"] and applied["plan_id"]
    again = api.post(MOVES, "planner", json={"moves": [move], "dry_run": False})
    assert f"now in {target}" in assert_error(again, 409, "conflict")

    newest = body(api.get(f"{PLANS}?limit=1", "planner"))
    assert newest["total"] == 2 and newest["items"][0]["id"] == applied["plan_id"]
    [initial] = body(api.get(f"{PLANS}?offset=1", "planner"))["items"]
    assert set(initial) == {"id", "at", "by", "kind", "feasible", "balance", "moved", "replaced"}
    assert (initial["kind"], newest["items"][0]["replaced"]) == ("initial", initial["id"])
    shown = body(api.get(f"{PLANS}/{initial['id']}", "planner"))
    assert len(shown["areas"]) == 20 and shown["unassigned"] == 0
    compared = body(api.get(f"{PLANS}/compare?a={initial['id']}&b=current", "planner"))
    assert [(m["retailer"], m["from"], m["to"]) for m in compared["moves"]] == [
        (retailer, source, target)
    ]
    assert set(compared["areas"][0]) == {
        "code", "customers_a", "customers_b", "workload_a", "workload_b", "volume_a", "volume_b"
    }  # fmt: skip

    started = api.post(f"{PLANS}/{initial['id']}/restore", "planner", json={"dry_run": False})
    assert started.status_code == 202, started.text
    job = api.wait_for_job(started.json()["id"], "planner")
    assert job["state"] == "done", job
    result = job["result"]
    assert isinstance(result, dict) and result["restored"] == initial["id"]
    undone = body(api.get(f"{PLANS}/compare?a={initial['id']}", "planner"))
    assert undone["moves"] == [] and undone["teams"] == []
    assert body(api.get(PLANS, "planner"))["items"][0]["id"] == result["plan_id"]
