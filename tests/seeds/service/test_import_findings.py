"""Issue 22, finding 3: an import answers every row, keeps the rules of edits, audits what it
changes, derives what it can and lands all its valid rows in one transaction or none."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings

from classification.params import ClassParams
from classification.service.classify import classify_store
from graph.errors import DomainError, InvalidInput
from graph.integrity import check_graph
from graph.model import AuditEntry
from graph.principal import AccountRole, Principal
from graph.queries import Query
from graph.repository import get_retailer
from graph.session import Session
from seeds.city import City
from seeds.service import import_retailers
from tests.seeds.service.test_imports import csv_bytes
from tests.seeds.test_import_property import CSV, mutated

PLANNER = Principal("p", AccountRole.PLANNER)
NOW = datetime(2026, 12, 3, 12, 0, 0)
REQUIRED = ["id", "name", "lon", "lat", "district_adcode", "business_format", "outlet_scale"]
CITY_SHOP = ["NEW001", "新开便利店", "117.30", "31.86", "340103", "B", "S"]
COUNTY_SHOP = ["NEW002", "乡村食杂店", "117.17", "32.47", "340121", "Z", "M"]


def audit(session: Session, retailer_id: str) -> list[AuditEntry]:
    return [AuditEntry(**r) for r in session.read(Query.RETAILER_AUDIT, id=retailer_id)]


def test_a_retailer_with_only_the_required_columns_classifies(seeded_session: Session) -> None:
    data = csv_bytes(REQUIRED, [CITY_SHOP, COUNTY_SHOP])
    report = import_retailers(seeded_session, PLANNER, data, filename="r.csv", now=NOW)
    assert (report.created, report.rejected) == (2, 0)
    assert get_retailer(seeded_session, "NEW001")["market_type"] == "C"
    assert get_retailer(seeded_session, "NEW002")["market_type"] == "X"
    classified = classify_store(seeded_session, PLANNER, ClassParams())
    assert classified.retailers == len(seeded_session.read(Query.RETAILER_POSITIONS))
    assert get_retailer(seeded_session, "NEW001")["category_code"].startswith("CB")
    assert check_graph(seeded_session).ok


def test_rows_after_an_unclosed_quote_and_a_gb18030_row_still_land(
    seeded_session: Session,
) -> None:
    head = ",".join(REQUIRED).encode() + b"\n"
    quoted = b'NEW003,"unclosed,117.30,31.86,340103,B,S\n'
    gb_row = "NEW004,乙店,117.30,31.86,340103,B,S\n".encode("gb18030")
    tail = ",".join([*CITY_SHOP[:1], "甲店", *CITY_SHOP[2:]]).encode() + b"\n"
    data = head + quoted + gb_row + tail
    report = import_retailers(seeded_session, PLANNER, data, filename="r.csv", now=NOW)
    assert (report.rows, report.created, report.rejected) == (3, 1, 2)
    assert [(e.line, e.column) for e in report.errors] == [(2, "(row)"), (3, "(row)")]
    assert "unclosed quote" in report.errors[0].message
    assert "it reads as GB18030" in report.errors[1].message
    assert get_retailer(seeded_session, "NEW001")["name"] == "甲店"


def test_beijing_coordinates_for_a_hefei_district_are_refused(seeded_session: Session) -> None:
    beijing = [*CITY_SHOP[:2], "116.40", "39.90", *CITY_SHOP[4:]]
    report = import_retailers(
        seeded_session, PLANNER, csv_bytes(REQUIRED, [beijing]), filename="r.csv"
    )
    assert (report.created, report.rejected) == (0, 1)
    assert "km outside district 340103 (庐阳区)" in report.errors[0].message
    with pytest.raises(InvalidInput, match="margin must be 0 km or more"):
        import_retailers(seeded_session, PLANNER, b"id\n", filename="r.csv", margin_km=-1)


def test_the_phone_rule_of_edits_holds_for_imports(
    seeded_session: Session, tiny_city: City
) -> None:
    rid = tiny_city.retailers[0].id
    data = csv_bytes(["id", "phone"], [[rid, "12345"]])
    report = import_retailers(seeded_session, PLANNER, data, filename="r.csv")
    assert [(e.column, e.message) for e in report.errors] == [
        ("phone", "phone '12345' is not a mobile (11 digits) or landline number")
    ]
    assert get_retailer(seeded_session, rid)["phone"] == tiny_city.retailers[0].phone


def test_imported_changes_are_audited_by_the_acting_principal(
    seeded_session: Session, tiny_city: City
) -> None:
    old = tiny_city.retailers[0]
    data = csv_bytes(["id", "name", "phone"], [[old.id, old.name, "13811112222"]])
    import_retailers(seeded_session, PLANNER, data, filename="u.csv", now=NOW)
    import_retailers(
        seeded_session, PLANNER, csv_bytes(REQUIRED, [CITY_SHOP]), filename="n.csv", now=NOW
    )
    [entry] = audit(seeded_session, old.id)
    at = "2026-12-03T12:00:00"
    assert entry == AuditEntry(
        f"AU-{old.id}-phone-{at}",
        old.id,
        "phone",
        old.phone,
        "13811112222",
        "p",
        "planner",
        at,
        "import:u.csv",
    )
    [created] = audit(seeded_session, "NEW001")
    assert (created.field, created.old, created.new) == ("(created)", "", "n.csv line 2")


def test_an_import_is_one_transaction(
    seeded_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    write = seeded_session.write

    def failing(query: Query, rows: object) -> int:
        if query is Query.LINK_RETAILER_AUDIT:
            raise RuntimeError("the disk is full")
        return write(query, rows)  # type: ignore[arg-type]

    monkeypatch.setattr(seeded_session, "write", failing)
    rows = [CITY_SHOP, [*COUNTY_SHOP]]
    with pytest.raises(RuntimeError):
        import_retailers(seeded_session, PLANNER, csv_bytes(REQUIRED, rows), filename="r.csv")
    monkeypatch.undo()
    assert seeded_session.read(Query.RETAILER_KEYS, ids=["NEW001", "NEW002"]) == []


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=mutated(CSV))
def test_mutated_files_through_the_service_count_every_row(
    seeded_session: Session, data: bytes
) -> None:
    try:
        report = import_retailers(seeded_session, PLANNER, data, filename="r.csv", now=NOW)
    except DomainError:
        return
    assert report.created + report.updated + report.rejected == report.rows
