"""`benchmarks.api_breakdown` and `benchmarks.api_plan`: the time split and the files the
load generator reads and writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.api_breakdown import (
    FIGURES,
    Split,
    TimedLayouts,
    TimedSession,
    breakdown_row,
    breakdown_table,
    measure,
)
from benchmarks.api_plan import (
    Account,
    LoadPlan,
    LoadResult,
    Sample,
    read_plan,
    read_result,
    write_json,
)
from graph.database import Database
from graph.layout_cache import LayoutCache
from graph.queries import Query
from graph.session import Session


def test_a_row_takes_medians_and_leaves_reads_and_layout_out_of_the_assembly() -> None:
    splits = [
        Split(0.010, layout_s=0.001, service_s=0.020, to_data_s=0.004, json_s=0.002),
        Split(0.030, layout_s=0.003, service_s=0.040, to_data_s=0.006, json_s=0.002),
    ]
    row = breakdown_row("area graph", splits, first_layouts=[0.5, 0.7, 0.9])
    assert (row.calls, row.store_reads_ms, row.layout_ms, row.layout_first_ms) == (
        2,
        20.0,
        2.0,
        700.0,
    )
    assert (row.assembly_ms, row.to_data_ms, row.json_ms, row.in_process_ms) == (
        8.0,
        5.0,
        2.0,
        37.0,
    )
    assert row.new_session_ms == 0.0


def test_what_a_new_session_adds_to_the_reads_counts_in_the_total() -> None:
    splits = [Split(0.010, 0.0, 0.012, 0.001, 0.001, new_session_reads_s=0.030)]
    row = breakdown_row("retailer get", splits)
    assert (row.store_reads_ms, row.new_session_ms, row.in_process_ms) == (10.0, 20.0, 34.0)


def test_an_endpoint_without_a_layout_shows_none_for_it() -> None:
    row = breakdown_row("retailer get", [Split(0.002, 0.0, 0.003, 0.001, 0.001)])
    assert row.layout_ms is None and row.layout_first_ms is None
    columns, table = breakdown_table([row])
    assert columns == ["median ms of 1 calls", "retailer get"]
    assert [r[0] for r in table] == [label for label, _ in FIGURES] + ["HTTP overhead"]
    assert table[-1] == ["HTTP overhead", None]


def test_the_timed_session_adds_up_its_reads_and_hands_them_on(session: Session) -> None:
    timed = TimedSession(session)
    assert timed.read(Query.NODE_COUNTS) == session.read(Query.NODE_COUNTS)
    with timed.transaction() as inner:
        assert inner is timed
        inner.read(Query.NODE_COUNTS)
    assert timed.read_s > 0


def test_plans_and_results_survive_their_json_files(tmp_path: Path) -> None:
    lead = Account("bench-lead-A01", "secret-pw", "A01", ("R1", "R2"))
    plan = LoadPlan(
        "http://127.0.0.1:1", 50, 60.0, True, (lead,), Account("s", "p"), Account("p", "p"),
        ("A01", "A02"), "2026-12-07",
    )  # fmt: skip
    write_json(tmp_path / "plan.json", plan)
    assert read_plan(tmp_path / "plan.json") == plan
    result = LoadResult(60.1, 50, 49, (Sample("area graph", 12.5), Sample("x", 3.0, "HTTP 500")))
    write_json(tmp_path / "result.json", result)
    assert read_result(tmp_path / "result.json") == result


@pytest.mark.parametrize("figure", [name for _, name in FIGURES])
def test_every_figure_names_a_field_of_the_row(figure: str) -> None:
    row = breakdown_row("x", [Split(0.001, 0.0, 0.002, 0.0, 0.0)])
    assert hasattr(row, figure)


def test_each_call_is_timed_on_the_same_and_on_a_new_session(db: Database) -> None:
    layouts = TimedLayouts()
    sessions: list[int] = []

    def call(session: Session, _layouts: LayoutCache) -> object:
        assert isinstance(session, TimedSession)
        sessions.append(id(session.inner))
        return session.read(Query.NODE_COUNTS)

    row = measure(db, "node counts", [call, call], layouts)
    assert row.calls == 2 and row.layout_ms is None and row.store_reads_ms > 0
    warm_up, same, new = sessions[:2], sessions[2:4], sessions[4:]
    assert len(set(warm_up + same)) == 1 and len(new) == 2 and not set(new) & set(same)
