"""Figures of the page benchmark: interactivity from long tasks, frame gaps, the medians over
runs, the targets and the table rows. Times are milliseconds from navigation start."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from benchmarks.api_figures import percentile

LONG_TASK_MS = 50.0
"""A task longer than this blocks input; the part above it counts as blocking time."""
QUIET_MS = 2000.0
"""The quiet window that ends the search for time to interactive: 2 s, not Lighthouse's
5 s, to keep runs short (so TTI can come out earlier than Lighthouse's)."""


@dataclass(frozen=True)
class LongTask:
    start_ms: float
    duration_ms: float

    @property
    def end_ms(self) -> float:
        return self.start_ms + self.duration_ms


def quiet_window_start(
    tasks: Sequence[LongTask], *, fcp_ms: float, quiet_ms: float = QUIET_MS
) -> float:
    """The end of the last long task before the first `quiet_ms` without long tasks after
    first contentful paint (FCP itself when none follows it).

    >>> quiet_window_start([LongTask(900, 100), LongTask(1500, 80), LongTask(5000, 60)],
    ...                    fcp_ms=1000)
    1580
    """
    start = fcp_ms
    for task in sorted(tasks, key=lambda t: t.start_ms):
        if task.end_ms <= start:
            continue
        if task.start_ms - start >= quiet_ms:
            break
        start = task.end_ms
    return start


def time_to_interactive(
    tasks: Sequence[LongTask], *, fcp_ms: float, dcl_ms: float, quiet_ms: float = QUIET_MS
) -> float:
    """Lighthouse's time to interactive with a `quiet_ms` window (network quiet not
    required), floored at DOMContentLoaded.

    >>> time_to_interactive([], fcp_ms=300, dcl_ms=420)
    420
    """
    return max(quiet_window_start(tasks, fcp_ms=fcp_ms, quiet_ms=quiet_ms), dcl_ms)


def total_blocking_time(tasks: Sequence[LongTask], *, fcp_ms: float, tti_ms: float) -> float:
    """Sum over long tasks between FCP and TTI of their time above 50 ms, each task clipped
    to that span (as Lighthouse does).

    >>> total_blocking_time([LongTask(0, 200), LongTask(500, 120), LongTask(900, 60)],
    ...                     fcp_ms=100, tti_ms=960)
    130.0
    """
    blocking = 0.0
    for task in tasks:
        clipped = min(task.end_ms, tti_ms) - max(task.start_ms, fcp_ms)
        if clipped > LONG_TASK_MS:
            blocking += clipped - LONG_TASK_MS
    return blocking


def frame_gap_p95(frames_ms: Sequence[float]) -> float:
    """The 95th percentile of the gaps between consecutive frame timestamps.

    >>> frame_gap_p95([0, 16.7, 33.4, 50.1, 116.8])
    59.2
    """
    ordered = sorted(frames_ms)
    if len(ordered) < 2:
        raise ValueError("fewer than two frames")
    gaps = [b - a for a, b in zip(ordered, ordered[1:], strict=False)]
    return round(percentile(gaps, 95), 2)


@dataclass(frozen=True)
class PageRun:
    """One cold-browser visit of a page. `tti_ms` is None when no quiet window came in the
    time the run waits; `pan_zoom_p95_ms` is None on a page without a chart."""

    first_render_ms: float
    fcp_ms: float
    tti_ms: float | None
    tbt_ms: float
    click_ms: float
    pan_zoom_p95_ms: float | None
    js_kb: float
    off_origin: tuple[str, ...]
    chunks_kb: dict[str, float]
    """Each script file's gzip size, by name."""
    longest_task_ms: float
    blocking_scripts: tuple[str, ...]
    """The scripts behind the longest animation frames: ms, source, function, invoker."""
    slowest_api: tuple[str, ...]
    """The slowest API calls by the time the page went quiet: ms, path, KB."""


@dataclass(frozen=True)
class Figure:
    """A figure of the table: its field in `PageRun` (ms, KB or a count), its label, the
    target (None: reported only), the display scale and digits, and whether runs combine
    by their worst (maximum) instead of their median."""

    key: str
    label: str
    target: float | None
    scale: float = 1.0
    digits: int = 0
    worst: bool = False


FIGURES = (
    Figure("first_render_ms", "first render s", 1000.0, 0.001, 2),
    Figure("fcp_ms", "first contentful paint s", None, 0.001, 2),
    Figure("tti_ms", "interactive (2 s quiet) s", None, 0.001, 2),
    Figure("tbt_ms", "total blocking time ms", None),
    Figure("click_ms", "click → next paint ms", 100.0),
    Figure("pan_zoom_p95_ms", "pan/zoom frame gap p95 ms", 50.0, 1.0, 1),
    Figure("js_kb", "JS transferred KB gzip", 350.0, 1.0, 1),
    Figure("off_origin", "requests off the origin", 0.0, worst=True),
)


def value_of(run: PageRun, figure: Figure) -> float | None:
    raw = getattr(run, figure.key)
    if isinstance(raw, tuple):
        return float(len(raw))
    return None if raw is None else float(raw)


def combine(runs: Sequence[PageRun], figure: Figure) -> float | None:
    """The median over runs (the maximum for a `worst` figure); None when no run has it.

    >>> combine([], FIGURES[0]) is None
    True
    """
    values = [v for v in (value_of(r, figure) for r in runs) if v is not None]
    if not values:
        return None
    return max(values) if figure.worst else statistics.median(values)


def is_met(figure: Figure, value: float | None) -> bool | None:
    """Whether `value` meets the figure's target; None without a target or a value.

    >>> is_met(FIGURES[0], 980.0), is_met(FIGURES[4], 120.0), is_met(FIGURES[1], 10.0)
    (True, False, None)
    """
    if figure.target is None or value is None:
        return None
    return value <= figure.target


def cell(figure: Figure, value: float | None) -> str:
    """A table cell: the value in the figure's unit and ``ok`` or ``MISS`` against its target.

    >>> cell(FIGURES[0], 1234.0), cell(FIGURES[6], 212.44), cell(FIGURES[5], None)
    ('1.23 MISS', '212.4 ok', '—')
    """
    if value is None:
        return "—"
    text = f"{value * figure.scale:.{figure.digits}f}"
    met = is_met(figure, value)
    return text if met is None else f"{text} {'ok' if met else 'MISS'}"


def target_text(figure: Figure) -> str:
    """The target as the table shows it (empty without one).

    >>> target_text(FIGURES[0]), target_text(FIGURES[7]), target_text(FIGURES[2])
    ('≤ 1.00', '≤ 0', '')
    """
    if figure.target is None:
        return ""
    return f"≤ {figure.target * figure.scale:.{figure.digits}f}"


def table_rows(pages: Sequence[Sequence[PageRun]]) -> list[list[str]]:
    """One row per figure: its label, the target and each page's combined value."""
    return [
        [f.label, target_text(f), *(cell(f, combine(runs, f)) for runs in pages)] for f in FIGURES
    ]
