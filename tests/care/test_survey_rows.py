"""Every bad cell of an answers file is reported with its line and column."""

from __future__ import annotations

from datetime import date

from care.survey_rows import Known, validate_answers
from seeds.tabular import read_table

KNOWN = Known(
    retailers=frozenset({"R1", "R2"}),
    items=frozenset({"goods_intact", "ordering_ease", "call_courtesy"}),
    wave_items={"W1": frozenset({"goods_intact", "ordering_ease"})},
    wave="W1",
    today=date(2026, 12, 3),
)
HEADER = "retailer,item,importance,satisfaction,kano_functional,kano_dysfunctional"


def _validate(text: str) -> tuple[list[str], list[tuple[int, str, str]]]:
    rows = validate_answers(read_table(text.encode(), filename="a.csv"), KNOWN)
    return [a.id for a in rows.answers], [(e.line, e.column, e.message) for e in rows.errors]


def test_valid_rows_become_answers() -> None:
    ids, errors = _validate(f"{HEADER}\nR1,goods_intact,5,3,1,5\nR2,ordering_ease,4,4,3,3\n")
    assert ids == ["W1:R1:goods_intact", "W1:R2:ordering_ease"] and errors == []


def test_chinese_headers_are_accepted() -> None:
    header = "客户编码,调查项目,重要度,满意度,正向问题,反向问题,答卷日期"
    text = f"{header}\nR1,goods_intact,5,3,1,5,2026-11-30\n"
    rows = validate_answers(read_table(text.encode(), filename="a.csv"), KNOWN)
    assert [(a.retailer_id, a.importance, a.answered_on) for a in rows.answers] == [
        ("R1", 5, date(2026, 11, 30))
    ]


def test_every_bad_cell_is_a_row_error() -> None:
    text = (
        f"{HEADER}\n"
        "R9,goods_intact,5,3,1,5\n"  # unknown retailer
        "R1,nope,5,3,1,5\n"  # unknown item
        "R1,call_courtesy,5,3,1,5\n"  # not an item of wave W1
        "R1,goods_intact,0,6,x,2.5\n"  # four bad scores
        "R2,goods_intact,5,,1,5\n"  # an empty score
        "R1,ordering_ease,5,3,1,5\n"
        "R1,ordering_ease,4,3,1,5\n"  # the same retailer, item and wave again
    )
    ids, errors = _validate(text)
    assert ids == ["W1:R1:ordering_ease"]
    columns = [(line, col) for line, col, _ in errors]
    assert columns == [
        (2, "retailer"),
        (3, "item"),
        (4, "item"),
        (5, "importance"),
        (5, "satisfaction"),
        (5, "kano_functional"),
        (5, "kano_dysfunctional"),
        (6, "satisfaction"),
        (8, "item"),
    ]
    assert "unknown retailer R9" in errors[0][2]
    assert "already on line 7" in errors[-1][2]


def test_a_wave_column_and_dates_are_checked() -> None:
    text = (
        f"{HEADER},wave,answered_on\n"
        "R1,call_courtesy,5,3,1,5,W2,2026-11-01\n"  # wave W2 is not planned: any item
        "R1,goods_intact,5,3,1,5,a:b,2026-11-01\n"
        "R1,goods_intact,5,3,1,5,W1,2027-01-01\n"
        "R1,goods_intact,5,3,1,5,W1,soon\n"
    )
    ids, errors = _validate(text)
    assert ids == ["W2:R1:call_courtesy"]
    assert [(line, col) for line, col, _ in errors] == [
        (3, "wave"),
        (4, "answered_on"),
        (5, "answered_on"),
    ]


def test_a_missing_column_rejects_every_row() -> None:
    ids, errors = _validate("retailer,item,importance\nR1,goods_intact,5\n")
    assert ids == [] and errors[0][:2] == (2, "(file)")
    assert "satisfaction" in errors[0][2]
