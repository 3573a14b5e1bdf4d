"""Read a date's planned routes, whole or as the principal's areas see them, export them, and
list the dates that have routes.

Given the store's change counter, a read is kept in the process's `LayoutCache` and reused
until the store changes (as `graph.service.map_points` does): a city's day is some 3,500 stops.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from graph.errors import NotFound
from graph.layout_cache import LayoutCache
from graph.principal import Principal
from graph.queries import Query
from graph.rows import Row
from graph.session import Session
from routing.delivery_params import DeliveryParams
from routing.export import MEDIA_TYPES, DeliveryRoute, RouteStop, check_format, render
from routing.service.scope import require_reader

_PARAMS = DeliveryParams()
SHIFT_MIN = (_PARAMS.shift_end_s - _PARAMS.shift_start_s) // 60
"""The shift length plans allow (`DeliveryParams`: 08:00 to 15:00, 420 minutes)."""


@dataclass(frozen=True)
class RouteExport:
    """A date's routes rendered in one format: the bytes and what they hold."""

    routes: int
    media_type: str
    content: bytes


def read_routes(
    session: Session,
    principal: Principal,
    day: dt.date,
    *,
    area: str | None = None,
    vehicle: str | None = None,
    cache: LayoutCache | None = None,
    version: int | None = None,
) -> tuple[DeliveryRoute, ...]:
    """The routes planned for `day`, in route order, stops in visiting order; with `area`,
    the routes that stop there with only those stops; with `vehicle`, that vehicle's trips.
    Each route carries its vehicle's capacity and the shift length plans allow. With the
    store's change counter `version` (read before this call) the answer is kept in `cache`.

    A principal scoped to areas gets the routes that stop at its retailers, with only those
    stops (the route's load and distance stay the whole trip's). Raises `NotFound` when
    nothing is planned for the date."""
    require_reader(principal, "delivery routes")
    if area is not None:
        principal.require_area(area, f"area {area}")
    key = ("routes", day, area, vehicle, principal.areas)
    if cache is None:
        return _read_routes(session, principal, day, area, vehicle)
    return cache.answer(key, version, lambda: _read_routes(session, principal, day, area, vehicle))


def _read_routes(
    session: Session, principal: Principal, day: dt.date, area: str | None, vehicle: str | None
) -> tuple[DeliveryRoute, ...]:
    if area is None and principal.areas is None:
        rows = session.read(Query.ROUTES_OF_DATE, date=day)
    else:
        areas = sorted({area} if area is not None else principal.areas or ())
        rows = session.read(Query.ROUTES_OF_DATE_IN_AREAS, date=day, areas=areas)
    if not rows and not session.read(Query.ROUTES_OF_DATE, date=day):
        raise NotFound(f"no routes planned for {day}: plan that date first")
    if vehicle is not None:
        rows = [r for r in rows if str(r["vehicle"]) == vehicle]
    capacity = {
        str(v["id"]): float(v["capacity_cases"]) for v in session.read(Query.VEHICLE_CAPACITIES)
    }
    return _routes(rows, capacity)


def route_dates(session: Session, principal: Principal) -> tuple[dt.date, ...]:
    """The dates that have routes, ascending; for a principal scoped to areas, those with a
    stop in its areas."""
    require_reader(principal, "delivery routes")
    if principal.areas is None:
        rows = session.read(Query.ROUTE_DATES)
    else:
        rows = session.read(Query.ROUTE_DATES_IN_AREAS, areas=sorted(principal.areas))
    return tuple(sorted(_day(r["date"]) for r in rows if r["date"] is not None))


def export_routes(session: Session, principal: Principal, day: dt.date, fmt: str) -> RouteExport:
    """The routes `read_routes` returns, as GeoJSON, CSV or manifests (`fmt`)."""
    check_format(fmt)
    routes = read_routes(session, principal, day)
    return RouteExport(len(routes), MEDIA_TYPES[fmt], render(routes, fmt, day.isoformat()))


def _day(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _routes(rows: Sequence[Row], capacity: dict[str, float]) -> tuple[DeliveryRoute, ...]:
    """Rows of (route, stop) grouped by route, keeping their order."""
    stops: dict[str, list[RouteStop]] = {}
    heads: dict[str, Row] = {}
    for r in rows:
        heads.setdefault(str(r["route"]), r)
        stops.setdefault(str(r["route"]), []).append(_stop(r))
    return tuple(
        _route(head, tuple(stops[rid]), capacity[str(head["vehicle"])])
        for rid, head in heads.items()
    )


def _stop(r: Row) -> RouteStop:
    return RouteStop(
        seq=r["seq"],
        eta_min=r["eta_min"],
        cases=r["cases"],
        retailer=r["retailer"],
        name=r["name"],
        address=r["address"],
        phone=r["phone"],
        lon=r["lon"],
        lat=r["lat"],
    )


def _route(r: Row, stops: tuple[RouteStop, ...], capacity_cases: float) -> DeliveryRoute:
    return DeliveryRoute(
        route=r["route"],
        trip=r["trip"],
        zone=r["zone"],
        load_cases=r["load_cases"],
        capacity_cases=capacity_cases,
        distance_km=r["distance_km"],
        start_min=r["start_min"],
        end_min=r["end_min"],
        shift_min=SHIFT_MIN,
        vehicle=r["vehicle"],
        plate=r["plate"],
        depot=r["depot"],
        depot_name=r["depot_name"],
        depot_lon=r["depot_lon"],
        depot_lat=r["depot_lat"],
        driver=r["driver"],
        driver_name=r["driver_name"],
        stops=stops,
    )
