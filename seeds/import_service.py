"""Import retailers and orders from CSV/Excel into the graph (I/O around `seeds.importer`).

A new retailer without an area joins the area of its nearest placed retailer, with that
retailer's manager and agent, and the nearest trade area of its district; its zone is its
area's zone. Each chunk of retailers (record and memberships) is one transaction.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy.spatial import cKDTree

from graph.cycle import history_months
from graph.errors import RowError
from graph.geo import project_km
from graph.model import OrderMonth, Retailer
from graph.queries import Query
from graph.rows import Row, as_row
from graph.store import GraphStore
from seeds.importer import (
    RETAILER,
    Known,
    map_order_columns,
    map_retailer_columns,
    validate_orders,
    validate_retailers,
)
from seeds.orders import summarise_orders
from seeds.tabular import Table, read_table

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]
CHUNK = 500
DEFAULTS = {
    f.name: f.default for f in dataclasses.fields(Retailer) if f.default is not dataclasses.MISSING
}
"""Values a new retailer starts with (derived fields before any order or classification)."""


@dataclass
class ImportReport:
    """What an import did: counts, every rejected row, ignored columns."""

    file: str
    rows: int
    created: int = 0
    updated: int = 0
    rejected: list[RowError] = field(default_factory=list)
    ignored_columns: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "rejected": len(self.rejected),
            "errors": [
                {"line": e.line, "column": e.column, "message": e.message} for e in self.rejected
            ],
            "ignored_columns": self.ignored_columns,
        }


def _keys(store: GraphStore, query: Query, ids: Sequence[object]) -> set[str]:
    """Which of `ids` the graph holds."""
    return {str(r["key"]) for r in store.read(query, ids=sorted({i for i in ids if i}))}


def _cells(table: Table, column: str | None) -> list[str]:
    return [cells.get(column, "") for _, cells in table.rows] if column else []


def _nearest(points: Sequence[tuple[float, float]], candidates: Sequence[Row]) -> list[Row]:
    """For each (lon, lat), the candidate row (with ``lon``, ``lat``) closest to it."""
    origin = (
        float(np.mean([c["lon"] for c in candidates])),
        float(np.mean([c["lat"] for c in candidates])),
    )
    tree = cKDTree(
        project_km([c["lon"] for c in candidates], [c["lat"] for c in candidates], origin)
    )
    lon, lat = zip(*points)
    _, idx = tree.query(project_km(lon, lat, origin))
    return [candidates[int(i)] for i in np.atleast_1d(idx)]


def _memberships(
    store: GraphStore,
    records: list[dict[str, object]],
    lines: list[int],
    existing: dict[str, Row],
) -> tuple[dict[str, dict[str, object]], list[RowError]]:
    """Area, zone, manager and agent for each record that is new or changes them.

    Missing values come from the nearest placed retailer: its area for a new retailer, and,
    for a retailer entering an area, the manager and agent of the nearest one in that area.
    """
    zone_of = {str(a["code"]): a["zone"] for a in store.read(Query.AREA_LIST)}
    placed = store.read(Query.RETAILER_POSITIONS)
    out: dict[str, dict[str, object]] = {}
    errors: list[RowError] = []
    fresh = [r for r in records if r["id"] not in existing and not r.get("area")]
    around = (
        dict(
            zip(
                (str(r["id"]) for r in fresh),
                surrounding_areas([(float(r["lon"]), float(r["lat"])) for r in fresh], placed),
            )
        )
        if fresh and placed
        else {}
    )
    for given, line in zip(records, lines):
        rid, is_new = str(given["id"]), given["id"] not in existing
        record = {**existing.get(rid, {}), **{k: v for k, v in given.items() if v is not None}}
        if not is_new and not any(given.get(k) for k in ("area", "manager", "agent")):
            continue
        area = given.get("area")
        if area is None and is_new:
            area = around.get(rid)
            if area is None:
                errors.append(
                    RowError(
                        line, "area", "no area given and no placed retailer to place this one near"
                    )
                )
                continue
        member: dict[str, object] = {k: record.get(k) for k in ("manager", "agent")}
        if area is not None:
            member |= {"area": area, "zone": zone_of[str(area)]}
            peers = [p for p in placed if p["area"] == area and p["id"] != rid]
            near = _nearest_row(record, peers) if peers else {}
            for role in ("manager", "agent"):
                member[role] = member[role] or near.get(role)
            missing = next((r for r in ("manager", "agent") if not member[r]), None)
            if missing:
                errors.append(
                    RowError(line, missing, f"no {missing} given and none serves area {area}")
                )
                continue
        out[rid] = member
    return out, errors


def _nearest_row(record: dict[str, object], candidates: Sequence[Row]) -> Row:
    return _nearest([(float(record["lon"]), float(record["lat"]))], candidates)[0]


def surrounding_areas(
    points: Sequence[tuple[float, float]], placed: Sequence[Row], k: int = 5
) -> list[str]:
    """For each (lon, lat), the area most of the `k` nearest placed retailers belong to (ties:
    the nearest's), so a new shop joins the area around it rather than one across a border."""
    origin = (
        float(np.mean([p["lon"] for p in placed])),
        float(np.mean([p["lat"] for p in placed])),
    )
    tree = cKDTree(project_km([p["lon"] for p in placed], [p["lat"] for p in placed], origin))
    lon, lat = zip(*points)
    _, idx = tree.query(project_km(lon, lat, origin), k=min(k, len(placed)))
    out = []
    for row in np.asarray(idx).reshape(len(points), -1):
        areas = [str(placed[int(i)]["area"]) for i in np.atleast_1d(row)]
        out.append(max(areas, key=lambda a: (areas.count(a), -areas.index(a))))
    return out


def _full_rows(
    records: list[dict[str, object]], existing: dict[str, Row]
) -> list[dict[str, object]]:
    """Existing values overlaid with the file's, every schema field present."""
    out = []
    for record in records:
        base = existing.get(str(record["id"])) or DEFAULTS
        row = {p.name: base.get(p.name) for p in RETAILER.properties}
        row.update({k: v for k, v in record.items() if k in row and v is not None})
        out.append(row)
    return out


def import_retailers(
    store: GraphStore, path: Path, *, progress: Progress | None = None
) -> ImportReport:
    """Create or update retailers from a CSV or Excel file."""
    table = read_table(path)
    columns = map_retailer_columns(table.header).fields
    known = Known(
        retailers=_keys(store, Query.RETAILER_KEYS, _cells(table, columns.get("id"))),
        districts={str(d["adcode"]) for d in store.read(Query.DISTRICT_LIST)},
        areas={str(a["code"]) for a in store.read(Query.AREA_LIST)},
        staff=_keys(
            store,
            Query.STAFF_KEYS,
            _cells(table, columns.get("manager")) + _cells(table, columns.get("agent")),
        ),
    )
    rows = validate_retailers(table, known)
    existing = {
        str(r["id"]): r for r in store.read(Query.RETAILERS, keys=[r["id"] for r in rows.records])
    }
    members, member_errors = _memberships(store, rows.records, rows.lines, existing)
    dropped = {e.line for e in member_errors}
    records = [r for r, line in zip(rows.records, rows.lines) if line not in dropped]
    full = _full_rows(records, existing)
    _write_retailers(store, full, members, progress)
    report = ImportReport(str(path), len(table.rows), ignored_columns=rows.columns.ignored)
    report.rejected = sorted(rows.errors + member_errors, key=lambda e: e.line)
    report.created = sum(1 for r in records if r["id"] not in known.retailers)
    report.updated = len(records) - report.created
    return report


def _business_areas(store: GraphStore, rows: list[dict[str, object]]) -> dict[str, str]:
    """Nearest trade area of the same district for each row."""
    areas = store.read(Query.BUSINESS_AREA_LIST)
    out = {}
    for district in {str(r["district_adcode"]) for r in rows}:
        mine = [r for r in rows if r["district_adcode"] == district]
        cands = [a for a in areas if a["district"] == district]
        if cands and mine:
            near = _nearest([(float(r["lon"]), float(r["lat"])) for r in mine], cands)
            out |= {str(r["id"]): str(n["id"]) for r, n in zip(mine, near)}
    return out


def _write_retailers(
    store: GraphStore,
    rows: list[dict[str, object]],
    members: dict[str, dict[str, object]],
    progress: Progress | None,
) -> None:
    trade = _business_areas(store, rows)
    for start in range(0, len(rows), CHUNK):
        part = rows[start : start + CHUNK]
        ids = [str(r["id"]) for r in part]
        with store.transaction():
            store.write(Query.UPSERT_RETAILERS, part)
            store.write(
                Query.SET_RETAILER_DISTRICTS,
                [{"src": r["id"], "dst": r["district_adcode"]} for r in part],
            )
            store.write(
                Query.SET_RETAILER_BUSINESS_AREAS,
                [{"src": i, "dst": trade[i]} for i in ids if i in trade],
            )
            for key, query in (
                ("area", Query.SET_RETAILER_AREAS),
                ("zone", Query.SET_RETAILER_ZONES),
                ("manager", Query.SET_RETAILER_MANAGERS),
                ("agent", Query.SET_RETAILER_AGENTS),
            ):
                store.write(
                    query,
                    [
                        {"src": i, "dst": members[i][key]}
                        for i in ids
                        if members.get(i, {}).get(key)
                    ],
                )
        if progress:
            progress("retailers", start + len(part), len(rows))


def import_orders(
    store: GraphStore, path: Path, *, progress: Progress | None = None
) -> ImportReport:
    """Replace the (retailer, month) totals found in a CSV or Excel file of orders, then
    recompute the affected retailers' derived purchase fields."""
    table = read_table(path)
    id_column = map_order_columns(table.header)[0].get("retailer_id")
    rows = validate_orders(table, _keys(store, Query.RETAILER_KEYS, _cells(table, id_column)))
    existing = _keys(store, Query.ORDER_MONTH_KEYS, [m.id for m in rows.months])
    for start in range(0, len(rows.months), CHUNK * 10):
        part = rows.months[start : start + CHUNK * 10]
        with store.transaction():
            store.write(Query.UPSERT_ORDER_MONTHS, [as_row(m) for m in part])
            store.write(
                Query.LINK_RETAILER_ORDERS, [{"src": m.retailer_id, "dst": m.id} for m in part]
            )
        if progress:
            progress("orders", start + len(part), len(rows.months))
    refresh_purchases(store, sorted({m.retailer_id for m in rows.months}))
    report = ImportReport(str(path), rows.rows, rejected=rows.errors, ignored_columns=rows.ignored)
    report.created = sum(1 for m in rows.months if m.id not in existing)
    report.updated = len(rows.months) - report.created
    return report


def refresh_purchases(store: GraphStore, retailer_ids: Sequence[str], *, months: int = 12) -> None:
    """Recompute derived purchase fields over the `months` ending with the latest month held."""
    latest = store.read(Query.LATEST_ORDER_MONTH)
    if not retailer_ids or not latest or latest[0]["month"] is None:
        return
    window = history_months(str(latest[0]["month"]), months)
    for start in range(0, len(retailer_ids), CHUNK):
        part = list(retailer_ids[start : start + CHUNK])
        by_retailer: dict[str, list[OrderMonth]] = {r: [] for r in part}
        for row in store.read(Query.ORDERS_OF_RETAILERS, ids=part):
            by_retailer[str(row["retailer_id"])].append(OrderMonth(**row))
        rows = [
            {"id": rid, **as_row(summarise_orders(ms, window))} for rid, ms in by_retailer.items()
        ]
        store.write(Query.SET_RETAILER_PURCHASES, rows)
