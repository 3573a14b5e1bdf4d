"""Validate imported incentive-score rows: one `ScoreRow` per valid row, a `RowError` for
every problem of every other row."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from graph.errors import RowError
from seeds.tabular import Table

SCORE_COLUMNS = {
    "retailer": ("retailer", "retailer_id", "客户编码", "客户代码"),
    "staff": ("staff", "staff_id", "employee_no", "评分人", "员工编号"),
    "month": ("month", "月份"),
    "law_abiding": ("law_abiding", "守法经营", "守法性"),
    "cooperation": ("cooperation", "合作配合", "合作性"),
    "constructive": ("constructive", "建设性"),
    "growth": ("growth", "成长性"),
}
"""Field → the headers (English or Chinese) that name it; `staff` may be left empty for the
importing account's own staff member."""
CRITERIA = ("law_abiding", "cooperation", "constructive", "growth")
REQUIRED = ("retailer", "month", *CRITERIA)


@dataclass(frozen=True)
class ScoreRow:
    """A valid row: its line, the column to blame for a scope problem, and its values."""

    line: int
    column: str
    retailer_id: str
    staff_id: str | None
    month: str
    values: tuple[float, float, float, float]


def map_score_columns(header: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """(field → file column, ignored column → why).

    >>> map_score_columns(["客户编码", "评分人", "月份", "守法经营", "备注"])
    ({'retailer': '客户编码', 'staff': '评分人', 'month': '月份', 'law_abiding': '守法经营'}, \
{'备注': 'unknown column'})
    """
    found, ignored = {}, {}
    for col in header:
        key = col.strip().lower()
        name = next((n for n, names in SCORE_COLUMNS.items() if key in names), None)
        if name and name not in found:
            found[name] = col
        elif col:
            ignored[col] = "duplicate column" if name else "unknown column"
    return found, ignored


def _month(text: str) -> str | None:
    if len(text) != 7:
        return None
    try:
        date.fromisoformat(text + "-01")
    except ValueError:
        return None
    return text


def _score(text: str) -> float | str:
    """The score, or why it is not one."""
    if text == "":
        return "empty"
    try:
        value = float(text)
    except ValueError:
        return f"{text!r} is not a number"
    if not math.isfinite(value) or not 0 <= value <= 100:
        return f"{text} is not a score from 0 to 100"
    return value


def _row(line: int, cells: dict[str, str], cols: dict[str, str]) -> ScoreRow | list[RowError]:
    errors = []
    retailer = cells.get(cols["retailer"], "")
    if not retailer:
        errors.append(RowError(line, cols["retailer"], "empty"))
    month = _month(cells.get(cols["month"], ""))
    if month is None:
        errors.append(
            RowError(line, cols["month"], f"{cells.get(cols['month'], '')!r} is not YYYY-MM")
        )
    values = []
    for field in CRITERIA:
        value = _score(cells.get(cols[field], ""))
        if isinstance(value, str):
            errors.append(RowError(line, cols[field], value))
        else:
            values.append(value)
    if errors or month is None:
        return errors
    staff = cells.get(cols["staff"], "") if "staff" in cols else ""
    column = cols.get("staff", cols["retailer"])
    law, coop, constructive, growth = values
    return ScoreRow(line, column, retailer, staff or None, month, (law, coop, constructive, growth))


def validate_scores(table: Table) -> tuple[list[ScoreRow], list[RowError], dict[str, str]]:
    """(valid rows, every problem of the others, ignored columns) of a scores file.

    >>> from seeds.tabular import read_table
    >>> head = b"retailer,staff,month,law_abiding,cooperation,constructive,growth\\n"
    >>> body = b"R1,S1,2026-10,90,80,70,60\\nR2,S1,2026-13,90,80,170,x\\n"
    >>> t = read_table(head + body, filename="s.csv")
    >>> rows, errors, _ = validate_scores(t)
    >>> [r.values for r in rows], [str(e) for e in errors]  # doctest: +NORMALIZE_WHITESPACE
    ([(90.0, 80.0, 70.0, 60.0)], ["line 3, column month: '2026-13' is not YYYY-MM",
     'line 3, column constructive: 170 is not a score from 0 to 100',
     "line 3, column growth: 'x' is not a number"])
    """
    cols, ignored = map_score_columns(table.header)
    errors = list(table.errors)
    missing = [c for c in REQUIRED if c not in cols]
    if missing:
        errors += [
            RowError(line, "(file)", f"missing column(s): {', '.join(missing)}")
            for line, _ in table.rows
        ]
        return [], errors, ignored
    errors += [
        RowError(line, "(row)", "cells beyond the last named column") for line in table.overflow
    ]
    rows = []
    for line, cells in table.rows:
        parsed = _row(line, cells, cols)
        if isinstance(parsed, list):
            errors += parsed
        elif line not in table.overflow:
            rows.append(parsed)
    return rows, errors, ignored
