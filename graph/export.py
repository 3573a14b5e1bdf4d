"""Retailer rows as CSV, Excel or JSON bytes."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date

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


def _csv(columns: list[str], rows: Sequence[Row]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(columns)
    writer.writerows([[_cell(r.get(c)) for c in columns] for r in rows])
    return text.getvalue().encode("utf-8-sig")


def _xlsx(columns: list[str], rows: Sequence[Row]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("retailers")
    sheet.append(columns)
    for r in rows:
        sheet.append([_cell(r.get(c)) for c in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise InvalidInput(f"unknown format {fmt!r}: use {', '.join(FORMATS)}")


def render_rows(rows: Sequence[Row], fmt: str) -> bytes:
    """One row per record as a csv (UTF-8 with BOM, for Excel), xlsx or json file."""
    check_format(fmt)
    columns = export_columns(rows[0]) if rows else list(LEADING)
    if fmt == "json":
        data = [{c: _cell(r.get(c)) for c in columns} for r in rows]
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    return _csv(columns, rows) if fmt == "csv" else _xlsx(columns, rows)
