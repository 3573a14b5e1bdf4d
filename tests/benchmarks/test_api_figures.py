"""`benchmarks.api_figures`: percentiles, a phase's summary, its targets and table rows."""

from __future__ import annotations

import pytest

from benchmarks.api_figures import (
    ALL,
    AREA_GRAPH,
    COLUMNS,
    RETAILER_GET,
    WHO_SERVES,
    Target,
    met,
    percentile,
    summarise,
    table_rows,
)
from benchmarks.api_plan import Sample


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([3.0, 1.0, 2.0], 0, 1.0),
        ([3.0, 1.0, 2.0], 100, 3.0),
        ([3.0, 1.0, 2.0], 50, 2.0),
        ([float(v) for v in range(1, 101)], 95, 95.05),
        ([float(v) for v in range(1, 101)], 99, 99.01),
        ([7.0], 95, 7.0),
    ],
)
def test_percentiles_interpolate_between_the_closest_ranks(
    values: list[float], q: float, expected: float
) -> None:
    assert percentile(values, q) == pytest.approx(expected)


@pytest.mark.parametrize(("values", "q"), [([], 50), ([1.0], -1), ([1.0], 101)])
def test_a_percentile_of_nothing_or_out_of_range_is_refused(values: list[float], q: float) -> None:
    with pytest.raises(ValueError):
        percentile(values, q)


def _samples() -> list[Sample]:
    graph = [Sample(AREA_GRAPH, float(ms)) for ms in range(1, 101)]
    record = [Sample(RETAILER_GET, 10.0)] * 19 + [Sample(RETAILER_GET, 90.0, "HTTP 409 conflict")]
    team = [Sample(WHO_SERVES, 5.0)] * 10
    return team + record + graph


def test_a_phase_is_summed_up_per_endpoint_in_the_table_order() -> None:
    phase = summarise("p1", _samples(), users=50, seconds=10.0, target=Target(50, True))
    assert [e.name for e in phase.endpoints] == [AREA_GRAPH, RETAILER_GET, WHO_SERVES]
    graph, record, team = phase.endpoints
    assert (graph.requests, graph.rps, graph.errors, graph.p50_ms, graph.p95_ms) == (
        100,
        10.0,
        0,
        50.5,
        95.0,
    )
    assert (record.requests, record.errors, record.p50_ms, record.p99_ms) == (20, 1, 10.0, 74.8)
    assert (team.p50_ms, team.p95_ms) == (5.0, 5.0)
    assert (phase.total.name, phase.total.requests, phase.total.errors) == (ALL, 130, 1)
    assert phase.total.rps == 13.0
    assert phase.failures == (("HTTP 409 conflict", 1),)


def test_endpoints_outside_the_known_ones_come_last_by_name() -> None:
    samples = [Sample("zeta", 1.0), Sample("alpha", 1.0), Sample(WHO_SERVES, 1.0)]
    phase = summarise("p", samples, users=1, seconds=1.0, target=Target(None, False))
    assert [e.name for e in phase.endpoints] == [WHO_SERVES, "alpha", "zeta"]


def test_a_phase_without_requests_is_refused() -> None:
    with pytest.raises(ValueError, match="no request"):
        summarise("empty", [], users=5, seconds=1.0, target=Target(50, True))


def test_the_table_marks_each_target_and_says_by_how_much_it_is_missed() -> None:
    phase = summarise("p1", _samples(), users=50, seconds=10.0, target=Target(50, True))
    rows = table_rows(phase)
    assert all(len(r) == len(COLUMNS) for r in rows)
    cells = {r[0]: r[-1] for r in rows}
    assert cells == {
        AREA_GRAPH: "≤ 50 ✗ +45.0",
        RETAILER_GET: "≤ 50 ✓",
        WHO_SERVES: "",
        ALL: "0 err ✗ 1",
    }
    assert not met(phase)


def test_a_phase_within_its_targets_is_met() -> None:
    fast = [Sample(AREA_GRAPH, 20.0), Sample(RETAILER_GET, 140.0), Sample(WHO_SERVES, 900.0)]
    phase = summarise("p2", fast, users=3, seconds=1.0, target=Target(150, False))
    assert met(phase)
    assert table_rows(phase)[-1][-1] == ""
    saturated = summarise("p3", fast, users=3, seconds=1.0, target=Target(None, True))
    assert met(saturated) and table_rows(saturated)[-1][-1] == "0 err ✓"
