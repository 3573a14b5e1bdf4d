"""Rows of an interaction file (CSV or Excel) as `InteractionInput`s: which column holds which
field (the field name, its Chinese label or a short alias) and each cell parsed, every problem
kept as a `RowError`."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from care.interactions import InteractionInput
from graph.care_model import Interaction
from graph.errors import RowError
from seeds.tabular import Table

FIELDS = tuple(f.name for f in dataclasses.fields(InteractionInput))
REQUIRED = ("kind", "retailer_id", "staff_id", "day")
ALIASES = {
    "retailer": "retailer_id",
    "staff": "staff_id",
    "employee_no": "staff_id",
    "started": "started_at",
    "ended": "ended_at",
    "lon": "checkin_lon",
    "lat": "checkin_lat",
    "date": "day",
}
TASK_NAMES = {
    "陈列": "display",
    "库存": "stock",
    "明码标价": "prices",
    "价格": "prices",
    "竞品": "competitor",
    "竞品信息": "competitor",
    "诉求": "requests",
    "需求": "requests",
}
"""Chinese names of the visit tasks."""
KIND_NAMES = {
    "拜访": "visit",
    "电话": "call",
    "访销": "call",
    "送货": "delivery",
    "检查": "inspection",
}
STATUS_NAMES = {
    "完成": "done",
    "已完成": "done",
    "未完成": "missed",
    "错过": "missed",
    "取消": "cancelled",
}
TRUE = {"true", "yes", "y", "1", "是", "对"}
FALSE = {"false", "no", "n", "0", "否", "不"}


def _norm(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


def _header_names() -> dict[str, str]:
    names = {_norm(k): v for k, v in ALIASES.items()}
    labels = {f.name: f.metadata["zh"] for f in dataclasses.fields(Interaction)}
    for name in FIELDS:
        names[name] = name
        names[_norm(labels[name])] = name
    return names


@dataclass(frozen=True)
class ColumnMap:
    """Field → the file's column; columns not used, with why; missing required columns."""

    fields: dict[str, str]
    ignored: dict[str, str]
    errors: tuple[RowError, ...]

    def column_of(self, field: str) -> str:
        """The file's column holding `field` (the field's name when the file lacks it)."""
        return self.fields.get(field, field)


def map_interaction_columns(header: list[str]) -> ColumnMap:
    """Which column holds which field.

    >>> m = map_interaction_columns(["类型", "retailer", "工号", "day", "color"])
    >>> m.fields["kind"], m.fields["staff_id"], m.ignored, m.errors
    ('类型', '工号', {'color': 'not an interaction field'}, ())
    """
    names = _header_names()
    fields: dict[str, str] = {}
    ignored: dict[str, str] = {}
    for column in header:
        name = names.get(_norm(column))
        if name is None:
            ignored[column] = "not an interaction field"
        elif name in fields:
            ignored[column] = f"{name} is already read from column {fields[name]}"
        else:
            fields[name] = column
    missing = [f for f in REQUIRED if f not in fields]
    errors = tuple(RowError(1, f, f"the file has no {f} column") for f in missing)
    return ColumnMap(fields, ignored, errors)


def _date(text: str) -> date:
    return date.fromisoformat(text.replace("/", "-")[:10])


def _float(text: str) -> float:
    return float(text)


def _bool(text: str) -> bool:
    low = text.lower()
    if low in TRUE:
        return True
    if low in FALSE:
        return False
    raise ValueError(f"{text!r} is not yes or no")


def _tasks(text: str) -> tuple[str, ...]:
    return tuple(TASK_NAMES.get(t, t.lower()) for t in re.split(r"[,，、;；\s]+", text) if t)


def _kind(text: str) -> str:
    return KIND_NAMES.get(text, text.lower())


def _status(text: str) -> str:
    return STATUS_NAMES.get(text, text.lower())


PARSERS: dict[str, Callable[[str], Any]] = {
    "day": _date,
    "checkin_lon": _float,
    "checkin_lat": _float,
    "tasks": _tasks,
    "kind": _kind,
    "status": _status,
    **{f: _bool for f in ("reached", "order_taken", "delivered", "signed", "licence_checked")},
}


def parse_rows(
    table: Table, fields: dict[str, str]
) -> list[tuple[int, InteractionInput | None, list[RowError]]]:
    """Each row's line, its input (None when a cell cannot be read) and the cells' problems."""
    parsed: list[tuple[int, InteractionInput | None, list[RowError]]] = []
    for line, cells in table.rows:
        values: dict[str, Any] = {}
        errors: list[RowError] = []
        for name, column in fields.items():
            text = cells.get(column, "").strip()
            if not text:
                continue
            try:
                values[name] = PARSERS.get(name, str)(text)
            except ValueError as error:
                errors.append(RowError(line, column, f"cannot read {text!r}: {error}"))
        for name in REQUIRED:
            if name not in values and not any(e.column == fields[name] for e in errors):
                errors.append(RowError(line, fields[name], f"{name} is empty"))
        parsed.append((line, None if errors else InteractionInput(**values), errors))
    return parsed
