"""``/api/areas``: the areas with their metrics, one area's team and retailers, and its
subgraph with positions computed on the server."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from api.deps import PrincipalDep, SessionDep, StateDep
from api.params import IsoDate
from api.responses import data
from graph.repository import AreaView
from graph.service.area_graph import AreaGraph, area_graph
from graph.service.areas import show_area
from territory.service.metrics import AreaMetrics, area_metrics

router = APIRouter(prefix="/areas", tags=["areas"])
AreaCode = Annotated[str, Path(min_length=1, max_length=32, description="area code, e.g. A01")]


@router.get("", response_model=list[AreaMetrics], summary="Areas in scope with their metrics")
def list_(state: StateDep, session: SessionDep, principal: PrincipalDep) -> Response:
    version = state.database.version()
    return data(area_metrics(session, principal, cache=state.layouts, version=version))


@router.get("/{code}", response_model=AreaView, summary="An area's team, retailers, neighbours")
def get(session: SessionDep, principal: PrincipalDep, code: AreaCode) -> Response:
    return data(show_area(session, principal, code))


@router.get(
    "/{code}/graph",
    response_model=AreaGraph,
    summary="An area's subgraph with node positions (and, with a date, that day's routes)",
)
def graph(
    state: StateDep,
    session: SessionDep,
    principal: PrincipalDep,
    code: AreaCode,
    date: Annotated[IsoDate | None, Query(description="also that day's routes")] = None,
) -> Response:
    version = state.database.version()
    found = area_graph(session, principal, code, day=date, layouts=state.layouts, version=version)
    return data(found)
