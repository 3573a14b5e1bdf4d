"""How imported retailer rows merge with what the graph holds: full records, memberships,
and the audit entries of what changed.

A new retailer without an area joins the area around it (`surrounding_areas`); a retailer
entering an area without a named manager or agent takes those of the nearest retailer placed
in that area; its zone is its area's zone. A field that can be derived and is missing is
derived (the market type from the district the point lies in), so every imported retailer
classifies.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import shapely

from graph.edits import Editor, audit_entry, cell_text
from graph.errors import RowError
from graph.model import AuditEntry, MarketType, Retailer
from graph.rows import Row
from seeds.geo import district_shapes
from seeds.importer import RETAILER
from seeds.nearest import Point, nearest, surrounding_areas

DEFAULTS = {
    f.name: f.default for f in dataclasses.fields(Retailer) if f.default is not dataclasses.MISSING
}
"""Values a new retailer starts with (derived fields before any order or classification)."""
TEAM = ("manager", "agent")
CREATED = "(created)"
"""The field of the one audit entry a new retailer gets (its value: the file and line)."""


def _point(record: Mapping[str, Any]) -> Point:
    return float(record["lon"]), float(record["lat"])


def full_records(
    records: Sequence[Mapping[str, object]],
    existing: Mapping[str, Row],
    urban: Mapping[str, bool],
) -> list[Row]:
    """Existing values (or a new retailer's defaults) overlaid with the file's, every schema
    field present and the derivable ones derived. `urban` tells, per district adcode, whether
    it is an urban district (else a county)."""
    out = []
    for record in records:
        base = existing.get(str(record["id"])) or DEFAULTS
        row = {p.name: base.get(p.name) for p in RETAILER.properties}
        row.update({k: v for k, v in record.items() if k in row and v is not None})
        if row["market_type"] is None and row["lon"] is not None and row["lat"] is not None:
            row["market_type"] = market_type(_point(row), str(row["district_adcode"]), urban)
        out.append(row)
    return out


def market_type(point: Point, district: str, urban: Mapping[str, bool]) -> str:
    """C (urban) when the point lies in an urban district, X (rural) in a county; a point in
    none of the shipped polygons takes its own district's kind.

    >>> market_type((117.30, 31.86), "340103", {}), market_type((117.0, 32.4), "340121", {})
    ('C', 'X')
    >>> market_type((100.0, 30.0), "999999", {"999999": True})
    'C'
    """
    shapes, here = district_shapes(), shapely.Point(*point)
    shape = next((d for d in shapes.values() if d.polygon.covers(here)), shapes.get(district))
    inside = shape.urban if shape is not None else urban.get(district, False)
    return (MarketType.URBAN if inside else MarketType.RURAL).value


def memberships(
    records: Sequence[Mapping[str, Any]],
    lines: Sequence[int],
    existing: Mapping[str, Row],
    zone_of: Mapping[str, object],
    placed: Sequence[Row],
) -> tuple[dict[str, dict[str, object]], list[RowError]]:
    """Area, zone, manager and agent for each record that is new or changes them, and a
    `RowError` for each record that cannot be placed or staffed.

    `zone_of` maps area codes to zones; `placed` holds the retailers in the graph (``id``,
    ``lon``, ``lat``, ``area``, ``manager``, ``agent``).
    """
    fresh = [r for r in records if r["id"] not in existing and not r.get("area")]
    around = _areas_around(fresh, placed)
    out: dict[str, dict[str, object]] = {}
    errors: list[RowError] = []
    for given, line in zip(records, lines):
        rid, is_new = str(given["id"]), given["id"] not in existing
        if not is_new and not any(given.get(k) for k in ("area", *TEAM)):
            continue
        area = given.get("area") or (around.get(rid) if is_new else None)
        if area is None and is_new:
            why = "no area given and no placed retailer to place this one near"
            errors.append(RowError(line, "area", why))
            continue
        record = {**existing.get(rid, {}), **{k: v for k, v in given.items() if v is not None}}
        member = _member(record, area, zone_of, placed, line)
        if isinstance(member, RowError):
            errors.append(member)
        else:
            out[rid] = member
    return out, errors


def _areas_around(records: Sequence[Mapping[str, Any]], placed: Sequence[Row]) -> dict[str, str]:
    """The area around each record (none when nothing is placed yet)."""
    if not records or not placed:
        return {}
    areas = surrounding_areas([_point(r) for r in records], placed)
    return {str(r["id"]): area for r, area in zip(records, areas)}


def _member(
    record: Mapping[str, Any],
    area: object,
    zone_of: Mapping[str, object],
    placed: Sequence[Row],
    line: int,
) -> dict[str, object] | RowError:
    """The record's team, and its area, zone and the team missing from the file when it
    enters `area` (None: it stays where it is)."""
    member: dict[str, object] = {k: record.get(k) for k in TEAM}
    if area is None:
        return member
    member |= {"area": area, "zone": zone_of[str(area)]}
    peers = [p for p in placed if p["area"] == area and p["id"] != record["id"]]
    near = nearest([_point(record)], peers)[0] if peers else {}
    for role in TEAM:
        member[role] = member[role] or near.get(role)
    missing = next((r for r in TEAM if not member[r]), None)
    if missing:
        return RowError(line, missing, f"no {missing} given and none serves area {area}")
    return member


def audit_entries(
    rows: Sequence[Row],
    lines: Sequence[int],
    before: Mapping[str, Row],
    members: Mapping[str, Mapping[str, object]],
    *,
    editor: Editor,
    at: str,
    source: str,
) -> list[AuditEntry]:
    """What an import changed, audited like an edit: for a retailer the graph held, one entry
    per changed field (area, manager and agent included); for a new one, a single entry whose
    field is ``(created)`` and whose new value names the file and line. `before` holds the
    graph's records with their ``area``, ``manager`` and ``agent``; `request_id` is
    ``import:<source>``."""
    out = []
    for row, line in zip(rows, lines):
        rid = str(row["id"])
        changes = [(CREATED, "", f"{source} line {line}")]
        if rid in before:
            after = {**row, **{k: v for k, v in members.get(rid, {}).items() if k != "zone"}}
            old = before[rid]
            changes = [
                (k, cell_text(old.get(k)), cell_text(v))
                for k, v in after.items()
                if cell_text(old.get(k)) != cell_text(v)
            ]
        out += [
            audit_entry(rid, k, o, n, editor, at, f"import:{source}") for k, o, n in changes
        ]
    return out
