"""``/api/map``: what the city maps draw, the district outlines and the retailers in scope."""

from __future__ import annotations

import functools
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import PrincipalDep, SessionDep, StateDep
from api.encoding import encode
from api.responses import data
from graph.service.map_points import MapPoints, map_points
from seeds.boundaries import city_boundaries

router = APIRouter(prefix="/map", tags=["map"])
OUTLINES_CACHE = "private, max-age=86400"
"""The outlines never change while a release runs: the browser keeps them a day."""


@router.get(
    "/boundaries",
    response_model=dict[str, Any],
    summary="Hefei's district and county outlines (GeoJSON, WGS-84)",
)
def boundaries(_: PrincipalDep) -> Response:
    headers = {"Cache-Control": OUTLINES_CACHE}
    return Response(_outlines(), headers=headers, media_type="application/json")


@router.get("/retailers", response_model=MapPoints, summary="Retailers in scope, by column")
def retailers(
    state: StateDep,
    session: SessionDep,
    principal: PrincipalDep,
    area: Annotated[str | None, Query(min_length=1, max_length=32)] = None,
) -> Response:
    version = state.database.version()
    return data(map_points(session, principal, area, cache=state.layouts, version=version))


@functools.cache
def _outlines() -> bytes:
    """The outlines' JSON, encoded once per process."""
    return encode(city_boundaries())
