"""Write retailer rows to CSV, Excel or JSON."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from graph.errors import InvalidInput
from graph.rows import Row

LEADING = (
    "id",
    "name",
    "category_code",
    "avg_monthly_cases",
    "tier",
    "avg_carton_price",
    "grade",
    "value_segment",
    "points_class",
    "quadrant",
    "key_account",
    "lifecycle",
    "visit_frequency_per_week",
)
LEFT_OUT = {"class_explanations"}
FORMATS = ("csv", "xlsx", "json")


def export_columns(row: Row) -> list[str]:
    """The leading columns, then every other field of the record."""
    return [*LEADING, *(k for k in row if k not in LEADING and k not in LEFT_OUT)]


def _cell(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def write_rows(rows: Sequence[Row], fmt: str, path: Path) -> int:
    """Write one row per record; returns how many."""
    if fmt not in FORMATS:
        raise InvalidInput(f"unknown format {fmt!r}: use {', '.join(FORMATS)}")
    columns = export_columns(rows[0]) if rows else list(LEADING)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "json":
        data = [{c: _cell(r.get(c)) for c in columns} for r in rows]
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    elif fmt == "csv":
        with path.open("w", newline="", encoding="utf-8-sig") as f:
            writer = csv.writer(f)
            writer.writerow(columns)
            writer.writerows([[_cell(r.get(c)) for c in columns] for r in rows])
    else:
        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("retailers")
        sheet.append(columns)
        for r in rows:
            sheet.append([_cell(r.get(c)) for c in columns])
        book.save(path)
    return len(rows)
