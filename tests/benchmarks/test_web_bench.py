"""`benchmarks.web_figures` and `web_visit.off_origin`: the page figures from given long tasks,
frame timestamps and runs (no browser)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from benchmarks.web_figures import (
    FIGURES,
    LongTask,
    PageRun,
    combine,
    frame_gap_p95,
    quiet_window_start,
    table_rows,
    time_to_interactive,
    total_blocking_time,
)
from benchmarks.web_visit import off_origin

BY_KEY = {f.key: f for f in FIGURES}
RUN = PageRun(
    first_render_ms=800.0,
    fcp_ms=300.0,
    tti_ms=1200.0,
    tbt_ms=150.0,
    click_ms=40.0,
    pan_zoom_p95_ms=20.0,
    js_kb=300.0,
    off_origin=(),
    chunks_kb={"index.js": 300.0},
    longest_task_ms=120.0,
    blocking_scripts=(),
    slowest_api=(),
)


@pytest.mark.parametrize(
    ("tasks", "expected"),
    [
        ([], 1000.0),
        ([LongTask(200, 300)], 1000.0),
        ([LongTask(900, 300)], 1200.0),
        ([LongTask(1100, 100), LongTask(2500, 400), LongTask(5000, 900)], 2900.0),
        ([LongTask(3100, 100)], 1000.0),
        ([LongTask(2999, 100)], 3099.0),
    ],
)
def test_the_quiet_window_starts_after_the_last_long_task_before_two_quiet_seconds(
    tasks: list[LongTask], expected: float
) -> None:
    assert quiet_window_start(tasks, fcp_ms=1000.0) == pytest.approx(expected)


def test_time_to_interactive_is_floored_at_dom_content_loaded() -> None:
    tasks = [LongTask(1100, 100)]
    assert time_to_interactive(tasks, fcp_ms=1000.0, dcl_ms=900.0) == pytest.approx(1200.0)
    assert time_to_interactive(tasks, fcp_ms=1000.0, dcl_ms=1500.0) == pytest.approx(1500.0)


@pytest.mark.parametrize(
    ("tasks", "expected"),
    [
        ([], 0.0),
        ([LongTask(1100, 50)], 0.0),
        ([LongTask(1100, 80), LongTask(1300, 250)], 230.0),
        ([LongTask(900, 200)], 50.0),
        ([LongTask(1900, 200)], 50.0),
        ([LongTask(2500, 500)], 0.0),
    ],
)
def test_blocking_time_counts_what_each_task_spends_above_50_ms_between_fcp_and_tti(
    tasks: list[LongTask], expected: float
) -> None:
    assert total_blocking_time(tasks, fcp_ms=1000.0, tti_ms=2000.0) == pytest.approx(expected)


def test_the_frame_gap_p95_sees_two_stalls_in_twenty_frames() -> None:
    steady = [i * 16.0 for i in range(20)]
    assert frame_gap_p95(steady) == pytest.approx(16.0)
    stalled = [*steady, steady[-1] + 100.0, steady[-1] + 200.0]
    assert frame_gap_p95(stalled) == pytest.approx(100.0)
    assert frame_gap_p95(list(reversed(stalled))) == pytest.approx(100.0)


def test_fewer_than_two_frames_have_no_gap() -> None:
    with pytest.raises(ValueError, match="fewer than two frames"):
        frame_gap_p95([5.0])


def test_runs_combine_by_median_and_off_origin_by_the_worst_run() -> None:
    runs = [
        RUN,
        replace(RUN, first_render_ms=1400.0, off_origin=("https://cdn.example/x.js",)),
        replace(RUN, first_render_ms=900.0, tti_ms=None),
    ]
    assert combine(runs, BY_KEY["first_render_ms"]) == pytest.approx(900.0)
    assert combine(runs, BY_KEY["tti_ms"]) == pytest.approx(1200.0)
    assert combine(runs, BY_KEY["off_origin"]) == 1.0


def test_the_table_marks_each_page_against_the_targets() -> None:
    slow = replace(RUN, first_render_ms=1500.0, click_ms=140.0, pan_zoom_p95_ms=None)
    rows = {row[0]: row[1:] for row in table_rows([[RUN], [slow]])}
    assert rows["first render s"] == ["≤ 1.00", "0.80 ok", "1.50 MISS"]
    assert rows["click → next paint ms"] == ["≤ 100", "40 ok", "140 MISS"]
    assert rows["pan/zoom frame gap p95 ms"][2] == "—"
    assert rows["first contentful paint s"] == ["", "0.30", "0.30"]


def test_only_addresses_of_another_origin_count_as_off_the_origin() -> None:
    base = "http://127.0.0.1:8123"
    urls = [
        f"{base}/assets/index.js",
        f"{base}/api/map/boundaries",
        "data:image/png;base64,AAAA",
        "blob:http://127.0.0.1:8123/5f1c",
        "http://localhost:8123/api/health",
        "https://webapi.amap.com/maps",
        "https://webapi.amap.com/maps",
    ]
    assert off_origin(base, urls) == (
        "http://localhost:8123/api/health",
        "https://webapi.amap.com/maps",
    )
