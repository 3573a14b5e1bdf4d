"""Import retailers and orders from CSV or Excel content (I/O around `seeds.importer`).

The content comes as bytes or a binary file, so a terminal and an HTTP upload call the same
functions. Nothing is dropped silently: every problem of every rejected row is in the report.
An import is one transaction: all its valid rows land, with their audit entries, or none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import BinaryIO

from graph.derived import refresh_delivery_fields
from graph.edits import Editor
from graph.errors import InvalidInput, RowError
from graph.model import DistrictKind
from graph.principal import AccountRole, Principal
from graph.progress import Progress
from graph.queries import Query
from graph.rows import Row, as_row
from graph.session import Session
from seeds.importer import MARGIN_KM, Known, map_retailer_columns, validate_retailers
from seeds.merge import TEAM, audit_entries, full_records, memberships
from seeds.nearest import nearest
from seeds.order_rows import map_order_columns, validate_orders
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
    """Rows with at least one problem; `errors` lists every problem."""
    errors: tuple[RowError, ...]
    ignored_columns: dict[str, str]

    def __post_init__(self) -> None:
        object.__setattr__(self, "rejected", len({e.line for e in self.errors}))


def _keys(session: Session, query: Query, ids: Sequence[str]) -> set[str]:
    """Which of `ids` the graph holds."""
    return {str(r["key"]) for r in session.read(query, ids=sorted({i for i in ids if i}))}


def _held(session: Session, table: Table) -> dict[str, Row]:
    """The graph's records of the retailers the file names."""
    ids = sorted({i for i in table.cells(map_retailer_columns(table.header).fields.get("id")) if i})
    return {str(r["id"]): r for r in session.read(Query.RETAILERS, keys=ids)}


def _before(held: dict[str, Row], placed: list[Row]) -> dict[str, Row]:
    """The held records with their area, manager and agent, as the audit compares them."""
    return {
        str(p["id"]): {**held[str(p["id"])], **{k: p[k] for k in ("area", *TEAM)}}
        for p in placed
        if p["id"] in held
    }


def _known(session: Session, table: Table, held: dict[str, Row]) -> Known:
    """The retailers and staff the file names that the graph holds, and every district and
    area."""
    columns = map_retailer_columns(table.header).fields
    staff = table.cells(columns.get("manager")) + table.cells(columns.get("agent"))
    return Known(
        retailers=set(held),
        districts={str(d["adcode"]) for d in session.read(Query.DISTRICT_LIST)},
        areas={str(a["code"]) for a in session.read(Query.AREA_LIST)},
        staff=_keys(session, Query.STAFF_KEYS, staff),
        held=held,
    )


def import_retailers(
    session: Session,
    principal: Principal,
    data: bytes | BinaryIO,
    *,
    filename: str,
    fmt: TableFormat | None = None,
    margin_km: float = MARGIN_KM,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Create or update retailers from CSV or Excel content (format: `fmt`, else the extension
    of `filename`), all valid rows in one transaction, every change audited as made by
    `principal` at `now`. A new retailer without an area joins the area around it (see
    `seeds.merge`) and the nearest trade area of its district; a point more than `margin_km`
    outside its district is refused."""
    principal.require(AccountRole.PLANNER, to="import retailers")
    if not margin_km >= 0:
        raise InvalidInput(f"the district margin must be 0 km or more, not {margin_km}")
    table = read_table(data, filename=filename, fmt=fmt)
    held = _held(session, table)
    rows = validate_retailers(table, _known(session, table, held), margin_km=margin_km)
    districts = session.read(Query.DISTRICT_LIST)
    zone_of = {str(a["code"]): a["zone"] for a in session.read(Query.AREA_LIST)}
    placed = session.read(Query.RETAILER_POSITIONS)
    members, member_errors = memberships(rows.records, rows.lines, held, zone_of, placed)
    dropped = {e.line for e in member_errors}
    kept = [(r, n) for r, n in zip(rows.records, rows.lines) if n not in dropped]
    urban = {str(d["adcode"]): d["kind"] == DistrictKind.URBAN for d in districts}
    full = full_records([r for r, _ in kept], held, urban)
    stamp = (now or datetime.now()).isoformat(timespec="seconds")
    editor = Editor(principal.staff or principal.user, principal.role.value)
    lines = [n for _, n in kept]
    before = _before(held, placed)
    audit = audit_entries(full, lines, before, members, editor=editor, at=stamp, source=filename)
    with session.transaction():
        _write_retailers(session, full, members, progress)
        session.write(Query.UPSERT_AUDIT_ENTRIES, [as_row(a) for a in audit])
        session.write(
            Query.LINK_RETAILER_AUDIT, [{"src": a.retailer_id, "dst": a.id} for a in audit]
        )
        refresh_delivery_fields(session)
    created = sum(1 for r in full if r["id"] not in held)
    return ImportReport(
        filename,
        table.read,
        created,
        len(full) - created,
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
        with session.transaction():  # joins the import's one transaction
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
    with session.transaction():
        for start in range(0, len(rows.months), CHUNK * 10):
            part = rows.months[start : start + CHUNK * 10]
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
