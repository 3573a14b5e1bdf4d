"""`/api/incentive-points` over HTTP: scores entered and uploaded within scope, the report
and a retailer's points (the services are tested in tests/care/service/test_points.py)."""

from __future__ import annotations

from seeds.city import City
from tests.api.live import Accounts, Api

URL = "/api/incentive-points"


def _score(retailer: str, **extra: object) -> dict[str, object]:
    return {
        "retailer": retailer,
        "month": "2026-10",
        "law_abiding": 90,
        "cooperation": 85,
        "constructive": 70,
        "growth": 65,
        **extra,
    }


def test_a_manager_scores_only_the_shops_it_manages(
    shared_api: Api, accounts: Accounts, tiny_city: City
) -> None:
    staffing = tiny_city.staffing
    own = sorted(r for r, m in staffing.manager_of.items() if m == accounts.manager_staff)
    other = sorted(r for r, a in tiny_city.retailer_area.items() if a == accounts.other_area)
    done = shared_api.post(f"{URL}/scores", "manager", json=_score(own[0]))
    assert done.status_code == 200, done.text
    assert done.json()["id"] == f"{own[0]}|manager|2026-10"
    assert done.json()["staff_id"] == accounts.manager_staff
    assert shared_api.post(f"{URL}/scores", "manager", json=_score(other[0])).status_code == 403
    bad = shared_api.post(f"{URL}/scores", "manager", json=_score(own[0], growth=101))
    assert bad.status_code == 422
    card = shared_api.get(f"{URL}/retailers/{own[0]}?months=3", "manager").json()
    [mine] = [s for s in card["months"][-1]["scores"] if s["role"] == "manager"]
    assert (mine["law_abiding"], mine["points"]) == (90, 79.5)
    assert set(card) >= {"accumulated", "points_class", "window", "roles", "total"}


def test_the_second_lead_cannot_score_the_first_leads_shops(
    shared_api: Api, accounts: Accounts, tiny_city: City
) -> None:
    shop = sorted(r for r, a in tiny_city.retailer_area.items() if a == accounts.lead_area)[0]
    body = _score(shop, staff=accounts.manager_staff)
    assert shared_api.post(f"{URL}/scores", "lead2", json=body).status_code == 403
    assert shared_api.post(f"{URL}/scores", "lead", json=body).status_code == 200
    assert shared_api.post(f"{URL}/scores", "viewer", json=body).status_code == 403


def test_an_upload_answers_every_row(shared_api: Api, accounts: Accounts, tiny_city: City) -> None:
    shop = sorted(r for r, a in tiny_city.retailer_area.items() if a == accounts.lead_area)[1]
    content = (
        "retailer,staff,month,law_abiding,cooperation,constructive,growth\n"
        f"{shop},{accounts.manager_staff},2026-09,80,80,80,80\n"
        f"{shop},{accounts.manager_staff},2026-09,80,80,80,x\n"
    ).encode()
    answer = shared_api.post(f"{URL}/import", "lead", files={"file": ("s.csv", content)})
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert (report["rows"], report["rejected"]) == (2, 1)
    assert report["errors"] == [{"line": 3, "column": "growth", "message": "'x' is not a number"}]
    assert (
        shared_api.post(f"{URL}/import", "lead", files={"file": ("s.txt", b"")}).status_code == 422
    )


def test_the_report_is_the_leads_areas(shared_api: Api, accounts: Accounts) -> None:
    answer = shared_api.get(f"{URL}/report", "lead")
    assert answer.status_code == 200, answer.text
    report = answer.json()["report"]
    assert {c["area"] for c in report["completeness"]} == {accounts.lead_area}
    assert set(report["overall"]) == {"area", "role", "expected", "submitted", "share"}
    wrong = shared_api.get(f"{URL}/report?area={accounts.other_area}", "lead")
    assert wrong.status_code == 403
    assert shared_api.get(f"{URL}/report?month=2026-9", "lead").status_code == 422
