"""Read CSV or Excel content (bytes or a binary file) as numbered rows of text cells."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import PurePath
from typing import BinaryIO

from graph.errors import InvalidInput


class TableFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


SUFFIXES = {".csv": TableFormat.CSV, ".xlsx": TableFormat.XLSX, ".xlsm": TableFormat.XLSX}


@dataclass(frozen=True)
class Table:
    """A file's header and its data rows, each with its 1-based line (or sheet row) number."""

    name: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]
    overflow: list[int]
    """Lines with non-empty cells beyond the last named column."""

    def cells(self, column: str | None) -> list[str]:
        """Every row's cell in `column` (none when the file lacks it)."""
        return [cells.get(column, "") for _, cells in self.rows] if column else []


def table_format(filename: str) -> TableFormat:
    """The format a file name's extension names.

    >>> table_format("orders.XLSX")
    <TableFormat.XLSX: 'xlsx'>
    """
    suffix = PurePath(filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise InvalidInput(f"{filename}: unsupported file type {suffix!r} (use .csv or .xlsx)")
    return SUFFIXES[suffix]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_csv(content: bytes, name: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InvalidInput(f"{name}: neither UTF-8 nor GB18030 text")
    lines = list(csv.reader(text.splitlines()))
    if not lines:
        raise InvalidInput(f"{name}: the file is empty")
    return [h.strip() for h in lines[0]], [(i, row) for i, row in enumerate(lines[1:], start=2)]


def _read_xlsx(content: bytes, name: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise InvalidInput(f"{name}: not a readable Excel workbook ({exc})") from exc
    sheet = book.worksheets[0]
    values = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    book.close()
    if not values:
        raise InvalidInput(f"{name}: the first sheet is empty")
    return values[0], [(i, row) for i, row in enumerate(values[1:], start=2)]


def read_table(data: bytes | BinaryIO, *, filename: str, fmt: TableFormat | None = None) -> Table:
    """Rows of CSV (UTF-8 or GB18030) or Excel content; blank rows are skipped.

    The format is `fmt`, else the one `filename`'s extension names; `filename` also names
    the content in error messages.

    >>> read_table(b"id,name\\nR1,Ann\\n\\nR2,Bo,x\\n", filename="r.csv").rows
    [(2, {'id': 'R1', 'name': 'Ann'}), (4, {'id': 'R2', 'name': 'Bo'})]
    """
    fmt = fmt or table_format(filename)
    content = data if isinstance(data, bytes) else data.read()
    reader = _read_csv if fmt == TableFormat.CSV else _read_xlsx
    header, raw = reader(content, filename)
    if not any(header):
        raise InvalidInput(f"{filename}: the first row must name the columns")
    rows, overflow = [], []
    for line, cells in raw:
        if not any(c.strip() for c in cells):
            continue
        if any(c.strip() for c in cells[len(header) :]):
            overflow.append(line)
        padded = list(cells) + [""] * (len(header) - len(cells))
        rows.append((line, {h: padded[i].strip() for i, h in enumerate(header) if h}))
    return Table(filename, header, rows, overflow)
