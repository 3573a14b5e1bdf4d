"""One visit of one page in a cold browser (a new Chromium process): first render, time to
interactive and blocking time, the scripts fetched, pan/zoom frame gaps, click → next paint
and the requests that left the origin."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from benchmarks.web_figures import (
    QUIET_MS,
    PageRun,
    frame_gap_p95,
    quiet_window_start,
    total_blocking_time,
)
from benchmarks.web_pages import PageSpec
from benchmarks.web_probe import (
    PageState,
    probe_script,
    read_blocked,
    read_blocking_scripts,
    read_clicks,
    read_scripts,
    read_slowest_api,
    read_state,
    record_frames,
)
from graph.errors import DomainError

if TYPE_CHECKING:
    from playwright.sync_api import BrowserType, Locator, Page, ViewportSize

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}
POLL_S = 0.05


class PageFailed(DomainError):
    """A page did not render, or lacks the control the benchmark clicks."""

    kind = "page_failed"


@dataclass(frozen=True)
class VisitPlan:
    """How long a visit waits and how much it does: seconds for the page to draw and to go
    quiet (after drawing), clicks to time and seconds of dragging and zooming."""

    render_timeout_s: float = 60.0
    quiet_timeout_s: float = 30.0
    clicks: int = 5
    pan_zoom_s: float = 2.0


def visit(
    chromium: BrowserType, spec: PageSpec, base: str, token: str | None, plan: VisitPlan
) -> PageRun:
    """Launch Chromium, open `spec`'s page at `base` signed in with `token` and measure it."""
    browser = chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        context = browser.new_context(viewport=VIEWPORT)
        requested: list[str] = []
        context.on("request", lambda request: requested.append(request.url))
        page = context.new_page()
        page.add_init_script(probe_script(ready_testid=spec.ready_testid, token=token))
        page.goto(base + spec.path, wait_until="commit")
        drawn = _await_render(page, spec, plan.render_timeout_s)
        tti_ms, settled = _await_quiet(page, plan.quiet_timeout_s)
        chunks, api = read_scripts(page), read_slowest_api(page)
        pan_zoom = _pan_zoom(page, spec.chart_testid, plan.pan_zoom_s)
        click_ms = _click(page, spec, plan.clicks)
        fcp = settled.fcp_ms or 0.0
        tasks = settled.long_tasks
        return PageRun(
            first_render_ms=round(drawn, 1),
            fcp_ms=round(fcp, 1),
            tti_ms=None if tti_ms is None else round(tti_ms, 1),
            tbt_ms=round(total_blocking_time(tasks, fcp_ms=fcp, tti_ms=tti_ms or settled.now_ms)),
            click_ms=click_ms,
            pan_zoom_p95_ms=pan_zoom,
            js_kb=round(sum(chunks.values()), 1),
            off_origin=off_origin(base, [*requested, *read_blocked(page)]),
            chunks_kb=chunks,
            longest_task_ms=max((t.duration_ms for t in tasks), default=0.0),
            blocking_scripts=read_blocking_scripts(page),
            slowest_api=api,
        )
    finally:
        browser.close()


def off_origin(base: str, urls: list[str]) -> tuple[str, ...]:
    """The distinct addresses outside `base`'s origin (data: and blob: excluded).

    >>> off_origin("http://127.0.0.1:8000", ["http://127.0.0.1:8000/a.js", "data:x",
    ...     "https://tiles.example/1.png", "http://127.0.0.1:9/", "inline"])
    ('http://127.0.0.1:9/', 'https://tiles.example/1.png')
    """
    origin = urlsplit(base)
    found = {
        url
        for url in urls
        if urlsplit(url).scheme in ("http", "https", "ws", "wss")
        and (urlsplit(url).scheme, urlsplit(url).netloc) != (origin.scheme, origin.netloc)
    }
    return tuple(sorted(found))


def _await_render(page: Page, spec: PageSpec, timeout_s: float) -> float:
    """Milliseconds from navigation start to the page's main content drawn (its chart's
    ``data-ready="1"``, or first contentful paint)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        state = read_state(page)
        drawn = state.ready_ms if spec.ready_testid else state.fcp_ms
        if drawn is not None and state.fcp_ms is not None:
            return drawn
        time.sleep(POLL_S)
    what = f"{spec.ready_testid} never set data-ready=1" if spec.ready_testid else "no paint"
    raise PageFailed(f"{spec.title}: {what} within {timeout_s:g} s (at {page.url})")


def _await_quiet(page: Page, timeout_s: float) -> tuple[float | None, PageState]:
    """Time to interactive once `QUIET_MS` have passed without a long task after the last
    one that counts (None if that never happened within `timeout_s`), and the state then."""
    deadline = time.monotonic() + timeout_s
    while True:
        state = read_state(page)
        fcp = state.fcp_ms or 0.0
        start = quiet_window_start(state.long_tasks, fcp_ms=fcp)
        if state.now_ms >= start + QUIET_MS:
            return max(start, state.dcl_ms or 0.0), state
        if time.monotonic() > deadline:
            return None, state
        time.sleep(0.25)


def _pan_zoom(page: Page, chart: str | None, seconds: float) -> float | None:
    """p95 of the frame gaps while the chart is dragged (30 mouse steps) and wheel-zoomed,
    back and forth, for `seconds`."""
    if chart is None:
        return None
    box = page.get_by_test_id(chart).bounding_box()
    if box is None:
        raise PageFailed(f"{chart} is not on the page")
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    record_frames(page, True)
    ends, sign = time.monotonic() + seconds, 1
    while time.monotonic() < ends:
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x + sign * box["width"] / 5, y + sign * box["height"] / 8, steps=30)
        page.mouse.up()
        page.mouse.wheel(0, -sign * 240)
        sign = -sign
    page.mouse.move(x, y)
    return frame_gap_p95(record_frames(page, False))


def _click(page: Page, spec: PageSpec, clicks: int) -> float:
    """The median of `clicks` times from input to the next paint on the page's control."""
    control = _control(page, spec)
    is_select = bool(control.evaluate("(e) => e.tagName === 'SELECT'"))
    before = len(read_clicks(page))
    for done in range(1, clicks + 1):
        if is_select:
            control.focus()
            last = control.evaluate("(e) => e.selectedIndex === e.options.length - 1")
            page.keyboard.press("ArrowUp" if last else "ArrowDown")
        else:
            control.click()
        deadline = time.monotonic() + 10.0
        while len(read_clicks(page)) < before + done:
            if time.monotonic() > deadline:
                raise PageFailed(f"{spec.title}: no paint after input {done} on the control")
            time.sleep(POLL_S)
        time.sleep(0.3)
    return round(statistics.median(read_clicks(page)[before:]), 1)


def _control(page: Page, spec: PageSpec) -> Locator:
    for selector in spec.controls:
        found = page.locator(selector).first
        if found.count() and found.is_visible():
            return found
    raise PageFailed(f"{spec.title}: none of {', '.join(spec.controls)} is on the page")
