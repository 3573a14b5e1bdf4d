"""Validation of a logged interaction and the record it becomes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from care.interactions import InteractionInput, build_interaction, parse_time, problems
from graph.errors import InvalidInput

DAY = date(2026, 11, 23)
VISIT = InteractionInput(
    kind="visit",
    retailer_id="R1",
    staff_id="M1",
    day=DAY,
    started_at="2026-11-23 09:30",
    ended_at="2026-11-23T09:50",
    checkin_lon=117.2,
    checkin_lat=31.8,
    tasks=("stock", "display"),
)


def _fields(item: InteractionInput) -> set[str]:
    return {f for f, _ in problems(item)}


def test_a_valid_visit_becomes_a_record_with_a_stable_id() -> None:
    record = build_interaction(VISIT, logged_by="u", logged_at="2026-11-23T10:00", source="api")
    assert record.id == "visit:M1:R1:2026-11-23T09:30"
    assert (record.role, record.started_at, record.tasks) == (
        "manager",
        "2026-11-23T09:30",
        "display,stock",
    )
    again = build_interaction(VISIT, logged_by="v", logged_at="2026-11-24T10:00", source="import")
    assert again.id == record.id
    call = InteractionInput(kind="call", retailer_id="R1", staff_id="A1", day=DAY, reached=True)
    assert build_interaction(call, logged_by="u", logged_at="", source="api").id == (
        "call:A1:R1:2026-11-23"
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "chat"}, "kind"),
        ({"status": "maybe"}, "status"),
        ({"ended_at": "2026-11-23T09:00"}, "ended_at"),
        ({"started_at": "9:30"}, "started_at"),
        ({"started_at": "2026-11-24T09:30", "ended_at": "2026-11-24T09:50"}, "started_at"),
        ({"checkin_lat": None}, "checkin_lat"),
        ({"checkin_lon": 190.0}, "checkin_lon"),
        ({"tasks": ("dance",)}, "tasks"),
        ({"reached": True}, "reached"),
        ({"ended_at": ""}, "ended_at"),
        ({"retailer_id": " "}, "retailer_id"),
    ],
)
def test_each_problem_is_named_with_its_field(change: dict[str, object], field: str) -> None:
    assert field in _fields(replace(VISIT, **change))  # type: ignore[arg-type]


def test_a_call_refuses_a_check_in_and_build_lists_every_problem() -> None:
    call = replace(VISIT, kind="call", tasks=())
    assert _fields(call) == {"checkin_lon", "checkin_lat"}
    with pytest.raises(InvalidInput, match="checkin_lat does not belong to a call"):
        build_interaction(call, logged_by="u", logged_at="", source="api")
    missed = replace(
        VISIT, status="missed", started_at="", ended_at="", checkin_lon=None, checkin_lat=None
    )
    assert problems(missed) == []


def test_a_time_with_a_zone_is_refused_not_compared() -> None:
    with pytest.raises(InvalidInput, match="without a zone"):
        parse_time("2026-11-23T09:30+08:00")
