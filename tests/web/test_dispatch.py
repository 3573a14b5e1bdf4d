"""The dispatcher's board in a browser: the routes of a planned day as the API lists them, and
a zone planned again from the board, its progress shown, then its routes drawn."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.api.live import ROUTE_DAY, Api
from tests.web.browser import (
    JOB_MS,
    Traffic,
    check_accessibility,
    expect_ready,
    shoot,
    sign_in,
)

DAY = ROUTE_DAY.isoformat()
LIMIT_S = 3
"""The solver's seconds for the zone planned from the board (the page's default is 30)."""


def _routes(site: Api) -> list[dict[str, object]]:
    routes: list[dict[str, object]] = site.get(f"/api/routes?date={DAY}", "dispatcher").json()
    return routes


def test_a_dispatcher_sees_the_days_routes_and_plans_a_zone_again(
    page: Page, site: Api, traffic: Traffic
) -> None:
    zones = sorted({a["zone"] for a in site.get("/api/areas", "dispatcher").json()})
    sign_in(page, site.base_url, "dispatcher")
    expect(page).to_have_url(f"{site.base_url}/dispatch")
    page.get_by_test_id("dispatch-date").fill(DAY)
    board = page.get_by_test_id("dispatcher-routes")
    expect_ready(page, "dispatcher-routes")
    expect(board).to_have_attribute("data-route-count", str(len(_routes(site))))
    assert not traffic.console, traffic.console
    shoot(page, "dispatch")
    check_accessibility(page, "dispatch")

    choose = page.get_by_test_id("dispatch-zone")
    expect(choose.locator("option")).to_have_count(1 + len(zones))
    choose.select_option(str(zones[0]))
    page.get_by_test_id("dispatch-time-limit").fill(str(LIMIT_S))
    page.get_by_test_id("dispatch-plan").click()
    expect(page.get_by_test_id("job-progress")).to_be_attached()
    expect(page.get_by_test_id("dispatch-plan")).to_be_enabled(timeout=JOB_MS)
    expect_ready(page, "dispatcher-routes")
    [job] = site.get("/api/jobs", "dispatcher").json()["items"]
    job = site.get(f"/api/jobs/{job['id']}", "dispatcher").json()
    assert (job["kind"], job["state"]) == ("plan_routes", "done"), job
    assert (job["params"]["zone"], job["params"]["time_limit_s"]) == (zones[0], LIMIT_S)
    planned = _routes(site)
    assert zones[0] in {r["zone"] for r in planned}
    expect(board).to_have_attribute("data-route-count", str(len(planned)))
