"""The retailers of the city map: one column per field, so that 11,500 points stay small.

One read answers it, as one row of columns; given the store's change counter, the answer is
kept in the process's `LayoutCache` and reused until the store changes (as
`graph.service.area_graph` does).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.errors import NotFound
from graph.layout_cache import LayoutCache
from graph.principal import Principal
from graph.queries import Query
from graph.rows import Row
from graph.service.scope import AREA_READERS, outside
from graph.session import Session

DEGREE_DIGITS = 5
"""Decimals kept of a longitude or latitude (about a metre)."""


@dataclass(frozen=True)
class MapPoints:
    """Retailers by column, ordered by id: position in WGS-84 degrees, area code ('' when in
    no area), tier (0: not classified) and value segment ('' when not classified)."""

    ids: tuple[str, ...]
    names: tuple[str, ...]
    licences: tuple[str, ...]
    lon: tuple[float, ...]
    lat: tuple[float, ...]
    areas: tuple[str, ...]
    tiers: tuple[int, ...]
    values: tuple[str, ...]
    count: int


def map_points(
    session: Session,
    principal: Principal,
    area: str | None = None,
    *,
    cache: LayoutCache | None = None,
    version: int | None = None,
) -> MapPoints:
    """The retailers in the principal's scope (with `area`: of that area only). With the
    store's change counter `version` (read before this call) the answer is kept in `cache`.

    Raises `Forbidden` for a viewer or retailer, or an area outside the principal's scope,
    `NotFound` for an unknown area otherwise."""
    principal.require(*AREA_READERS, to="read retailer positions")
    if area is not None and not principal.sees_area(area):
        raise outside(principal, f"area {area}")
    key = ("map-points", area, principal.areas)
    if cache is None:
        return _read_points(session, principal, area)
    return cache.answer(key, version, lambda: _read_points(session, principal, area))


def _read_points(session: Session, principal: Principal, area: str | None) -> MapPoints:
    if area is None and principal.areas is None:
        row = session.read(Query.MAP_POINTS)[0]
    else:
        areas = [area] if area is not None else sorted(principal.areas or ())
        row = session.read(Query.MAP_POINTS_IN_AREAS, areas=areas)[0]
    if area is not None and not row["ids"] and not session.read(Query.AREA_GRAPH_HEAD, code=area):
        raise NotFound(f"area {area} not found")
    return _columns(row)


def _columns(row: Row) -> MapPoints:
    """The read's columns put in order of id."""
    order = sorted(range(len(row["ids"])), key=row["ids"].__getitem__)

    def column(name: str) -> list[Any]:
        values = row[name]
        return [values[i] for i in order]

    return MapPoints(
        ids=tuple(column("ids")),
        names=tuple(column("names")),
        licences=tuple(column("licences")),
        lon=tuple(round(x, DEGREE_DIGITS) for x in column("lon")),
        lat=tuple(round(y, DEGREE_DIGITS) for y in column("lat")),
        areas=tuple(column("areas")),
        tiers=tuple(column("tiers")),
        values=tuple(column("segments")),
        count=len(order),
    )
