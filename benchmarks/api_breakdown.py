"""Where a request's time goes, measured in-process before any tuning: the store reads (on a
session already used, and what a new session per request adds, as the API opens one per
request), the layout (cached; its first computation apart), building the answer, `to_data`
and the JSON text, and (added once the server runs) what one client waits over HTTP."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, replace

from graph.area_layout import LayoutInput, Position
from graph.database import Database
from graph.layout_cache import LayoutCache
from graph.queries import Query
from graph.rows import Row
from graph.serialise import to_data
from graph.session import Session

FIGURES = (
    ("store reads", "store_reads_ms"),
    ("+ new session", "new_session_ms"),
    ("layout (cached)", "layout_ms"),
    ("layout, 1st time", "layout_first_ms"),
    ("assembly", "assembly_ms"),
    ("to_data", "to_data_ms"),
    ("json.dumps", "json_ms"),
    ("in-process", "in_process_ms"),
    ("HTTP, 1 client", "http_ms"),
)
"""The breakdown's rows: a label and the `BreakdownRow` field it shows."""
Call = Callable[[Session, LayoutCache], object]
"""A service call on the given session and layout cache, as its endpoint makes it."""


class TimedSession:
    """A session that adds up the time spent in its reads."""

    def __init__(self, inner: Session) -> None:
        self.inner = inner
        self.dialect = inner.dialect
        self.read_s = 0.0

    def read(self, query: Query, **params: object) -> list[Row]:
        started = time.perf_counter()
        try:
            return self.inner.read(query, **params)
        finally:
            self.read_s += time.perf_counter() - started

    def write(self, query: Query, rows: Sequence[Mapping[str, object]]) -> int:
        return self.inner.write(query, rows)

    @contextmanager
    def transaction(self, *, counted: bool = True) -> Iterator[Session]:
        with self.inner.transaction(counted=counted):
            yield self

    def clear(self) -> None:
        self.inner.clear()

    def released(self) -> AbstractContextManager[None]:
        return self.inner.released()


class TimedLayouts(LayoutCache):
    """A layout cache that adds up the time spent answering for positions."""

    spent_s = 0.0

    def positions(self, area: str, spec: LayoutInput) -> Mapping[str, Position]:
        started = time.perf_counter()
        try:
            return super().positions(area, spec)
        finally:
            self.spent_s += time.perf_counter() - started


@dataclass(frozen=True)
class Split:
    """One call's seconds: reads, layout, the whole service call, to_data, json.dumps; and
    the reads of the same call on a new session (None: not measured)."""

    reads_s: float
    layout_s: float
    service_s: float
    to_data_s: float
    json_s: float
    new_session_reads_s: float | None = None


def split_call(call: Call, session: Session, layouts: TimedLayouts) -> Split:
    """Time one service call and the serialisation of its answer as `api.responses` does."""
    timed = TimedSession(session)
    layouts.spent_s = 0.0
    started = time.perf_counter()
    value = call(timed, layouts)
    served = time.perf_counter()
    data = to_data(value)
    converted = time.perf_counter()
    json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    done = time.perf_counter()
    service_s, to_data_s, json_s = served - started, converted - served, done - converted
    return Split(timed.read_s, layouts.spent_s, service_s, to_data_s, json_s)


@dataclass(frozen=True)
class BreakdownRow:
    """Medians in milliseconds; `layout_first_ms` is the layout's first computation (None:
    the endpoint has no layout); `http_ms` the median over HTTP with nothing else running."""

    endpoint: str
    calls: int
    store_reads_ms: float
    new_session_ms: float
    layout_ms: float | None
    layout_first_ms: float | None
    assembly_ms: float
    to_data_ms: float
    json_ms: float
    in_process_ms: float
    http_ms: float | None = None


def _ms(values: Sequence[float]) -> float:
    return round(statistics.median(values) * 1000, 2)


def breakdown_row(
    endpoint: str, splits: Sequence[Split], *, first_layouts: Sequence[float] = ()
) -> BreakdownRow:
    """The medians of `splits`; `first_layouts` are seconds of cold layout computations.
    The in-process total is a request's as the API serves it: on a new session."""
    has_layout = any(s.layout_s for s in splits) or bool(first_layouts)
    added = [(s.new_session_reads_s or s.reads_s) - s.reads_s for s in splits]
    return BreakdownRow(
        endpoint,
        len(splits),
        _ms([s.reads_s for s in splits]),
        _ms(added),
        _ms([s.layout_s for s in splits]) if has_layout else None,
        _ms(first_layouts) if first_layouts else None,
        _ms([s.service_s - s.reads_s - s.layout_s for s in splits]),
        _ms([s.to_data_s for s in splits]),
        _ms([s.json_s for s in splits]),
        _ms([s.service_s + a + s.to_data_s + s.json_s for s, a in zip(splits, added)]),
    )


def breakdown_table(rows: Sequence[BreakdownRow]) -> tuple[list[str], list[list[object]]]:
    """Columns (one per endpoint) and rows (one per figure, then the HTTP overhead: what one
    client waits beyond the in-process total); None where a figure does not apply.

    >>> row = BreakdownRow("GET /x", 5, 2.0, 0.0, None, None, 1.0, 0.5, 0.25, 3.75, 6.0)
    >>> columns, table = breakdown_table([row])
    >>> columns, table[0], table[-1]
    (['median ms of 5 calls', 'GET /x'], ['store reads', 2.0], ['HTTP overhead', 2.25])
    """
    calls = sorted({r.calls for r in rows})
    columns = [f"median ms of {'/'.join(map(str, calls))} calls", *(r.endpoint for r in rows)]
    table: list[list[object]] = [
        [label, *(getattr(r, name) for r in rows)] for label, name in FIGURES
    ]
    overhead = [None if r.http_ms is None else round(r.http_ms - r.in_process_ms, 2) for r in rows]
    return columns, [*table, ["HTTP overhead", *overhead]]


def measure(
    database: Database,
    endpoint: str,
    calls: Sequence[Call],
    layouts: TimedLayouts,
) -> BreakdownRow:
    """Time each call three times: once to warm up (the layouts not yet cached are kept
    apart, as first computations), then on the same session, then on a new session each."""
    first: list[float] = []
    with database.session() as session:
        for call in calls:
            computed = layouts.computed
            split = split_call(call, session, layouts)
            if layouts.computed > computed:
                first.append(split.layout_s)
        warm = [split_call(call, session, layouts) for call in calls]
        splits = []
        for call, split in zip(calls, warm):
            with database.session() as new:
                reads_s = split_call(call, new, layouts).reads_s
            splits.append(replace(split, new_session_reads_s=reads_s))
    return breakdown_row(endpoint, splits, first_layouts=first)
