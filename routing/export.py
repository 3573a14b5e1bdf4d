"""A day's routes as GeoJSON (for maps), CSV (one row per stop) or a printable manifest per
vehicle (what a crew carries: stops in order with address, phone, cases and ETA)."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Sequence

from graph.errors import InvalidInput
from graph.rows import Row

FORMATS = ("geojson", "csv", "manifest")
CSV_COLUMNS = (
    "route",
    "vehicle",
    "plate",
    "driver",
    "driver_name",
    "trip",
    "seq",
    "eta",
    "retailer",
    "name",
    "address",
    "phone",
    "cases",
    "lon",
    "lat",
)


def _clock(minutes: int | None) -> str:
    m = int(minutes or 0)
    return f"{m // 60:02d}:{m % 60:02d}"


def _by_route(rows: Sequence[Row]) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        out[str(r["route"])].append(r)
    return dict(out)


def to_geojson(rows: Sequence[Row]) -> str:
    features = []
    for route, stops in _by_route(rows).items():
        first = stops[0]
        depot = [first["depot_lon"], first["depot_lat"]]
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "LineString",
                    "coordinates": [depot, *([s["lon"], s["lat"]] for s in stops), depot],
                },
                "properties": {
                    "route": route,
                    "vehicle": first["vehicle"],
                    "trip": first["trip"],
                    "driver": first["driver"],
                    "load_cases": first["load_cases"],
                    "distance_km": first["distance_km"],
                },
            }
        )
        features += [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [s["lon"], s["lat"]]},
                "properties": {
                    "route": route,
                    "seq": s["seq"],
                    "retailer": s["retailer"],
                    "name": s["name"],
                    "eta": _clock(s["eta_min"]),
                    "cases": s["cases"],
                },
            }
            for s in stops
        ]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


def to_csv(rows: Sequence[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        writer.writerow([_clock(r["eta_min"]) if c == "eta" else r[c] for c in CSV_COLUMNS])
    return buffer.getvalue()


def to_manifest(rows: Sequence[Row], day: str) -> str:
    """Plain text, one page per vehicle (form feeds between them) for printing."""
    by_vehicle: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        by_vehicle[str(r["vehicle"])].append(r)
    pages = []
    for vehicle, mine in sorted(by_vehicle.items()):
        head = mine[0]
        lines = [
            f"送货单 Delivery manifest — {day}",
            f"车辆 Vehicle {vehicle} ({head['plate']}), 配送站 Depot {head['depot_name']}",
            f"送货员 Driver {head['driver']} {head['driver_name'] or ''}",
            "",
        ]
        for stops in _by_route(mine).values():
            total = sum(float(s["cases"]) for s in stops)
            lines.append(
                f"第{stops[0]['trip']}趟 Trip {stops[0]['trip']}: {len(stops)} stops, "
                f"{total:.2f} cases, {_clock(stops[0]['start_min'])}–"
                f"{_clock(stops[0]['end_min'])}"
            )
            lines += [
                f"  {s['seq']:>3}. {_clock(s['eta_min'])}  {s['cases']:>5.2f} 件  "
                f"{s['name']}  {s['address']}  {s['phone']}"
                for s in stops
            ]
            lines.append("")
        lines.append("签收 Signature: ______________________")
        pages.append("\n".join(lines))
    return "\f\n".join(pages) + "\n"


def render(rows: Sequence[Row], fmt: str, day: str) -> str:
    if fmt not in FORMATS:
        raise InvalidInput(f"unknown format {fmt!r}: use {', '.join(FORMATS)}")
    if fmt == "geojson":
        return to_geojson(rows)
    return to_csv(rows) if fmt == "csv" else to_manifest(rows, day)
