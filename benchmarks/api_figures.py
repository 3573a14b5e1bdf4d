"""Figures of an API load phase: percentiles per endpoint, the targets and the table rows."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from benchmarks.api_plan import Sample

AREA_GRAPH = "area graph"
AREA_GRAPH_DAY = "area graph ?date"
RETAILER_GET = "retailer get"
RETAILER_LIST = "retailer list"
WHO_SERVES = "who serves"
ROUTES_OF_DAY = "routes of day"
CHANGE_REQUEST = "change request"
PENDING = "pending requests"
APPROVE = "approve request"
SIGN_IN = "sign in"
ENDPOINTS = {
    AREA_GRAPH: "GET /api/areas/{code}/graph",
    AREA_GRAPH_DAY: "GET /api/areas/{code}/graph?date=",
    RETAILER_GET: "GET /api/retailers/{id}",
    RETAILER_LIST: "GET /api/retailers?area=&limit=50&offset=",
    WHO_SERVES: "GET /api/retailers/{id}/team",
    ROUTES_OF_DAY: "GET /api/routes?date=",
    CHANGE_REQUEST: "PATCH /api/retailers/{id} (a team lead: a change request)",
    PENDING: "GET /api/change-requests?limit=20",
    APPROVE: "POST /api/change-requests/{id}/approve",
}
"""Each endpoint's short name and request, in the table's order; the p95 targets apply to
the area subgraph and the retailer record."""
TARGETED = frozenset({AREA_GRAPH, AREA_GRAPH_DAY, RETAILER_GET})
COLUMNS = ["endpoint", "reqs", "req/s", "err", "p50", "p95", "p99", "target"]
"""The phase table's columns; latencies in milliseconds."""
ALL = "all"


def format_ms(ms: float) -> str:
    """Milliseconds to the tenth below 100, whole above (a table stays narrow).

    >>> format_ms(7.25), format_ms(99.94), format_ms(1398.9)
    ('7.2', '99.9', '1399')
    """
    return f"{ms:.0f}" if ms >= 100 else f"{ms:.1f}"


def percentile(values: Sequence[float], q: float) -> float:
    """The `q`-th percentile (0–100) of `values`, interpolated between the closest ranks.

    >>> percentile([10.0, 20.0, 30.0, 40.0], 50), percentile([5.0], 99)
    (25.0, 5.0)
    """
    if not values:
        raise ValueError("no values")
    if not 0 <= q <= 100:
        raise ValueError(f"percentile {q} is outside 0–100")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass(frozen=True)
class EndpointFigures:
    name: str
    requests: int
    errors: int
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float


@dataclass(frozen=True)
class Target:
    """A phase's targets: p95 of the `TARGETED` endpoints at most `p95_ms` (None: no
    latency target), and no failed request at all when `zero_errors`."""

    p95_ms: float | None
    zero_errors: bool


@dataclass(frozen=True)
class PhaseFigures:
    title: str
    users: int
    seconds: float
    target: Target
    total: EndpointFigures
    endpoints: tuple[EndpointFigures, ...]
    failures: tuple[tuple[str, int], ...]
    """The most frequent failure messages with their counts."""


def figures_of(name: str, samples: Sequence[Sample], seconds: float) -> EndpointFigures:
    """Request count, errors, requests per second and percentiles of one endpoint's samples."""
    ms = [s.ms for s in samples]
    return EndpointFigures(
        name,
        len(samples),
        sum(s.error is not None for s in samples),
        round(len(samples) / seconds, 1) if seconds > 0 else 0.0,
        round(percentile(ms, 50), 1),
        round(percentile(ms, 95), 1),
        round(percentile(ms, 99), 1),
    )


def summarise(
    title: str, samples: Sequence[Sample], *, users: int, seconds: float, target: Target
) -> PhaseFigures:
    """A phase's figures: all requests, then each endpoint in `ENDPOINTS` order (others after,
    by name), and its five most frequent failures."""
    if not samples:
        raise ValueError(f"{title}: no request was measured")
    by_name: dict[str, list[Sample]] = defaultdict(list)
    for s in samples:
        by_name[s.name].append(s)
    order = [n for n in ENDPOINTS if n in by_name] + sorted(set(by_name) - set(ENDPOINTS))
    failures = Counter(s.error for s in samples if s.error is not None).most_common(5)
    return PhaseFigures(
        title,
        users,
        round(seconds, 1),
        target,
        figures_of(ALL, samples, seconds),
        tuple(figures_of(n, by_name[n], seconds) for n in order),
        tuple((str(message), count) for message, count in failures),
    )


def verdict(row: EndpointFigures, target: Target, *, total: bool = False) -> str:
    """The target column of one row: the p95 asked (ms) or no errors, ✓ when met, else ✗
    and by how much.

    >>> verdict(EndpointFigures(RETAILER_GET, 10, 0, 1.0, 9.0, 62.5, 70.0), Target(50, True))
    '≤ 50 ✗ +12.5'
    >>> verdict(EndpointFigures(RETAILER_GET, 10, 0, 1.0, 9.0, 983.5, 990.0), Target(150, True))
    '≤ 150 ✗ +834'
    >>> verdict(EndpointFigures(ALL, 10, 0, 1.0, 9, 9, 9), Target(50, True), total=True)
    '0 err ✓'
    """
    if total:
        if not target.zero_errors:
            return ""
        return "0 err ✓" if row.errors == 0 else f"0 err ✗ {row.errors}"
    if target.p95_ms is None or row.name not in TARGETED:
        return ""
    over = row.p95_ms - target.p95_ms
    return f"≤ {target.p95_ms:g} ✓" if over <= 0 else f"≤ {target.p95_ms:g} ✗ +{format_ms(over)}"


def met(phase: PhaseFigures) -> bool:
    """Whether every target of the phase is met."""
    cells = [verdict(phase.total, phase.target, total=True)]
    cells += [verdict(e, phase.target) for e in phase.endpoints]
    return not any("✗" in c for c in cells)


def table_rows(phase: PhaseFigures) -> list[list[object]]:
    """The rows under `COLUMNS`: every endpoint, then all requests together."""

    def row(e: EndpointFigures, cell: str) -> list[object]:
        latencies = (format_ms(ms) for ms in (e.p50_ms, e.p95_ms, e.p99_ms))
        return [e.name, e.requests, e.rps, e.errors, *latencies, cell]

    rows = [row(e, verdict(e, phase.target)) for e in phase.endpoints]
    return rows + [row(phase.total, verdict(phase.total, phase.target, total=True))]
