"""Import retailers and orders from CSV or Excel content (I/O around `seeds.importer`).

The content comes as bytes or a binary file, so a terminal and an HTTP upload call the same
functions. Nothing is dropped silently: every rejected row is in the report. Each chunk of
retailers (records and memberships) is one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

from graph.errors import RowError
from graph.principal import AccountRole, Principal
from graph.progress import Progress
from graph.queries import Query
from graph.rows import Row, as_row
from graph.session import Session
from seeds.importer import (
    Known,
    map_order_columns,
    map_retailer_columns,
    validate_orders,
    validate_retailers,
)
from seeds.merge import full_records, memberships
from seeds.nearest import nearest
from seeds.service.purchases import refresh_purchases
from seeds.tabular import Table, TableFormat, read_table

CHUNK = 500
MEMBERSHIPS = (
    ("area", Query.SET_RETAILER_AREAS),
    ("zone", Query.SET_RETAILER_ZONES),
    ("manager", Query.SET_RETAILER_MANAGERS),
    ("agent", Query.SET_RETAILER_AGENTS),
)


@dataclass(frozen=True)
class ImportReport:
    """What an import did: rows read, records created and updated, every rejected row (with
    their count in `rejected`) and the columns ignored, with why."""

    file: str
    rows: int
    created: int
    updated: int
    rejected: int = field(init=False)
    errors: tuple[RowError, ...]
    ignored_columns: dict[str, str]

    def __post_init__(self) -> None:
        object.__setattr__(self, "rejected", len(self.errors))


def _keys(session: Session, query: Query, ids: Sequence[str]) -> set[str]:
    """Which of `ids` the graph holds."""
    return {str(r["key"]) for r in session.read(query, ids=sorted({i for i in ids if i}))}


def _known(session: Session, table: Table) -> Known:
    """The retailers and staff the file names that the graph holds, and every district and
    area."""
    columns = map_retailer_columns(table.header).fields
    staff = table.cells(columns.get("manager")) + table.cells(columns.get("agent"))
    return Known(
        retailers=_keys(session, Query.RETAILER_KEYS, table.cells(columns.get("id"))),
        districts={str(d["adcode"]) for d in session.read(Query.DISTRICT_LIST)},
        areas={str(a["code"]) for a in session.read(Query.AREA_LIST)},
        staff=_keys(session, Query.STAFF_KEYS, staff),
    )


def import_retailers(
    session: Session,
    principal: Principal,
    data: bytes | BinaryIO,
    *,
    filename: str,
    fmt: TableFormat | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Create or update retailers from CSV or Excel content (format: `fmt`, else the extension
    of `filename`). A new retailer without an area joins the area around it (see
    `seeds.merge`) and the nearest trade area of its district."""
    principal.require(AccountRole.PLANNER, to="import retailers")
    table = read_table(data, filename=filename, fmt=fmt)
    known = _known(session, table)
    rows = validate_retailers(table, known)
    ids = [r["id"] for r in rows.records]
    existing = {str(r["id"]): r for r in session.read(Query.RETAILERS, keys=ids)}
    zone_of = {str(a["code"]): a["zone"] for a in session.read(Query.AREA_LIST)}
    placed = session.read(Query.RETAILER_POSITIONS)
    members, member_errors = memberships(rows.records, rows.lines, existing, zone_of, placed)
    dropped = {e.line for e in member_errors}
    records = [r for r, line in zip(rows.records, rows.lines) if line not in dropped]
    _write_retailers(session, full_records(records, existing), members, progress)
    created = sum(1 for r in records if r["id"] not in known.retailers)
    return ImportReport(
        filename,
        len(table.rows),
        created,
        len(records) - created,
        tuple(sorted(rows.errors + member_errors, key=lambda e: e.line)),
        rows.columns.ignored,
    )


def _business_areas(session: Session, rows: list[Row]) -> dict[str, str]:
    """Nearest trade area of the same district for each row."""
    areas = session.read(Query.BUSINESS_AREA_LIST)
    out: dict[str, str] = {}
    for district in {str(r["district_adcode"]) for r in rows}:
        mine = [r for r in rows if r["district_adcode"] == district]
        cands = [a for a in areas if a["district"] == district]
        if cands and mine:
            points = [(float(r["lon"]), float(r["lat"])) for r in mine]
            out |= {str(r["id"]): str(n["id"]) for r, n in zip(mine, nearest(points, cands))}
    return out


def _write_retailers(
    session: Session,
    rows: list[Row],
    members: dict[str, dict[str, object]],
    progress: Progress | None,
) -> None:
    trade = _business_areas(session, rows)
    for start in range(0, len(rows), CHUNK):
        part = rows[start : start + CHUNK]
        ids = [str(r["id"]) for r in part]
        with session.transaction():
            session.write(Query.UPSERT_RETAILERS, part)
            session.write(
                Query.SET_RETAILER_DISTRICTS,
                [{"src": r["id"], "dst": r["district_adcode"]} for r in part],
            )
            session.write(
                Query.SET_RETAILER_BUSINESS_AREAS,
                [{"src": i, "dst": trade[i]} for i in ids if i in trade],
            )
            for key, query in MEMBERSHIPS:
                edges = [(i, members.get(i, {}).get(key)) for i in ids]
                session.write(query, [{"src": i, "dst": dst} for i, dst in edges if dst])
        if progress:
            progress("retailers", start + len(part), len(rows))


def import_orders(
    session: Session,
    principal: Principal,
    data: bytes | BinaryIO,
    *,
    filename: str,
    fmt: TableFormat | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Replace the (retailer, month) totals found in CSV or Excel content of orders, then
    recompute the affected retailers' derived purchase fields."""
    principal.require(AccountRole.PLANNER, to="import orders")
    table = read_table(data, filename=filename, fmt=fmt)
    id_column = map_order_columns(table.header)[0].get("retailer_id")
    rows = validate_orders(table, _keys(session, Query.RETAILER_KEYS, table.cells(id_column)))
    existing = _keys(session, Query.ORDER_MONTH_KEYS, [m.id for m in rows.months])
    for start in range(0, len(rows.months), CHUNK * 10):
        part = rows.months[start : start + CHUNK * 10]
        with session.transaction():
            session.write(Query.UPSERT_ORDER_MONTHS, [as_row(m) for m in part])
            session.write(
                Query.LINK_RETAILER_ORDERS, [{"src": m.retailer_id, "dst": m.id} for m in part]
            )
        if progress:
            progress("orders", start + len(part), len(rows.months))
    refresh_purchases(session, sorted({m.retailer_id for m in rows.months}))
    created = sum(1 for m in rows.months if m.id not in existing)
    return ImportReport(
        filename,
        rows.rows,
        created,
        len(rows.months) - created,
        tuple(rows.errors),
        rows.ignored,
    )
