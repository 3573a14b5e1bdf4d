"""The service section of the team lead's area page and the retailer card's service record in a
browser: before anything is logged every panel says so in both languages; then a visit logged by
the area's manager, a case opened by the lead and a survey wave imported by the admin show up as
the adherence figures, an open case with its clocks, the KANO / I-S rows and an action the lead
marks done; the labels turn English; the card lists the shop's visits and cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.api.live import Accounts, Api
from tests.web.browser import check_accessibility, shoot, sign_in

ANSWERS = (
    # item, importance, satisfaction, KANO functional, dysfunctional
    ("on_time_delivery", 5, 2, 2, 5),  # must-be, important and unsatisfying: under-service
    ("display_guidance", 2, 5, 1, 3),  # attractive, unimportant and satisfying: over-service
)


@dataclass(frozen=True)
class Served:
    """What the module's city holds of the service loop."""

    shop: str
    far_shop: str
    case: str
    adherence: dict[str, Any]


def _visit(shop: str, lon: float, lat: float, start: str, end: str) -> dict[str, Any]:
    day = date.today().isoformat()
    return {
        "kind": "visit",
        "retailer_id": shop,
        "day": day,
        "started_at": f"{day}T{start}",
        "ended_at": f"{day}T{end}",
        "planned_start": f"{day}T{start}",
        "planned_end": f"{day}T{end}",
        "checkin_lon": lon,
        "checkin_lat": lat,
        "tasks": ["display", "prices"],
    }


@pytest.fixture(scope="module")
def served(site: Api, accounts: Accounts) -> Served:
    """Two visits by the area's manager (one checked in next to the shop, one about 2 km
    away), a case opened by the lead, a survey wave with answers, and its actions derived."""
    shops = site.get(f"/api/map/retailers?area={accounts.lead_area}", "lead").json()
    (shop, far), lon, lat = shops["ids"][:2], shops["lon"], shops["lat"]
    near = _visit(shop, lon[0] + 0.0002, lat[0] + 0.0001, "09:00", "10:30")
    away = _visit(far, lon[1] + 0.02, lat[1], "14:00", "15:30")
    for body in (near, away):
        assert site.post("/api/interactions", "manager", json=body).status_code == 201
    opened = site.post(
        "/api/cases",
        "lead",
        json={"retailer_id": shop, "channel": "phone", "category": "delivery", "text": "送货晚到"},
    )
    assert opened.status_code == 201, opened.text
    plan = {"start": date.today().isoformat(), "days": 30}
    assert site.post("/api/surveys/plan", "admin", json=plan).status_code == 200
    lines = ["retailer,item,importance,satisfaction,kano_functional,kano_dysfunctional"]
    lines += [f"{r},{','.join(map(str, a))}" for r in shops["ids"][:8] for a in ANSWERS]
    csv = ("\n".join(lines) + "\n").encode()
    report = site.post("/api/surveys/import", "admin", files={"file": ("wave.csv", csv)}).json()
    assert report["created"] == len(lines) - 1, report
    assert site.post("/api/actions/derive", "admin").status_code == 200
    adherence = site.get(
        f"/api/interactions/adherence?area={accounts.lead_area}&weeks=4", "lead"
    ).json()
    return Served(shop, far, str(opened.json()["case"]["id"]), adherence)


def _percent(share: float) -> str:
    return f"{share * 100:.1f}"


def _service_tab(page: Page, base_url: str) -> None:
    """Sign in as the lead and open the area page's service tab."""
    sign_in(page, base_url, "lead")
    page.get_by_test_id("area-tab-care").click()
    expect(page.get_by_test_id("care-section")).to_be_visible()


def test_before_any_service_record_every_panel_says_so_in_both_languages(
    page: Page, site: Api
) -> None:
    # Runs first: the module's city holds no visit, case, answer or action until `served`.
    _service_tab(page, site.base_url)
    empty = {
        "care-adherence-empty": ("暂无拜访记录", "No visits logged yet"),
        "care-cases-empty": ("暂无未结诉求", "No open cases"),
        "care-survey-empty": ("暂无调查结果", "No survey results yet"),
        "care-actions-empty": ("暂无待办整改事项", "No open actions"),
    }
    for testid, (zh, _) in empty.items():
        expect(page.get_by_test_id(testid)).to_have_text(zh)
    expect(page.get_by_test_id("area-graph")).to_be_hidden()
    page.get_by_test_id("lang-switch").select_option("en")
    for testid, (_, en) in empty.items():
        expect(page.get_by_test_id(testid)).to_have_text(en)
    shoot(page, "area-care-empty-en")
    check_accessibility(page, "area-care-empty")


def test_the_lead_sees_adherence_open_cases_survey_and_actions(
    page: Page, site: Api, accounts: Accounts, served: Served
) -> None:
    _service_tab(page, site.base_url)
    care = page.get_by_test_id("care-section")
    overall = served.adherence["adherence"]["overall"]
    adherence = page.get_by_test_id("care-adherence")
    expect(adherence.get_by_test_id("care-kpi-adherence")).to_have_text(
        _percent(overall["adherence"])
    )
    expect(adherence.get_by_test_id("care-kpi-coverage")).to_have_text(
        _percent(overall["coverage"])
    )
    reasons = served.adherence["adherence"]["reasons"]
    shown = {r: n for r, n in reasons.items() if n}
    assert sum(shown.values()) == 1, reasons
    reason = next(iter(shown))
    label = served.adherence["reason_labels"][reason][0]
    expect(adherence.locator(f"[data-reason={reason}]")).to_have_text(f"{label}: 1")
    row = page.get_by_test_id("care-case-row")
    expect(row).to_have_count(1)
    expect(row).to_have_attribute("data-case", served.case)
    expect(row).to_have_attribute("data-state", "ok")
    expect(row.get_by_test_id("care-case-first").locator(".badge")).to_have_text("正常")
    under = page.locator("[data-testid=care-survey-row][data-item=on_time_delivery]")
    expect(under).to_have_attribute("data-quadrant", "under_service")
    expect(under).to_contain_text("送货准时")
    expect(page.get_by_test_id("care-survey-chart")).to_have_attribute("data-ready", "1")
    action = page.get_by_test_id("care-action")
    expect(action).to_have_count(1)
    expect(action).to_contain_text("送货准时")
    shoot(page, "area-care-zh")
    check_accessibility(page, "area-care-zh")
    action.get_by_test_id("care-action-done").click()
    expect(page.get_by_test_id("care-actions-empty")).to_have_text("暂无待办整改事项")
    still = site.get(f"/api/actions?area={accounts.lead_area}&status=open", "lead").json()
    assert still["total"] == 0, still
    page.get_by_test_id("lang-switch").select_option("en")
    expect(care.locator("#care-adherence-title")).to_have_text("Visit adherence")
    expect(row.get_by_test_id("care-case-first").locator(".badge")).to_have_text("on time")
    expect(under).to_contain_text("on-time delivery")
    shoot(page, "area-care-en")


def test_a_retailer_card_lists_its_visits_and_cases(page: Page, site: Api, served: Served) -> None:
    _service_tab(page, site.base_url)
    row = page.get_by_test_id("care-case-row")
    row.get_by_role("button").click()
    card = page.get_by_test_id("retailer-card")
    expect(card).to_have_attribute("data-retailer", served.shop)
    visits = card.get_by_test_id("card-interactions").get_by_test_id("card-interaction")
    expect(visits).to_have_count(1)
    expect(visits).to_have_attribute("data-kind", "visit")
    expect(visits).to_contain_text("拜访")
    expect(visits).to_contain_text("90 分钟")
    expect(visits).to_contain_text("陈列、明码标价")
    case = card.get_by_test_id("card-cases").get_by_test_id("card-case")
    expect(case).to_have_attribute("data-case", served.case)
    expect(case).to_have_attribute("data-status", "open")
    card.get_by_test_id("card-interactions").scroll_into_view_if_needed()
    shoot(page, "retailer-card-care")
    check_accessibility(page, "retailer-card-care")
