"""The issue's own acceptance checks, over HTTP against the real app on a real store."""

from __future__ import annotations

from tests.api.live import Accounts, Api


def test_a_team_lead_reads_their_own_area_graph_and_nothing_else(
    shared_api: Api, accounts: Accounts
) -> None:
    own = shared_api.get(f"/api/areas/{accounts.lead_area}/graph", "lead")
    assert own.status_code == 200, own.text
    nodes = own.json()["nodes"]
    roles = {n.get("role") for n in nodes}
    assert {"agent", "manager", "inspector", "driver"} <= roles
    assert any(n["kind"] == "lead" for n in nodes)
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in nodes)
    other = shared_api.get(f"/api/areas/{accounts.other_area}/graph", "lead")
    assert other.status_code == 403
    assert set(other.json()) == {"error", "message", "details"}
    anonymous = shared_api.get(f"/api/areas/{accounts.lead_area}/graph")
    assert anonymous.status_code == 401


def test_a_planner_runs_a_rebalance_dry_run_job_and_reads_its_moves(shared_api: Api) -> None:
    submitted = shared_api.post(
        "/api/territory/rebalance", "planner", json={"dry_run": True, "max_moved": 0.2}
    )
    assert submitted.status_code == 202, submitted.text
    job = shared_api.wait_for_job(submitted.json()["id"], "planner")
    assert job["state"] == "done", job
    result = job["result"]
    assert isinstance(result, dict)
    for move in result["moves"]:
        assert set(move) >= {"retailer", "from", "to", "reason"}


def test_a_program_with_an_api_key_lists_retailers(shared_api: Api) -> None:
    made = shared_api.post(
        "/api/keys", "admin", json={"name": "sales-system", "role": "dispatcher"}
    )
    assert made.status_code == 201, made.text
    key = made.json()["key"]
    listed = shared_api.http.get("/api/retailers?limit=5", headers={"X-API-Key": key})
    assert listed.status_code == 200, listed.text
    assert len(listed.json()["items"]) == 5 and listed.json()["total"] > 5
    wrong = shared_api.http.get("/api/retailers", headers={"X-API-Key": key + "x"})
    assert wrong.status_code == 401
