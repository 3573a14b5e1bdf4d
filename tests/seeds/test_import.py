"""Importing real retailers and orders: valid rows land, every bad row is reported, and a
re-import updates instead of duplicating."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from graph.errors import InvalidInput
from graph.integrity import check_graph
from graph.queries import Query
from graph.repository import get_retailer, graph_stats, retailer_orders
from graph.store import GraphStore
from seeds.city import City
from seeds.import_service import import_orders, import_retailers

HEADER = [
    "客户编码",
    "店铺名称",
    "lon",
    "lat",
    "district_adcode",
    "经营业态",
    "经营规模",
    "联系电话",
]
GOOD = ["NEW001", "新开便利店", "117.30", "31.86", "340103", "便利店", "小", "13900000001"]


def _csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _xlsx(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_new_retailers_join_the_nearest_area_and_the_graph_stays_valid(
    seeded_store: GraphStore, tmp_path: Path, tiny_city: City
) -> None:
    report = import_retailers(seeded_store, _csv(tmp_path / "r.csv", HEADER, [GOOD]))
    assert (report.created, report.updated, report.rejected) == (1, 0, [])
    assert get_retailer(seeded_store, "NEW001")["business_format"] == "B"
    assert check_graph(seeded_store).ok
    assert graph_stats(seeded_store)["nodes"]["Retailer"] == len(tiny_city.retailers) + 1


@pytest.mark.parametrize(
    "cells, column, message",
    [
        ({1: ""}, "店铺名称", "name is required"),
        ({2: "abc"}, "lon", "is not a valid double"),
        ({2: "200"}, "lon", "outside mainland China"),
        ({4: "999999"}, "district_adcode", "unknown district"),
        ({5: "面包店"}, "经营业态", "is not one of"),
        ({0: ""}, "客户编码", "the id is empty"),
    ],
)
def test_each_bad_row_is_reported_with_line_column_and_reason(
    seeded_store: GraphStore, tmp_path: Path, cells: dict[int, str], column: str, message: str
) -> None:
    bad = list(GOOD)
    bad[0] = "NEW002"
    for i, v in cells.items():
        bad[i] = v
    report = import_retailers(seeded_store, _csv(tmp_path / "r.csv", HEADER, [GOOD, bad]))
    assert report.created == 1
    assert len(report.rejected) == 1
    error = report.rejected[0]
    assert (error.line, error.column) == (3, column)
    assert message in error.message


def test_a_duplicate_id_in_one_file_is_rejected(seeded_store: GraphStore, tmp_path: Path) -> None:
    report = import_retailers(seeded_store, _csv(tmp_path / "r.csv", HEADER, [GOOD, GOOD]))
    assert report.created == 1
    assert [(e.line, "duplicate id" in e.message) for e in report.rejected] == [(3, True)]


def test_reimport_from_excel_updates_without_duplicating(
    seeded_store: GraphStore, tmp_path: Path, tiny_city: City
) -> None:
    existing = tiny_city.retailers[0]
    path = _xlsx(
        tmp_path / "r.xlsx",
        ["客户编码", "联系电话", "avg_monthly_cases", "颜色"],
        [[existing.id, "13811112222", 99, "红"]],
    )
    first = import_retailers(seeded_store, path)
    second = import_retailers(seeded_store, path)
    assert (first.updated, second.updated, first.created) == (1, 1, 0)
    row = get_retailer(seeded_store, existing.id)
    assert row["phone"] == "13811112222"
    assert row["name"] == existing.name  # columns not in the file are kept
    assert row["avg_monthly_cases"] == existing.avg_monthly_cases  # derived: ignored
    assert set(first.ignored_columns) == {"avg_monthly_cases", "颜色"}
    assert graph_stats(seeded_store)["nodes"]["Retailer"] == len(tiny_city.retailers)


def test_moving_a_retailer_to_another_area_gives_it_that_areas_team(
    seeded_store: GraphStore, tmp_path: Path, tiny_city: City
) -> None:
    retailer = tiny_city.retailers[0]
    target = next(a.code for a in tiny_city.areas if a.code != tiny_city.retailer_area[retailer.id])
    report = import_retailers(
        seeded_store, _csv(tmp_path / "m.csv", ["客户编码", "片区"], [[retailer.id, target]])
    )
    assert (report.updated, report.rejected) == (1, [])
    assert check_graph(seeded_store).ok
    row = next(r for r in seeded_store.read(Query.RETAILER_POSITIONS) if r["id"] == retailer.id)
    assert row["area"] == target


def test_orders_are_summed_per_month_and_replaced_on_reimport(
    seeded_store: GraphStore, tmp_path: Path, tiny_city: City
) -> None:
    rid = tiny_city.retailers[1].id
    rows = [
        [rid, "2026-10-03", "1.5", "15000"],
        [rid, "2026-10-09", "0.5", "5000"],
        ["NOPE", "2026-10-09", "1", "10"],
        [rid, "2026-13-01", "1", "10"],
        [rid, "2026-10-12", "-1", "10"],
    ]
    path = _csv(tmp_path / "o.csv", ["客户编码", "订单日期", "cases", "amount"], rows)
    first = import_orders(seeded_store, path)
    assert [(e.line, e.column) for e in first.rejected] == [
        (4, "客户编码"),
        (5, "订单日期"),
        (6, "cases"),
    ]
    second = import_orders(seeded_store, path)
    assert second.updated == 1 and second.created == 0
    october = next(m for m in retailer_orders(seeded_store, rid) if m["month"] == "2026-10")
    assert (october["cases"], october["amount"], october["orders"]) == (2.0, 20000.0, 2)
    assert check_graph(seeded_store).ok


def test_unsupported_files_are_refused_clearly(seeded_store: GraphStore, tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text("x")
    with pytest.raises(InvalidInput, match="unsupported file type"):
        import_retailers(seeded_store, tmp_path / "r.txt")
    with pytest.raises(InvalidInput, match="no such file"):
        import_retailers(seeded_store, tmp_path / "missing.csv")


def test_orders_recompute_the_derived_purchase_fields(
    seeded_store: GraphStore, tmp_path: Path, tiny_city: City
) -> None:
    rid = tiny_city.retailers[2].id
    rows = [[rid, m, "30", "300000", "10"] for m in ("2026-08", "2026-09", "2026-10")]
    import_orders(
        seeded_store,
        _csv(tmp_path / "o.csv", ["retailer_id", "month", "cases", "amount", "orders"], rows),
    )
    assert get_retailer(seeded_store, rid)["avg_monthly_cases"] == 30.0
    assert seeded_store.read(Query.LATEST_ORDER_MONTH)[0]["month"] == "2026-10"
