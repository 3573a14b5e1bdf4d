"""The team lead's area page in a browser: the area's graph, map and shop count agree with the
API, a shop found by its licence opens its card, a change request filed there waits for a
supervisor, and another area's address is refused without its data."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from tests.api.live import Accounts, Api
from tests.web.browser import Traffic, check_accessibility, expect_ready, shoot, sign_in

DISPLAY = "立式展柜"
"""The display form a change request asks for."""


def _area(api: Api, user: str, code: str) -> dict[str, Any]:
    """The area `code` of GET /api/areas as `user` sees it."""
    return next(a for a in api.get("/api/areas", user).json() if a["code"] == code)


def test_a_team_lead_lands_on_their_area_with_every_shop_drawn(
    page: Page, site: Api, accounts: Accounts, traffic: Traffic
) -> None:
    sign_in(page, site.base_url, "lead")
    expect(page).to_have_url(f"{site.base_url}/area/{accounts.lead_area}")
    expect_ready(page, "area-graph")
    expect_ready(page, "area-map")
    customers = int(_area(site, "lead", accounts.lead_area)["customers"])
    expect(page.get_by_test_id("retailer-count")).to_have_text(str(customers))
    drawn = page.get_by_test_id("area-graph").get_attribute("data-shop-count")
    assert drawn is not None and int(drawn) == customers
    assert not traffic.console, traffic.console
    shoot(page, "area")
    check_accessibility(page, "area")


def test_a_shop_found_by_licence_opens_its_card_and_takes_a_change_request(
    page: Page, site: Api, accounts: Accounts
) -> None:
    shops = site.get(f"/api/map/retailers?area={accounts.lead_area}", "lead").json()
    retailer, licence = shops["ids"][-1], shops["licences"][-1]
    sign_in(page, site.base_url, "lead")
    expect_ready(page, "area-graph")
    page.get_by_test_id("area-search").fill(licence)
    page.get_by_test_id("area-search-go").click()
    expect(page.get_by_test_id("retailer-card")).to_have_attribute("data-retailer", retailer)
    page.get_by_test_id("change-field").select_option("display_form")
    page.get_by_test_id("change-value").fill(DISPLAY)
    page.get_by_test_id("change-submit").click()
    state = page.get_by_test_id("change-state")
    expect(state).to_have_attribute("data-state", "pending")
    expect(state).to_have_text("待审批")
    queue = site.get("/api/change-requests", "supervisor").json()["items"]
    filed = [r for r in queue if r["retailer_id"] == retailer and r["field"] == "display_form"]
    assert [(r["new"], r["status"], r["requested_by"]) for r in filed] == [
        (DISPLAY, "pending", accounts.lead_staff)
    ]
    shoot(page, "retailer-card")
    check_accessibility(page, "retailer-card")


def test_another_areas_address_is_refused_without_its_data(
    page: Page, site: Api, accounts: Accounts, traffic: Traffic
) -> None:
    other = _area(site, "planner", accounts.other_area)
    sign_in(page, site.base_url, "lead")
    expect_ready(page, "area-graph")
    page.goto(f"{site.base_url}/area/{accounts.other_area}")
    expect(page.get_by_test_id("refused")).to_be_visible()
    expect(page.get_by_test_id("area-graph")).to_have_count(0)
    assert other["name"] not in page.locator("body").inner_text()
    assert not traffic.answered(f"/api/areas/{accounts.other_area}/graph", 200)
    leaked = [u for u, status in traffic.answers if "/api/" in u and other["code"] in u]
    assert not leaked, leaked
    shoot(page, "refused")
    check_accessibility(page, "refused")
