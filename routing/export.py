"""A day's routes as GeoJSON (for maps), CSV (one row per stop) or a printable manifest per
vehicle (what a crew carries: stops in order with address, phone, cases and ETA)."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from graph.errors import InvalidInput

MEDIA_TYPES = {
    "geojson": "application/geo+json",
    "csv": "text/csv",
    "manifest": "text/plain",
}
"""Each export format and the media type of its UTF-8 bytes."""
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


@dataclass(frozen=True)
class RouteStop:
    """One stop of a planned route: the retailer, its place in the order and its delivery."""

    seq: int
    eta_min: int
    """Arrival, minutes after midnight."""
    cases: float
    retailer: str
    name: str
    address: str | None
    phone: str | None
    lon: float
    lat: float


@dataclass(frozen=True)
class DeliveryRoute:
    """One planned trip of one vehicle, its crew's driver and its stops in order."""

    route: str
    trip: int
    zone: int
    load_cases: float
    capacity_cases: float
    """The vehicle's capacity over the day (its trips share it)."""
    distance_km: float
    start_min: int
    end_min: int
    shift_min: int
    """The length of the shift the plan allowed, in minutes."""
    vehicle: str
    plate: str
    depot: str
    depot_name: str
    depot_lon: float
    depot_lat: float
    driver: str | None
    driver_name: str | None
    stops: tuple[RouteStop, ...]


def _clock(minutes: int | None) -> str:
    m = int(minutes or 0)
    return f"{m // 60:02d}:{m % 60:02d}"


def to_geojson(routes: Sequence[DeliveryRoute]) -> str:
    """A LineString from the depot through the stops and back per route, and a Point per stop."""
    features: list[dict[str, object]] = []
    for r in routes:
        depot = [r.depot_lon, r.depot_lat]
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "LineString",
                    "coordinates": [depot, *([s.lon, s.lat] for s in r.stops), depot],
                },
                "properties": {
                    "route": r.route,
                    "vehicle": r.vehicle,
                    "trip": r.trip,
                    "driver": r.driver,
                    "load_cases": r.load_cases,
                    "distance_km": r.distance_km,
                },
            }
        )
        features += [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [s.lon, s.lat]},
                "properties": {
                    "route": r.route,
                    "seq": s.seq,
                    "retailer": s.retailer,
                    "name": s.name,
                    "eta": _clock(s.eta_min),
                    "cases": s.cases,
                },
            }
            for s in r.stops
        ]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


def to_csv(routes: Sequence[DeliveryRoute]) -> str:
    """One row per stop, the route's columns first (`CSV_COLUMNS`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for r in routes:
        for s in r.stops:
            writer.writerow(
                [
                    *(r.route, r.vehicle, r.plate, r.driver, r.driver_name, r.trip, s.seq),
                    _clock(s.eta_min),
                    *(s.retailer, s.name, s.address, s.phone, s.cases, s.lon, s.lat),
                ]
            )
    return buffer.getvalue()


def to_manifest(routes: Sequence[DeliveryRoute], day: str) -> str:
    """Plain text, one page per vehicle (form feeds between them) for printing."""
    by_vehicle: dict[str, list[DeliveryRoute]] = defaultdict(list)
    for r in routes:
        by_vehicle[r.vehicle].append(r)
    pages = []
    for vehicle, mine in sorted(by_vehicle.items()):
        head = mine[0]
        lines = [
            f"送货单 Delivery manifest — {day}",
            f"车辆 Vehicle {vehicle} ({head.plate}), 配送站 Depot {head.depot_name}",
            f"送货员 Driver {head.driver} {head.driver_name or ''}",
            "",
        ]
        for r in mine:
            lines.append(
                f"第{r.trip}趟 Trip {r.trip}: {len(r.stops)} stops, "
                f"{sum(s.cases for s in r.stops):.2f} cases, {_clock(r.start_min)}–"
                f"{_clock(r.end_min)}"
            )
            lines += [
                f"  {s.seq:>3}. {_clock(s.eta_min)}  {s.cases:>5.2f} 件  "
                f"{s.name}  {s.address}  {s.phone}"
                for s in r.stops
            ]
            lines.append("")
        lines.append("签收 Signature: ______________________")
        pages.append("\n".join(lines))
    return "\f\n".join(pages) + "\n"


def render(routes: Sequence[DeliveryRoute], fmt: str, day: str) -> bytes:
    """The routes in format `fmt` (one of `MEDIA_TYPES`) as UTF-8 bytes."""
    check_format(fmt)
    if fmt == "geojson":
        text = to_geojson(routes)
    else:
        text = to_csv(routes) if fmt == "csv" else to_manifest(routes, day)
    return text.encode("utf-8")


def check_format(fmt: str) -> None:
    """Raise `InvalidInput` unless `fmt` is an export format."""
    if fmt not in MEDIA_TYPES:
        raise InvalidInput(f"unknown format {fmt!r}: use {', '.join(MEDIA_TYPES)}")
