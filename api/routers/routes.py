"""``/api/routes``, ``/api/visits``, ``/api/calls``: the dates with routes, delivery routes of a
date (read, export, plan as a job), the managers' visit weeks and the agents' call lists."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from api.deps import PrincipalDep, SessionDep, StateDep
from api.params import IsoDate
from api.responses import data, download, downloads
from api.routers.jobs import start
from graph.principal import Principal
from graph.progress import Progress
from graph.session import Session
from jobs.records import JobView
from routing.export import DeliveryRoute
from routing.service.calls import CallLists, plan_calls
from routing.service.delivery import ROUTE_PLANNERS, delivery_params, plan_routes
from routing.service.replan import LateOrder, replan_routes
from routing.service.routes import export_routes, read_routes, route_dates
from routing.service.visits import VisitPlan, plan_visits

router = APIRouter(tags=["routes"])
Day = Annotated[IsoDate, Query(description="the delivery date, YYYY-MM-DD")]


@router.get("/routes/dates", response_model=list[dt.date], summary="The dates with routes")
def dates(session: SessionDep, principal: PrincipalDep) -> Response:
    return data(route_dates(session, principal))


@router.get("/routes", response_model=list[DeliveryRoute], summary="The routes of a date")
def routes_of(
    state: StateDep,
    session: SessionDep,
    principal: PrincipalDep,
    date: Day,
    area: Annotated[str | None, Query(max_length=32)] = None,
    vehicle: Annotated[str | None, Query(max_length=32)] = None,
) -> Response:
    version = state.database.version()
    found = read_routes(
        session, principal, date, area=area, vehicle=vehicle, cache=state.layouts, version=version
    )
    return data(found)


@router.get(
    "/routes/export",
    summary="A date's routes as GeoJSON, CSV or printable manifests",
    response_class=Response,
    responses=downloads("geojson", "csv", "manifest"),
)
def export(
    session: SessionDep,
    principal: PrincipalDep,
    date: Day,
    format: Literal["geojson", "csv", "manifest"] = "geojson",
) -> Response:
    exported = export_routes(session, principal, date, format)
    suffix = "txt" if format == "manifest" else format
    return download(exported.content, format, f"routes-{date.isoformat()}.{suffix}")


class RoutePlanRequest(BaseModel):
    """What to plan: a date (its zone unless `zone` is given) within a time budget."""

    date: IsoDate
    zone: int | None = Field(None, ge=1, le=9)
    engine: Literal["ortools", "pyvrp", "auto"] = "ortools"
    time_limit_s: float = Field(100.0, gt=0, le=3600)
    balance_shifts: bool = False
    dry_run: bool = False


@router.post(
    "/routes/plan",
    status_code=202,
    response_model=JobView,
    summary="Plan a date's delivery routes (a job; with dry_run nothing is written)",
)
def plan(
    state: StateDep, session: SessionDep, principal: PrincipalDep, body: RoutePlanRequest
) -> Response:
    executor = state.jobs.executor

    def run(session: Session, acting: Principal, progress: Progress) -> object:
        return plan_routes(
            session,
            acting,
            body.date,
            zone=body.zone,
            engine=body.engine,
            time_limit_s=body.time_limit_s,
            params=delivery_params(balance_shifts=body.balance_shifts),
            dry_run=body.dry_run,
            executor=executor,
            progress=progress,
        )

    return start(
        state,
        session,
        principal,
        "plan_routes",
        body.model_dump(mode="json"),
        run,
        writes=not body.dry_run,
        roles=ROUTE_PLANNERS,
    )


class LateOrderBody(BaseModel):
    """A late order: the retailer, its cases and its batch (the trip that brings it)."""

    retailer: str = Field(min_length=1, max_length=32)
    cases: float = Field(gt=0, le=1000)
    batch: Literal["am", "pm"] = "am"


class ReplanRequest(BaseModel):
    """A date's routes planned again: the `freeze` vehicles keep their trips, `add` joins,
    `cancel` leaves, and only the other vehicles' routes change."""

    date: IsoDate
    freeze: list[Annotated[str, Field(min_length=1, max_length=32)]] = Field(
        default_factory=list, max_length=200
    )
    add: list[LateOrderBody] = Field(default_factory=list, max_length=1000)
    cancel: list[Annotated[str, Field(min_length=1, max_length=32)]] = Field(
        default_factory=list, max_length=1000
    )
    engine: Literal["ortools", "pyvrp", "auto"] = "ortools"
    time_limit_s: float = Field(60.0, gt=0, le=3600)
    dry_run: bool = False


@router.post(
    "/routes/replan",
    status_code=202,
    response_model=JobView,
    summary="Plan a date's routes again around frozen vehicles, late orders and cancellations "
    "(a job; with dry_run nothing is written)",
)
def replan(
    state: StateDep, session: SessionDep, principal: PrincipalDep, body: ReplanRequest
) -> Response:
    executor = state.jobs.executor
    late = [LateOrder(o.retailer, o.cases, o.batch) for o in body.add]

    def run(session: Session, acting: Principal, progress: Progress) -> object:
        return replan_routes(
            session,
            acting,
            body.date,
            freeze=body.freeze,
            add=late,
            cancel=body.cancel,
            engine=body.engine,
            time_limit_s=body.time_limit_s,
            dry_run=body.dry_run,
            executor=executor,
            progress=progress,
        )

    return start(
        state,
        session,
        principal,
        "replan_routes",
        body.model_dump(mode="json"),
        run,
        writes=not body.dry_run,
        roles=ROUTE_PLANNERS,
    )


@router.get("/visits", response_model=VisitPlan, summary="Every manager's visits of a week")
def visits(
    session: SessionDep,
    principal: PrincipalDep,
    week_of: Annotated[IsoDate, Query(description="any date of the ISO week")],
    working_days: Annotated[int, Query(ge=1, le=7, description="visiting days a week")] = 6,
) -> Response:
    from routing.visits import VisitParams

    year, week, _ = week_of.isocalendar()
    params = VisitParams(working_days=working_days)
    return data(plan_visits(session, principal, year, week, params=params))


@router.get("/calls", response_model=CallLists, summary="Every agent's calls of a date")
def calls(
    session: SessionDep,
    principal: PrincipalDep,
    date: Day,
    per_agent: Annotated[int, Query(ge=1, le=1000)] = 140,
) -> Response:
    return data(plan_calls(session, principal, date, per_agent=per_agent))
