"""Reading CSV and Excel content from bytes or a binary file: numbered rows, clear refusals."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl
import pytest

from graph.errors import InvalidInput
from seeds.tabular import TableFormat, read_table


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    """An Excel workbook built in memory, one sheet holding `rows`."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_csv_rows_keep_their_line_numbers_and_blank_rows_are_skipped() -> None:
    table = read_table(b" id ,name\nR1, Ann \n,\nR2,Bo,extra\n", filename="r.csv")
    assert table.name == "r.csv"
    assert table.header == ["id", "name"]
    assert table.rows == [(2, {"id": "R1", "name": "Ann"}), (4, {"id": "R2", "name": "Bo"})]
    assert table.overflow == [4]
    assert table.cells("name") == ["Ann", "Bo"]
    assert table.cells(None) == []


def test_gb18030_csv_is_decoded() -> None:
    table = read_table("客户编码,店铺名称\nR1,便利店\n".encode("gb18030"), filename="r.CSV")
    assert table.rows == [(2, {"客户编码": "R1", "店铺名称": "便利店"})]


def test_excel_cells_become_text_from_bytes_or_a_binary_file() -> None:
    content = xlsx_bytes([["id", "cases", "date"], ["R1", 3.0, datetime(2026, 10, 3)], [None]])
    for data in (content, io.BytesIO(content)):
        table = read_table(data, filename="orders.xlsx")
        assert table.rows == [(2, {"id": "R1", "cases": "3", "date": "2026-10-03"})]


def test_the_format_may_be_given_instead_of_an_extension() -> None:
    table = read_table(xlsx_bytes([["id"], ["R1"]]), filename="upload", fmt=TableFormat.XLSX)
    assert table.rows == [(2, {"id": "R1"})]


@pytest.mark.parametrize(
    "data, filename, message",
    [
        (b"id\nR1\n", "r.txt", "r.txt: unsupported file type '.txt'"),
        (b"id\nR1\n", "upload", "unsupported file type ''"),
        (b"", "r.csv", "r.csv: the file is empty"),
        (b",\nR1,x\n", "r.csv", "the first row must name the columns"),
        (b"\xff\xfe\x00\xd8", "r.csv", "neither UTF-8 nor GB18030"),
        (b"not a workbook", "r.xlsx", "r.xlsx: not a readable Excel workbook"),
    ],
)
def test_unreadable_content_is_refused_clearly(data: bytes, filename: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        read_table(data, filename=filename)


def test_an_unclosed_quote_is_reported_where_it_starts_and_the_next_rows_are_read() -> None:
    content = b'id,name\nR1,Ann\nR2,"Bo\nR3,Cy\nR4,"D""i",\n'
    table = read_table(content, filename="r.csv")
    assert [line for line, _ in table.rows] == [2, 4, 5]
    assert table.rows[-1] == (5, {"id": "R4", "name": 'D"i'})
    assert [(e.line, e.column) for e in table.errors] == [(3, "(row)")]
    assert "unclosed quote" in table.errors[0].message
    assert table.read == 4


def test_one_gb18030_row_among_utf8_rows_is_reported_and_the_rest_read() -> None:
    content = "id,name\nR1,甲店\n".encode() + "R2,乙店\n".encode("gb18030") + "R3,丙店\n".encode()
    table = read_table(content, filename="r.csv")
    assert table.encoding == "utf-8"
    assert table.rows == [(2, {"id": "R1", "name": "甲店"}), (4, {"id": "R3", "name": "丙店"})]
    [error] = table.errors
    assert (error.line, error.column) == (3, "(row)")
    assert error.message.startswith("not UTF-8 like the rest of the file (it reads as GB18030)")


@pytest.mark.parametrize(
    "content, encoding",
    [
        ("id,name\nR1,甲店\n".encode(), "utf-8"),
        (b"\xef\xbb\xbf" + "id,name\nR1,甲店\n".encode(), "utf-8-sig"),
        ("id,name\nR1,甲店\n".encode("gb18030"), "gb18030"),
    ],
)
def test_the_encoding_is_detected_per_file(content: bytes, encoding: str) -> None:
    table = read_table(content, filename="r.csv")
    assert (table.encoding, table.rows, table.errors) == (
        encoding,
        [(2, {"id": "R1", "name": "甲店"})],
        (),
    )
