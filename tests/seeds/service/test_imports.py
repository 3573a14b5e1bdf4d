"""Importing real retailers and orders through the service, from bytes or a binary file:
valid rows land, every bad row is reported, and a re-import updates instead of duplicating."""

from __future__ import annotations

import csv
import io

import pytest

from graph.errors import Forbidden, InvalidInput
from graph.integrity import check_graph
from graph.principal import LOCAL_ADMIN, AccountRole, Principal
from graph.queries import Query
from graph.repository import get_retailer, graph_stats, retailer_orders
from graph.serialise import to_data
from graph.session import Session
from seeds.city import City
from seeds.service import import_orders, import_retailers
from seeds.tabular import TableFormat
from tests.seeds.test_tabular import xlsx_bytes

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
PLANNER = Principal("p", AccountRole.PLANNER)


def csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    """A UTF-8 CSV file built in memory."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def test_a_new_retailer_joins_the_area_around_it_and_the_graph_stays_valid(
    seeded_session: Session, tiny_city: City
) -> None:
    report = import_retailers(seeded_session, PLANNER, csv_bytes(HEADER, [GOOD]), filename="r.csv")
    assert (report.file, report.rows, report.created, report.updated) == ("r.csv", 1, 1, 0)
    assert (report.rejected, report.errors) == (0, ())
    assert get_retailer(seeded_session, "NEW001")["business_format"] == "B"
    assert check_graph(seeded_session).ok
    assert graph_stats(seeded_session)["nodes"]["Retailer"] == len(tiny_city.retailers) + 1


def test_a_bad_row_is_reported_and_the_good_ones_land(seeded_session: Session) -> None:
    bad = ["NEW002", *GOOD[1:4], "999999", *GOOD[5:]]
    report = import_retailers(
        seeded_session, LOCAL_ADMIN, csv_bytes(HEADER, [GOOD, bad]), filename="r.csv"
    )
    assert (report.created, report.rejected) == (1, 1)
    assert to_data(report) == {
        "file": "r.csv",
        "rows": 2,
        "created": 1,
        "updated": 0,
        "rejected": 1,
        "errors": [{"line": 3, "column": "district_adcode", "message": "unknown district 999999"}],
        "ignored_columns": {},
    }
    assert seeded_session.read(Query.RETAILER_KEYS, ids=["NEW001", "NEW002"]) == [{"key": "NEW001"}]


def test_reimport_from_excel_updates_without_duplicating(
    seeded_session: Session, tiny_city: City
) -> None:
    existing = tiny_city.retailers[0]
    content = xlsx_bytes(
        [
            ["客户编码", "联系电话", "avg_monthly_cases", "颜色"],
            [existing.id, "13811112222", 99, "红"],
        ]
    )
    first = import_retailers(seeded_session, LOCAL_ADMIN, content, filename="r.xlsx")
    second = import_retailers(seeded_session, LOCAL_ADMIN, io.BytesIO(content), filename="r.xlsx")
    assert (first.updated, second.updated, first.created) == (1, 1, 0)
    row = get_retailer(seeded_session, existing.id)
    assert row["phone"] == "13811112222"
    assert row["name"] == existing.name  # columns not in the file are kept
    assert row["avg_monthly_cases"] == existing.avg_monthly_cases  # derived: ignored
    assert set(first.ignored_columns) == {"avg_monthly_cases", "颜色"}
    assert graph_stats(seeded_session)["nodes"]["Retailer"] == len(tiny_city.retailers)


def test_moving_a_retailer_to_another_area_gives_it_that_areas_team(
    seeded_session: Session, tiny_city: City
) -> None:
    retailer = tiny_city.retailers[0]
    target = next(a.code for a in tiny_city.areas if a.code != tiny_city.retailer_area[retailer.id])
    data = io.BytesIO(csv_bytes(["客户编码", "片区"], [[retailer.id, target]]))
    report = import_retailers(seeded_session, LOCAL_ADMIN, data, filename="m.csv")
    assert (report.updated, report.errors) == (1, ())
    assert check_graph(seeded_session).ok
    row = next(r for r in seeded_session.read(Query.RETAILER_POSITIONS) if r["id"] == retailer.id)
    assert row["area"] == target
    assert row["manager"] != tiny_city.staffing.manager_of[retailer.id]
    audited = seeded_session.read(Query.RETAILER_AUDIT, id=retailer.id)
    assert {(a["field"], a["old"], a["new"]) for a in audited} >= {
        ("area", tiny_city.retailer_area[retailer.id], target),
        ("manager", tiny_city.staffing.manager_of[retailer.id], row["manager"]),
    }


def test_orders_are_summed_per_month_and_replaced_on_reimport(
    seeded_session: Session, tiny_city: City
) -> None:
    rid = tiny_city.retailers[1].id
    rows = [
        [rid, "2026-10-03", "1.5", "15000"],
        [rid, "2026-10-09", "0.5", "5000"],
        ["NOPE", "2026-10-09", "1", "10"],
        [rid, "2026-13-01", "1", "10"],
        [rid, "2026-10-12", "-1", "10"],
    ]
    content = csv_bytes(["客户编码", "订单日期", "cases", "amount"], rows)
    first = import_orders(seeded_session, PLANNER, content, filename="o.csv")
    assert [(e.line, e.column) for e in first.errors] == [
        (4, "客户编码"),
        (5, "订单日期"),
        (6, "cases"),
    ]
    assert (first.rows, first.rejected) == (5, 3)
    second = import_orders(seeded_session, PLANNER, io.BytesIO(content), filename="o.csv")
    assert second.updated == 1 and second.created == 0
    october = next(m for m in retailer_orders(seeded_session, rid) if m["month"] == "2026-10")
    assert (october["cases"], october["amount"], october["orders"]) == (2.0, 20000.0, 2)
    assert check_graph(seeded_session).ok


def test_orders_recompute_the_derived_purchase_fields(
    seeded_session: Session, tiny_city: City
) -> None:
    rid = tiny_city.retailers[2].id
    rows: list[list[object]] = [[rid, m, 30, 300000, 10] for m in ("2026-08", "2026-09", "2026-10")]
    content = xlsx_bytes([["retailer_id", "month", "cases", "amount", "orders"], *rows])
    report = import_orders(
        seeded_session, LOCAL_ADMIN, content, filename="upload", fmt=TableFormat.XLSX
    )
    assert report.file == "upload"
    assert get_retailer(seeded_session, rid)["avg_monthly_cases"] == 30.0
    assert seeded_session.read(Query.LATEST_ORDER_MONTH)[0]["month"] == "2026-10"


def test_unsupported_files_are_refused_clearly(session: Session) -> None:
    with pytest.raises(InvalidInput, match="r.txt: unsupported file type '.txt'"):
        import_retailers(session, LOCAL_ADMIN, b"x", filename="r.txt")


@pytest.mark.parametrize(
    "someone",
    [
        Principal("someone", AccountRole.DISPATCHER),
        Principal("someone", AccountRole.VIEWER),
        Principal("someone", AccountRole.TEAM_LEAD, areas=frozenset({"A01"})),
    ],
    ids=lambda p: p.role.value,
)
def test_only_administrators_and_planners_import(session: Session, someone: Principal) -> None:
    with pytest.raises(
        Forbidden, match=rf"someone \({someone.role.value}\) may not import retailers"
    ):
        import_retailers(session, someone, csv_bytes(HEADER, [GOOD]), filename="r.csv")
    with pytest.raises(Forbidden, match="may not import orders"):
        import_orders(session, someone, b"", filename="o.csv")
