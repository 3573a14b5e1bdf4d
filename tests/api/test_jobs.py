"""``/api/jobs``: each user sees, follows and cancels their own jobs (an administrator every
job); someone else's job is refused, a job that does not exist is not found."""

from __future__ import annotations

import json

import pytest

from tests.api.checks import ROLES, assert_error, body
from tests.api.live import Api

ORDERS = "客户编码,订单日期,cases\nNOPE,2026-10-03,1\n".encode()


@pytest.fixture(scope="module")
def jobs(shared_api: Api) -> dict[str, str]:
    """A finished job of the planner's and one of the administrator's, by owner."""
    made = {}
    for user in ("planner", "admin"):
        answer = shared_api.post(
            "/api/imports/orders", user, files={"file": (f"{user}.csv", ORDERS)}
        )
        made[user] = str(answer.json()["id"])
        assert shared_api.wait_for_job(made[user], user)["state"] == "done"
    return made


@pytest.mark.parametrize("user", ROLES)
def test_each_user_lists_their_own_jobs_and_an_admin_every_job(
    shared_api: Api, jobs: dict[str, str], user: str
) -> None:
    listed = body(shared_api.get("/api/jobs", user))
    ids = [j["id"] for j in listed["items"]]
    expected = {"admin": {jobs["admin"], jobs["planner"]}, "planner": {jobs["planner"]}}
    assert set(ids) == expected.get(user, set()) and listed["total"] == len(ids)
    assert all(j["owner"] == user for j in listed["items"] if user != "admin")


@pytest.mark.parametrize("user", ["planner", "admin"])
def test_a_job_is_read_by_its_owner_and_an_admin(
    shared_api: Api, jobs: dict[str, str], user: str
) -> None:
    job = body(shared_api.get(f"/api/jobs/{jobs['planner']}", user))
    assert (job["owner"], job["kind"], job["state"]) == ("planner", "import_orders", "done")
    assert job["params"] == {"file": "planner.csv", "bytes": len(ORDERS)}
    assert job["result"]["rejected"] == 1 and job["started_at"] <= job["finished_at"]


@pytest.mark.parametrize("user", ["dispatcher", "supervisor", "viewer", "lead", "manager"])
def test_someone_elses_job_is_refused_to_read_follow_or_cancel(
    shared_api: Api, jobs: dict[str, str], user: str
) -> None:
    job = jobs["planner"]
    for answer in (
        shared_api.get(f"/api/jobs/{job}", user),
        shared_api.get(f"/api/jobs/{job}/events", user),
        shared_api.delete(f"/api/jobs/{job}", user),
    ):
        message = assert_error(answer, 403, "forbidden")
        assert user in message and job in message


def test_a_job_that_does_not_exist_is_404(shared_api: Api) -> None:
    for answer in (
        shared_api.get("/api/jobs/0000", "planner"),
        shared_api.get("/api/jobs/0000/events", "admin"),
        shared_api.delete("/api/jobs/0000", "planner"),
    ):
        assert "0000" in assert_error(answer, 404, "not_found")
    assert_error(shared_api.get("/api/jobs/" + "x" * 65, "admin"), 422, "invalid_input")


def test_a_finished_jobs_events_are_its_progress_then_its_end(
    shared_api: Api, jobs: dict[str, str]
) -> None:
    answer = shared_api.get(f"/api/jobs/{jobs['planner']}/events", "planner")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith(
        "text/event-stream"
    )
    events = [block.split("\n", 1) for block in answer.text.strip().split("\n\n")]
    assert [name for name, _ in events] == ["event: progress", "event: end"]
    end = json.loads(events[1][1].removeprefix("data: "))
    assert end["state"] == "done" and end["result"]["rejected"] == 1


def test_a_finished_job_cannot_be_cancelled(shared_api: Api, jobs: dict[str, str]) -> None:
    answer = shared_api.delete(f"/api/jobs/{jobs['admin']}", "admin")
    assert "done" in assert_error(answer, 409, "conflict")


@pytest.mark.parametrize("query", ["limit=0", "offset=-1", "limit=abc"])
def test_a_malformed_job_list_query_is_422(shared_api: Api, query: str) -> None:
    assert_error(shared_api.get(f"/api/jobs?{query}", "planner"), 422, "invalid_input")


def test_the_job_list_keeps_only_the_kind_asked_for(
    shared_api: Api, jobs: dict[str, str]
) -> None:
    kinds = {j["kind"] for j in body(shared_api.get("/api/jobs", "admin"))["items"]}
    (kind,) = kinds
    same = body(shared_api.get("/api/jobs", "admin", params={"kind": kind}))
    other = body(shared_api.get("/api/jobs", "admin", params={"kind": "plan_routes"}))
    assert {j["id"] for j in same["items"]} == set(jobs.values())
    assert (other["items"], other["total"]) == ([], 0)
