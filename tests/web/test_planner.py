"""The planner's workbench in a browser: every shop of the city on the map, and a rebalance
dry run followed from its progress to its moves and each area before and after."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from seeds.city import City
from tests.api.live import Api
from tests.web.browser import (
    JOB_MS,
    Traffic,
    check_accessibility,
    expect_ready,
    shoot,
    sign_in,
)


def test_a_planner_sees_every_shop_and_a_rebalance_dry_run_with_its_moves(
    page: Page, site: Api, tiny_city: City, traffic: Traffic
) -> None:
    sign_in(page, site.base_url, "planner")
    expect(page).to_have_url(f"{site.base_url}/planner")
    expect_ready(page, "planner-map")
    shops = str(len(tiny_city.retailers))
    expect(page.get_by_test_id("planner-map")).to_have_attribute("data-point-count", shops)
    page.get_by_test_id("planner-kind").select_option("rebalance")
    page.get_by_test_id("planner-run").click()
    expect(page.get_by_test_id("job-progress")).to_be_attached()
    moves = page.get_by_test_id("planner-moves").get_by_test_id("planner-move-row")
    expect(moves.first).to_be_visible(timeout=JOB_MS)
    areas = page.get_by_test_id("planner-areas-table").locator("tbody tr")
    expect(areas).to_have_count(len(tiny_city.areas))
    moved = moves.evaluate_all("rows => rows.map((r) => r.dataset.retailer)")
    assert len(moved) == len(set(moved)) >= 1
    assert set(moved) <= {r.id for r in tiny_city.retailers}
    assert not traffic.console, traffic.console
    shoot(page, "planner")
    check_accessibility(page, "planner")
