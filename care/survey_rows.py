"""Validate a survey answers file: `SurveyAnswer` records out, a `RowError` for every problem
of every rejected row (scores outside 1–5, unknown items or retailers, a retailer answering
an item twice in one wave)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from graph.care_model import SurveyAnswer
from graph.errors import RowError
from seeds.tabular import Table

ANSWER_COLUMNS = {
    "retailer": ("retailer", "retailer_id", "客户编码", "客户代码"),
    "item": ("item", "调查项目", "项目"),
    "importance": ("importance", "重要度", "重要性"),
    "satisfaction": ("satisfaction", "满意度"),
    "kano_functional": ("kano_functional", "functional", "正向问题"),
    "kano_dysfunctional": ("kano_dysfunctional", "dysfunctional", "反向问题"),
    "wave": ("wave", "调查批次", "批次"),
    "answered_on": ("answered_on", "date", "答卷日期", "日期"),
}
REQUIRED = (
    "retailer",
    "item",
    "importance",
    "satisfaction",
    "kano_functional",
    "kano_dysfunctional",
)
SCORES = REQUIRED[2:]


@dataclass(frozen=True)
class AnswerRows:
    answers: list[SurveyAnswer]
    lines: list[int]
    errors: list[RowError]
    rows: int
    ignored: dict[str, str]


@dataclass(frozen=True)
class Known:
    """What rows are checked against: the retailers of the graph, the items of each wave
    (`items`: those of a wave not listed), the wave of rows that name none (None: each row
    must) and the answer date of rows without one."""

    retailers: frozenset[str]
    items: frozenset[str]
    wave_items: Mapping[str, frozenset[str]]
    wave: str | None
    today: date


def map_answer_columns(header: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """(field → file column, ignored column → why) for an answers file.

    >>> map_answer_columns(["客户编码", "Item", "x"])
    ({'retailer': '客户编码', 'item': 'Item'}, {'x': 'unknown column'})
    """
    found, ignored = {}, {}
    for col in header:
        key = col.strip().lower()
        name = next((n for n, names in ANSWER_COLUMNS.items() if key in names), None)
        if name and name not in found:
            found[name] = col
        elif col:
            ignored[col] = "unknown column" if not name else f"a second {name} column"
    return found, ignored


def _score(text: str) -> int | str:
    """A 1–5 answer, or why the cell is not one."""
    if not text:
        return "empty (an answer 1-5 is needed)"
    try:
        value = float(text)
    except ValueError:
        return f"{text!r} is not a number 1-5"
    if not value.is_integer() or not 1 <= value <= 5:
        return f"{text!r} is not a whole number 1-5"
    return int(value)


def _parse(
    cells: Mapping[str, str], cols: dict[str, str], known: Known
) -> list[tuple[str, str]] | SurveyAnswer:
    problems: list[tuple[str, str]] = []
    rid, item = cells.get(cols["retailer"], ""), cells.get(cols["item"], "")
    wave = cells.get(cols.get("wave", ""), "") or known.wave or ""
    if not rid or rid not in known.retailers:
        problems.append((cols["retailer"], f"unknown retailer {rid}" if rid else "empty"))
    if not wave or ":" in wave or len(wave) > 64:
        why = "a wave name has 1-64 characters and no ':'" if wave else "no wave: name one"
        problems.append((cols.get("wave", "wave"), why))
    allowed = known.wave_items.get(wave, known.items)
    if item not in allowed:
        what = f"unknown survey item {item!r}" if item else "empty"
        problems.append((cols["item"], f"{what} (wave {wave} asks: {', '.join(sorted(allowed))})"))
    scores: list[int] = []
    for name in SCORES:
        value = _score(cells.get(cols[name], ""))
        if isinstance(value, str):
            problems.append((cols[name], value))
        else:
            scores.append(value)
    day = known.today
    if cells.get(cols.get("answered_on", ""), ""):
        text = cells[cols["answered_on"]]
        try:
            day = date.fromisoformat(text[:10])
        except ValueError:
            problems.append((cols["answered_on"], f"{text!r} is not a date (YYYY-MM-DD)"))
        else:
            if day > known.today:
                problems.append((cols["answered_on"], f"{day} is in the future"))
    if problems:
        return problems
    importance, satisfaction, functional, dysfunctional = scores
    return SurveyAnswer(
        f"{wave}:{rid}:{item}",
        wave,
        rid,
        item,
        importance,
        satisfaction,
        functional,
        dysfunctional,
        day,
    )


def validate_answers(table: Table, known: Known) -> AnswerRows:
    """Every row of the file as an answer, or every problem of it."""
    cols, ignored = map_answer_columns(table.header)
    errors = [*table.errors]
    missing = [c for c in REQUIRED if c not in cols]
    if missing:
        errors += [
            RowError(line, "(file)", f"missing column(s): {', '.join(missing)}")
            for line, _ in table.rows
        ]
        return AnswerRows([], [], sorted(errors, key=lambda e: e.line), table.read, ignored)
    errors += [
        RowError(line, "(row)", "cells beyond the last named column") for line in table.overflow
    ]
    answers, lines = [], []
    first: dict[str, int] = {}
    for line, cells in table.rows:
        parsed = _parse(cells, cols, known)
        if isinstance(parsed, list):
            errors += [RowError(line, column, message) for column, message in parsed]
            continue
        if parsed.id in first:
            errors.append(
                RowError(
                    line,
                    cols["item"],
                    f"retailer {parsed.retailer_id} answered {parsed.item} in wave {parsed.wave} "
                    f"already on line {first[parsed.id]}",
                )
            )
            continue
        first[parsed.id] = line
        if line not in table.overflow:
            answers.append(parsed)
            lines.append(line)
    return AnswerRows(answers, lines, sorted(errors, key=lambda e: e.line), table.read, ignored)
