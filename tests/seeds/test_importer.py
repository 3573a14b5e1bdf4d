"""Validating imported rows (pure): valid records out, one `RowError` per rejected row."""

from __future__ import annotations

import pytest

from graph.errors import RowError
from seeds.importer import Known, validate_retailers
from seeds.order_rows import validate_orders
from seeds.tabular import Table

HEADER = ["客户编码", "店铺名称", "lon", "lat", "district_adcode", "经营业态", "经营规模", "片区"]
GOOD = ["NEW001", "新开便利店", "117.30", "31.86", "340103", "便利店", "小", ""]
KNOWN = Known(retailers={"R0001", "R0002"}, districts={"340103"}, areas={"A01"}, staff={"HF0001"})


def table(header: list[str], rows: list[list[str]]) -> Table:
    """A table of `rows` on lines 2, 3, ..."""
    cells = [(line, dict(zip(header, row))) for line, row in enumerate(rows, start=2)]
    return Table("r.csv", header, cells, [])


def test_a_valid_new_retailer_is_parsed_into_fields() -> None:
    rows = validate_retailers(table(HEADER, [GOOD]), KNOWN)
    assert rows.errors == [] and rows.lines == [2]
    record = rows.records[0]
    assert (record["id"], record["lon"], record["business_format"]) == ("NEW001", 117.3, "B")


@pytest.mark.parametrize(
    "cells, column, message",
    [
        ({1: ""}, "店铺名称", "name is required"),
        ({2: "abc"}, "lon", "is not a valid double"),
        ({2: "200"}, "lon", "outside mainland China"),
        ({3: "60"}, "lat", "outside mainland China"),
        ({4: "999999"}, "district_adcode", "unknown district"),
        ({5: "面包店"}, "经营业态", "is not one of"),
        ({0: ""}, "客户编码", "the id is empty"),
        ({7: "A99"}, "片区", "unknown area A99"),
    ],
)
def test_each_bad_row_is_reported_with_line_column_and_reason(
    cells: dict[int, str], column: str, message: str
) -> None:
    bad = ["NEW002", *GOOD[1:]]
    for i, v in cells.items():
        bad[i] = v
    rows = validate_retailers(table(HEADER, [GOOD, bad]), KNOWN)
    assert [r["id"] for r in rows.records] == ["NEW001"]
    assert [(e.line, e.column) for e in rows.errors] == [(3, column)]
    assert message in rows.errors[0].message


def test_a_duplicate_id_in_one_file_is_rejected() -> None:
    rows = validate_retailers(table(HEADER, [GOOD, GOOD]), KNOWN)
    assert [(e.line, "duplicate id NEW001, first on line 2" in e.message) for e in rows.errors] == [
        (3, True)
    ]


def test_existing_retailers_may_leave_columns_out_and_unknown_staff_is_refused() -> None:
    header = ["客户编码", "联系电话", "客户经理"]
    rows = validate_retailers(
        table(header, [["R0001", "13800000000", "HF0001"], ["R0002", "", "HF9999"]]), KNOWN
    )
    assert rows.records == [{"id": "R0001", "phone": "13800000000", "manager": "HF0001"}]
    assert [(e.line, e.column) for e in rows.errors] == [(3, "客户经理")]


def test_derived_and_unknown_columns_are_ignored_with_the_reason() -> None:
    rows = validate_retailers(
        table(["客户编码", "avg_monthly_cases", "颜色"], [["R0001", "9", "红"]]), KNOWN
    )
    assert rows.columns.ignored == {
        "avg_monthly_cases": "avg_monthly_cases is derived from order history, areas or routes",
        "颜色": "unknown column",
    }
    assert rows.records == [{"id": "R0001"}]


def test_without_an_id_column_every_row_is_rejected() -> None:
    rows = validate_retailers(table(["店铺名称"], [["甲"], ["乙"]]), KNOWN)
    assert rows.records == []
    assert [(e.line, e.column) for e in rows.errors] == [(2, "id"), (3, "id")]


def test_cells_beyond_the_header_reject_the_row() -> None:
    rows = validate_retailers(Table("r.csv", HEADER, [(2, dict(zip(HEADER, GOOD)))], [2]), KNOWN)
    assert rows.records == [] and [e.column for e in rows.errors] == ["(row)"]


def test_an_orders_file_without_the_needed_columns_rejects_every_row() -> None:
    rows = validate_orders(table(["客户编码", "金额"], [["R0001", "10"]]), {"R0001"})
    assert rows.months == []
    assert [e.message for e in rows.errors] == [
        "missing column(s): date or month, cases or cartons"
    ]


def test_monthly_order_rows_are_taken_as_they_are_and_cartons_become_cases() -> None:
    header = ["retailer_id", "month", "cartons", "orders"]
    rows = validate_orders(table(header, [["R0001", "2026-09", "100", "4"]]), {"R0001"})
    assert [(m.month, m.cases, m.amount, m.orders) for m in rows.months] == [
        ("2026-09", 2.0, 0.0, 4)
    ]


def test_every_problem_of_a_row_is_reported_not_only_the_first() -> None:
    bad = ["NEW002", "", "abc", "60", "999999", "面包店", "小", "A99"]
    rows = validate_retailers(table(HEADER, [GOOD, bad]), KNOWN)
    assert [r["id"] for r in rows.records] == ["NEW001"]
    assert [(e.line, e.column) for e in rows.errors] == [
        (3, "lon"),
        (3, "lat"),
        (3, "经营业态"),
        (3, "店铺名称"),
        (3, "district_adcode"),
        (3, "片区"),
    ]


def test_a_point_far_outside_its_district_is_refused_with_the_distance() -> None:
    beijing = [*GOOD[:2], "116.40", "39.90", *GOOD[4:]]
    rows = validate_retailers(table(HEADER, [beijing]), KNOWN)
    [error] = rows.errors
    assert (error.line, error.column) == (2, "lon/lat")
    assert error.message.startswith("lon/lat 116.40, 39.90 is 8")
    assert error.message.endswith("km outside district 340103 (庐阳区); at most 2 km is allowed")


def test_the_margin_around_a_district_is_configurable() -> None:
    near = [*GOOD[:2], "117.30", "31.60", *GOOD[4:]]  # south of Luyang, inside Baohe
    km = float(validate_retailers(table(HEADER, [near]), KNOWN).errors[0].message.split()[4])
    assert 5 < km < 40
    assert validate_retailers(table(HEADER, [near]), KNOWN, margin_km=km + 1).errors == []


def test_an_existing_retailers_new_point_is_checked_against_its_district() -> None:
    known = Known(**{**vars(KNOWN), "held": {"R0001": {"district_adcode": "340103"}}})
    rows = validate_retailers(
        table(["客户编码", "lon", "lat"], [["R0001", "116.4", "39.9"]]), known
    )
    assert [e.column for e in rows.errors] == ["lon/lat"]


@pytest.mark.parametrize(
    "phone, ok", [("13812345678", True), ("0551-65551234", True), ("12345", False)]
)
def test_import_applies_the_phone_rule_of_edits(phone: str, ok: bool) -> None:
    rows = validate_retailers(table(["客户编码", "联系电话"], [["R0001", phone]]), KNOWN)
    assert (rows.errors == []) is ok
    if not ok:
        assert (
            rows.errors[0].message == "phone '12345' is not a mobile (11 digits) or landline number"
        )


def test_order_rows_report_every_problem_and_unreadable_lines_count_as_rows() -> None:
    header = ["retailer_id", "date", "cases", "amount"]
    cells = [(2, dict(zip(header, ["NOPE", "2026-13-01", "x", "-1"])))]
    bad_line = RowError(3, "(row)", "unclosed quote")
    rows = validate_orders(Table("o.csv", header, cells, [], (bad_line,)), {"R0001"})
    assert rows.rows == 2
    assert [(e.line, e.column) for e in rows.errors] == [
        (2, "retailer_id"),
        (2, "date"),
        (2, "cases"),
        (2, "amount"),
        (3, "(row)"),
    ]
