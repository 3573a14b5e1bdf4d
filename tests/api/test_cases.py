"""`/api/cases` over HTTP: a case's life with its clocks, the care record, scope, the report,
and the server's own sweep raising a breach alert within seconds."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from pathlib import Path

from care.service.cases import open_case
from graph.database import open_database
from graph.principal import LOCAL_ADMIN
from tests.api.live import Accounts, Api, copy_store, serve

CLOCK_FIELDS = {
    "clock",
    "target_min",
    "elapsed_min",
    "share",
    "due_at",
    "state",
    "clock_zh",
    "state_zh",
}


def _shop(area_of: dict[str, str], area: str) -> str:
    return sorted(r for r, a in area_of.items() if a == area)[0]


def test_a_case_life_over_http(
    shared_api: Api, accounts: Accounts, area_of: dict[str, str]
) -> None:
    api = shared_api
    shop = _shop(area_of, accounts.lead_area)
    body = {
        "retailer_id": shop,
        "channel": "hotline_12313",
        "category": "price",
        "text": "价格不对 wrong price",
    }
    made = api.post("/api/cases", "lead", json=body)
    assert made.status_code == 201, made.text
    view = made.json()
    cid = view["case"]["id"]
    assert view["area"] == accounts.lead_area and view["case"]["status"] == "open"
    assert set(view["first_response"]) == CLOCK_FIELDS == set(view["resolution"])
    assert view["first_response"]["state"] == "ok" and view["history"][0]["what"] == "open"
    listed = api.get(f"/api/cases?area={accounts.lead_area}&status=open", "lead").json()
    assert cid in {v["case"]["id"] for v in listed["items"]}
    assert api.get(f"/api/cases/{cid}", "supervisor").json()["case"]["id"] == cid
    answered = api.post(f"/api/cases/{cid}/respond", "lead", json={"text": "checking"})
    assert answered.json()["first_response"]["state"] == "met"
    assert api.post(f"/api/cases/{cid}/pause", "lead").json()["case"]["status"] == "paused"
    assert api.post(f"/api/cases/{cid}/resume", "lead", json={"note": "back"}).status_code == 200
    assert api.post(f"/api/cases/{cid}/close", "lead", json={}).status_code == 422
    blank = api.post(f"/api/cases/{cid}/close", "lead", json={"care_record": "   "})
    assert blank.status_code == 422 and "care_record" in blank.text
    closed = api.post(f"/api/cases/{cid}/close", "lead", json={"care_record": "回访 called back"})
    assert closed.status_code == 200 and closed.json()["case"]["status"] == "closed"
    again = api.post(f"/api/cases/{cid}/close", "lead", json={"care_record": "again"})
    assert again.status_code == 409


def test_scope_and_bounds(shared_api: Api, accounts: Accounts, area_of: dict[str, str]) -> None:
    api = shared_api
    shop = _shop(area_of, accounts.lead_area)
    body = {"retailer_id": shop, "channel": "phone", "category": "delivery", "text": "late"}
    assert api.post("/api/cases", "lead2", json=body).status_code == 403
    assert api.post("/api/cases", "viewer", json=body).status_code == 403
    cid = api.post("/api/cases", "lead", json=body).json()["case"]["id"]
    assert api.get(f"/api/cases/{cid}", "lead2").status_code == 403
    assert api.post(f"/api/cases/{cid}/respond", "lead2", json={"text": "x"}).status_code == 403
    theirs = api.get("/api/cases", "lead2").json()
    assert cid not in {v["case"]["id"] for v in theirs["items"]}
    assert api.post("/api/cases", "lead", json={**body, "category": "weather"}).status_code == 422
    assert api.post("/api/cases", "lead", json={**body, "text": "x" * 2001}).status_code == 422
    assert api.get("/api/cases?status=lost", "lead").status_code == 422
    assert api.get("/api/cases/report?since=yesterday", "lead").status_code == 422
    assert api.get("/api/cases/alerts", "lead").status_code == 200
    assert api.get("/api/cases").status_code == 401


def test_the_report_over_http(shared_api: Api, accounts: Accounts, area_of: dict[str, str]) -> None:
    api = shared_api
    shop = _shop(area_of, accounts.other_area)
    body = {"retailer_id": shop, "channel": "phone", "category": "order", "text": "more"}
    cid = api.post("/api/cases", "lead2", json=body).json()["case"]["id"]
    api.post(f"/api/cases/{cid}/respond", "lead2", json={"text": "ordered"})
    today = datetime.now().date()
    found = api.get(f"/api/cases/report?since={today}&until={today}", "lead2").json()
    assert found["since"] == found["until"] == today.isoformat()
    overall = found["report"]["overall"]
    assert (overall["cases"], overall["first_response_met"], overall["first_response_share"]) == (
        1,
        1,
        1.0,
    )
    assert [x["group"] for x in found["report"]["by_area"]] == [accounts.other_area]
    assert set(found["report"]) == {"overall", "by_area", "by_role", "by_key_account", "by_class"}


def test_the_server_sweep_raises_a_breach_within_seconds(
    tmp_path: Path, template: tuple[Path, Accounts], area_of: dict[str, str]
) -> None:
    store = copy_store(template[0], tmp_path / "graph")
    accounts = template[1]
    with open_database(f"ladybug://{store}") as db, db.session() as session:
        old = open_case(
            session,
            LOCAL_ADMIN,
            _shop(area_of, accounts.lead_area),
            "complaint",
            "phone",
            "price",
            "nobody called",
            now=datetime.now() - timedelta(days=8),
        )
    with serve(store, case_sweep_s=0.2) as api:
        deadline = time.monotonic() + 10
        found: list[dict[str, object]] = []
        while not found and time.monotonic() < deadline:
            items = api.get("/api/cases/alerts", "lead").json()["items"]
            found = [a for a in items if a["case_id"] == old.case.id and a["kind"] == "breach"]
            time.sleep(0.1)
        assert found, "no breach alert within 10 s"
        assert {a["clock"] for a in found} == {"first_response", "resolution"}
        assert accounts.lead_staff in str(found[0]["recipients"]).split(",")
        view = api.get(f"/api/cases/{old.case.id}", "lead").json()
        assert view["first_response"]["state"] == "breached"
