"""``/api/surveys`` over HTTP: plan, import, waves and the analysis, scope-checked."""

from __future__ import annotations

import pytest

from seeds.city import City
from tests.api.live import Accounts, Api

HEADER = "retailer,item,importance,satisfaction,kano_functional,kano_dysfunctional"
ANSWERS = {"on_time_delivery": "5,2,3,5", "goods_intact": "2,5,1,3", "ordering_ease": "4,4,1,5"}


def answers_csv(city: City) -> bytes:
    """Every retailer's planted answers: delivery under-served, must-be."""
    rows = [f"{r.id},{item},{v}" for r in city.retailers for item, v in ANSWERS.items()]
    return "\n".join([HEADER, *rows, "NOBODY,goods_intact,5,5,1,5"]).encode()


@pytest.fixture(scope="module")
def surveyed(shared_api: Api, tiny_city: City) -> Api:
    plan = shared_api.post(
        "/api/surveys/plan", "planner", json={"start": "2026-12-07", "items": list(ANSWERS)}
    )
    assert plan.status_code == 200, plan.text
    report = shared_api.post(
        "/api/surveys/import?wave=W2026-12-07",
        "planner",
        files={"file": ("answers.csv", answers_csv(tiny_city))},
    )
    assert report.status_code == 200, report.text
    return shared_api


def test_plan_and_import_answer_in_full(surveyed: Api, tiny_city: City) -> None:
    (wave,) = surveyed.get("/api/surveys/waves", "viewer").json()
    assert wave["id"] == "W2026-12-07" and wave["answers"] == 3 * len(tiny_city.retailers)
    assert set(wave) >= {"name", "planned", "starts_on", "ends_on", "items", "scheduled"}
    again = surveyed.post(
        "/api/surveys/import", "supervisor", files={"file": ("a.csv", answers_csv(tiny_city))}
    ).json()
    assert (again["created"], again["updated"]) == (0, 3 * len(tiny_city.retailers))
    assert again["errors"] == [
        {
            "line": 3 * len(tiny_city.retailers) + 2,
            "column": "retailer",
            "message": "unknown retailer NOBODY",
        }
    ]


def test_who_may_plan_and_import(surveyed: Api) -> None:
    body = {"start": "2027-03-01"}
    assert surveyed.post("/api/surveys/plan", "lead", json=body).status_code == 403
    assert (
        surveyed.post("/api/surveys/plan", "planner", json={**body, "days": 0}).status_code == 422
    )
    items = {**body, "items": ["goods_intact"] * 21}
    assert surveyed.post("/api/surveys/plan", "planner", json=items).status_code == 422
    assert surveyed.post("/api/surveys/plan", json=body).status_code == 401
    upload = {"file": ("a.csv", b"retailer\n")}
    assert surveyed.post("/api/surveys/import", "viewer", files=upload).status_code == 403


def test_the_analysis_overall_and_by_class(surveyed: Api) -> None:
    answer = surveyed.get("/api/surveys/analysis?by=class", "viewer")
    assert answer.status_code == 200, answer.text
    result = answer.json()
    assert set(result) == {"wave", "by", "answers", "retailers", "overall", "groups", "differences"}
    items = {i["item"]: i for i in result["overall"]["items"]}
    delivery = items["on_time_delivery"]
    assert (delivery["category"], delivery["quadrant"]) == ("M", "under_service")
    assert delivery["quadrant_zh"].startswith("服务不足") and delivery["item_zh"] == "送货准时"
    assert set(delivery) >= {
        "n",
        "counts",
        "better",
        "worse",
        "mixed",
        "importance",
        "satisfaction",
        "category_zh",
        "category_en",
        "quadrant_en",
    }
    assert {g["group"] for g in result["groups"]} <= {"core", "potential", "general", "problem"}
    assert set(result["differences"][0]) == {
        "item",
        "groups",
        "kano_p",
        "kano_significant",
        "satisfaction_p",
        "satisfaction_significant",
    }


def test_a_team_lead_sees_its_areas_answers(
    surveyed: Api, accounts: Accounts, area_of: dict[str, str]
) -> None:
    result = surveyed.get("/api/surveys/analysis?by=area", "lead").json()
    assert [g["group"] for g in result["groups"]] == [accounts.lead_area]
    assert result["retailers"] == sum(a == accounts.lead_area for a in area_of.values())
    assert surveyed.get("/api/surveys/analysis?by=colour", "lead").status_code == 422
    assert surveyed.get("/api/surveys/analysis?wave=nope", "viewer").status_code == 404
