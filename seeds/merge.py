"""How imported retailer rows merge with what the graph holds: full records and memberships.

A new retailer without an area joins the area around it (`surrounding_areas`); a retailer
entering an area without a named manager or agent takes those of the nearest retailer placed
in that area; its zone is its area's zone.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from graph.errors import RowError
from graph.model import Retailer
from graph.rows import Row
from seeds.importer import RETAILER
from seeds.nearest import Point, nearest, surrounding_areas

DEFAULTS = {
    f.name: f.default for f in dataclasses.fields(Retailer) if f.default is not dataclasses.MISSING
}
"""Values a new retailer starts with (derived fields before any order or classification)."""
TEAM = ("manager", "agent")


def _point(record: Mapping[str, Any]) -> Point:
    return float(record["lon"]), float(record["lat"])


def full_records(records: Sequence[Mapping[str, object]], existing: Mapping[str, Row]) -> list[Row]:
    """Existing values (or a new retailer's defaults) overlaid with the file's, every schema
    field present."""
    out = []
    for record in records:
        base = existing.get(str(record["id"])) or DEFAULTS
        row = {p.name: base.get(p.name) for p in RETAILER.properties}
        row.update({k: v for k, v in record.items() if k in row and v is not None})
        out.append(row)
    return out


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
