"""``/api/territory``: only a planner (or an administrator) redraws or rebalances the areas,
with options checked before a job starts; a job started can be followed and cancelled."""

from __future__ import annotations

import pytest

from tests.api.checks import assert_error, body
from tests.api.live import Api

REFUSED = ["dispatcher", "supervisor", "viewer", "lead", "lead2", "manager"]


@pytest.mark.parametrize("user", REFUSED)
def test_only_a_planner_or_admin_redraws_or_rebalances(shared_api: Api, user: str) -> None:
    for kind in ("design", "rebalance"):
        answer = shared_api.post(f"/api/territory/{kind}", user, json={"dry_run": True})
        message = assert_error(answer, 403, "forbidden")
        assert user in message and f"territory_{kind}" in message
    assert body(shared_api.get("/api/jobs", user))["total"] == 0


@pytest.mark.parametrize(
    ("kind", "options", "says"),
    [
        ("design", {"areas": 2, "zones": 5}, "zones"),
        ("design", {"areas": 0}, "areas"),
        ("design", {"tolerance": {"customers": 1.5}}, "customers"),
        ("design", {"tolerance": {"height": 0.1}}, "tolerance"),
        ("design", {"seed": -1}, "seed"),
        ("design", {"time_limit_s": 0}, "time_limit_s"),
        ("design", {"dry_run": "maybe"}, "dry_run"),
        ("design", {"colour": "red"}, "colour"),
        ("rebalance", {"max_moved": 0}, "max_moved"),
        ("rebalance", {"max_moved": 1.5}, "max_moved"),
        ("rebalance", {"pins": {"A01": "x"}}, "pins"),
        ("rebalance", {"unlock": [""]}, "unlock"),
    ],
)
def test_options_a_plan_cannot_take_are_422_before_any_job(
    shared_api: Api, kind: str, options: dict[str, object], says: str
) -> None:
    before = body(shared_api.get("/api/jobs", "planner"))["total"]
    answer = shared_api.post(f"/api/territory/{kind}", "planner", json=options)
    assert says in assert_error(answer, 422, "invalid_input")
    assert body(shared_api.get("/api/jobs", "planner"))["total"] == before


def test_a_planners_design_is_a_job_it_follows_and_cancels(shared_api: Api) -> None:
    answer = shared_api.post(
        "/api/territory/design", "planner", json={"dry_run": True, "seed": 7, "areas": 20}
    )
    assert answer.status_code == 202, answer.text
    job = answer.json()
    assert answer.headers["location"] == f"/api/jobs/{job['id']}"
    assert (job["kind"], job["owner"], job["params"]["seed"]) == ("territory_design", "planner", 7)
    assert "lead" in assert_error(
        shared_api.delete(f"/api/jobs/{job['id']}", "lead"), 403, "forbidden"
    )
    assert shared_api.delete(f"/api/jobs/{job['id']}", "planner").status_code == 200
    ended = shared_api.wait_for_job(job["id"], "planner")
    assert ended["state"] == "cancelled" and ended["result"] is None
    again = shared_api.delete(f"/api/jobs/{job['id']}", "planner")
    assert "cancelled" in assert_error(again, 409, "conflict")
