"""``/api/classification``: class counts for every role over its scope (aggregates: a viewer's
too), and recomputing the classes — a planner's job."""

from __future__ import annotations

import pytest

from tests.api.checks import ROLES, assert_error, body, personal_data
from tests.api.live import Accounts, Api

SCOPED = {"lead": "lead_area", "lead2": "other_area", "manager": "lead_area"}


@pytest.mark.parametrize("user", ROLES)
def test_every_role_counts_the_classes_of_its_scope(
    shared_api: Api, accounts: Accounts, area_of: dict[str, str], user: str
) -> None:
    summary = body(shared_api.get("/api/classification/summary", user))
    expected: tuple[list[str] | None, int] = (None, len(area_of))
    if user in SCOPED:
        area = getattr(accounts, SCOPED[user])
        expected = ([area], sum(1 for a in area_of.values() if a == area))
    assert (summary["areas"], summary["retailers"]) == expected
    assert summary["unclassified"] == 0
    for scheme in ("tier", "value_segment", "lifecycle"):
        assert sum(summary["counts"][scheme].values()) == summary["retailers"], scheme


def test_a_viewers_class_counts_name_no_one(shared_api: Api, personal: frozenset[str]) -> None:
    summary = body(shared_api.get("/api/classification/summary", "viewer"))
    assert personal_data(summary, personal) == []


@pytest.mark.parametrize("user", ["dispatcher", "supervisor", "viewer", "lead", "manager"])
def test_only_a_planner_or_admin_recomputes_the_classes(shared_api: Api, user: str) -> None:
    message = assert_error(shared_api.post("/api/classification/jobs", user), 403, "forbidden")
    assert user in message and "classify" in message
    assert body(shared_api.get("/api/jobs", user))["total"] == 0


@pytest.mark.parametrize(
    "request_body", [{"as_of": "01/11/2026"}, {"as_of": "2026-11-31"}, {"when": "2026-11-01"}]
)
def test_a_malformed_recompute_is_422(shared_api: Api, request_body: dict[str, str]) -> None:
    answer = shared_api.post("/api/classification/jobs", "planner", json=request_body)
    assert_error(answer, 422, "invalid_input")


def test_a_planners_recompute_is_a_job_whose_result_holds_the_counts(shared_api: Api) -> None:
    answer = shared_api.post("/api/classification/jobs", "planner", json={"as_of": "2026-11-01"})
    assert answer.status_code == 202, answer.text
    assert answer.headers["location"] == f"/api/jobs/{answer.json()['id']}"
    job = shared_api.wait_for_job(answer.json()["id"], "planner")
    assert job["state"] == "done", job
    result = job["result"]
    assert isinstance(result, dict) and result["retailers"] == 240 and result["changes"] == 0
    summary = body(shared_api.get("/api/classification/summary", "planner"))
    assert result["counts"]["tier"] == summary["counts"]["tier"]
