"""Read CSV or Excel content (bytes or a binary file) as numbered rows of text cells."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import PurePath
from typing import BinaryIO

from graph.errors import InvalidInput, RowError


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
    errors: tuple[RowError, ...] = ()
    """Lines that could not be read (bad quoting, another encoding): rows read, not parsed."""
    encoding: str = "utf-8"
    """``utf-8``, ``utf-8-sig`` (with a byte-order mark), ``gb18030`` or ``xlsx``."""

    @property
    def read(self) -> int:
        """Rows read: the parsed ones and the unreadable lines."""
        return len(self.rows) + len({e.line for e in self.errors})

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


BOM = b"\xef\xbb\xbf"
Raw = tuple[list[str], list[tuple[int, list[str]]], list[RowError], str]
"""A file's header, its readable rows (line, cells), its unreadable lines and its encoding."""


def _decodes(line: bytes, encoding: str) -> bool:
    try:
        line.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def detect_encoding(lines: list[bytes]) -> str:
    """The encoding most of the non-ASCII lines are in: ``utf-8`` (also for plain ASCII) or
    ``gb18030``. A byte-order mark is stripped before this is asked.

    >>> detect_encoding(["名称".encode("gb18030"), b"R1", "甲".encode("gb18030")])
    'gb18030'
    >>> detect_encoding(["名称".encode(), "甲".encode("gb18030"), "乙".encode()])
    'utf-8'
    """
    utf8 = gb = 0
    for line in lines:
        if line.isascii():
            continue
        if _decodes(line, "utf-8"):
            utf8 += 1
        elif _decodes(line, "gb18030"):
            gb += 1
    return "gb18030" if gb > utf8 else "utf-8"


def _other(encoding: str) -> str:
    return "gb18030" if encoding == "utf-8" else "utf-8"


def _split(text: str) -> list[str] | str:
    """A line's cells, or why they cannot be read. A cell may not span lines, so a quote
    still open at the end of its line is unclosed."""
    try:
        return next(csv.reader([text], strict=True), [])
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            return "unclosed quote: a quoted cell must end on the line where it starts"
        return f"malformed quoting ({exc})"


def _parse_line(line: bytes, encoding: str) -> list[str] | str:
    """A physical line's cells, or why it cannot be read."""
    try:
        return _split(line.decode(encoding))
    except UnicodeDecodeError:
        other = _other(encoding)
        seems = f" (it reads as {other.upper()})" if _decodes(line, other) else ""
        why = f"not {encoding.upper()} like the rest of the file{seems}"
        return f"{why}: save the whole file in one encoding"


def _read_csv(content: bytes, name: str) -> Raw:
    """Read line by line, so a line that cannot be read is reported and the next is read."""
    has_bom = content.startswith(BOM)
    lines = content[len(BOM) :].splitlines() if has_bom else content.splitlines()
    if not lines:
        raise InvalidInput(f"{name}: the file is empty")
    encoding = "utf-8" if has_bom else detect_encoding(lines)
    tried = (encoding,) if has_bom else (encoding, _other(encoding))
    text = next((lines[0].decode(e) for e in tried if _decodes(lines[0], e)), None)
    if text is None:
        raise InvalidInput(f"{name}: the header line is neither UTF-8 nor GB18030 text")
    header = _split(text)
    if isinstance(header, str):
        raise InvalidInput(f"{name}: the header line cannot be read: {header}")
    rows, errors = [], []
    for line, raw in enumerate(lines[1:], start=2):
        cells = _parse_line(raw, encoding)
        if isinstance(cells, str):
            errors.append(RowError(line, "(row)", cells))
        else:
            rows.append((line, cells))
    return [h.strip() for h in header], rows, errors, "utf-8-sig" if has_bom else encoding


def _read_xlsx(content: bytes, name: str) -> Raw:
    import openpyxl

    try:  # openpyxl raises many kinds for a broken file, on opening or while reading
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        values = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        book.close()
    except Exception as exc:
        raise InvalidInput(f"{name}: not a readable Excel workbook ({exc})") from exc
    if not values:
        raise InvalidInput(f"{name}: the first sheet is empty")
    return values[0], [(i, row) for i, row in enumerate(values[1:], start=2)], [], "xlsx"


def read_table(data: bytes | BinaryIO, *, filename: str, fmt: TableFormat | None = None) -> Table:
    """Rows of CSV (UTF-8, UTF-8 with a byte-order mark, or GB18030) or Excel content; blank
    rows are skipped, and lines that cannot be read are in `Table.errors`.

    The format is `fmt`, else the one `filename`'s extension names; `filename` also names
    the content in error messages.

    >>> table = read_table(b'id,name\\nR1,Ann\\n\\nR2,"Bo\\nR3,Cy,x\\n', filename="r.csv")
    >>> table.rows, table.overflow
    ([(2, {'id': 'R1', 'name': 'Ann'}), (5, {'id': 'R3', 'name': 'Cy'})], [5])
    >>> [str(e) for e in table.errors]
    ['line 4, column (row): unclosed quote: a quoted cell must end on the line where it starts']
    """
    fmt = fmt or table_format(filename)
    content = data if isinstance(data, bytes) else data.read()
    reader = _read_csv if fmt == TableFormat.CSV else _read_xlsx
    header, raw, errors, encoding = reader(content, filename)
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
    return Table(filename, header, rows, overflow, tuple(errors), encoding)
