"""Read a CSV or Excel file as numbered rows of text cells."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from graph.errors import InvalidInput


@dataclass(frozen=True)
class Table:
    """A file's header and its data rows, each with its 1-based line (or sheet row) number."""

    path: Path
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]
    overflow: list[int]
    """Lines with non-empty cells beyond the last named column."""


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


def _read_csv(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = path.read_text(encoding=encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InvalidInput(f"{path}: neither UTF-8 nor GB18030 text")
    lines = list(csv.reader(text.splitlines()))
    if not lines:
        raise InvalidInput(f"{path}: the file is empty")
    return [h.strip() for h in lines[0]], [(i, row) for i, row in enumerate(lines[1:], start=2)]


def _read_xlsx(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise InvalidInput(f"{path}: not a readable Excel workbook ({exc})") from exc
    sheet = book.worksheets[0]
    values = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    book.close()
    if not values:
        raise InvalidInput(f"{path}: the first sheet is empty")
    return values[0], [(i, row) for i, row in enumerate(values[1:], start=2)]


def read_table(path: Path) -> Table:
    """Rows of a ``.csv`` (UTF-8 or GB18030) or ``.xlsx`` file; blank rows are skipped."""
    if not path.exists():
        raise InvalidInput(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        header, raw = _read_csv(path)
    elif suffix in (".xlsx", ".xlsm"):
        header, raw = _read_xlsx(path)
    else:
        raise InvalidInput(f"{path}: unsupported file type {suffix!r} (use .csv or .xlsx)")
    if not any(header):
        raise InvalidInput(f"{path}: the first row must name the columns")
    rows, overflow = [], []
    for line, cells in raw:
        if not any(c.strip() for c in cells):
            continue
        if any(c.strip() for c in cells[len(header) :]):
            overflow.append(line)
        padded = list(cells) + [""] * (len(header) - len(cells))
        rows.append((line, {h: padded[i].strip() for i, h in enumerate(header) if h}))
    return Table(path, header, rows, overflow)
