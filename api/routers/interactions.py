"""``/api/interactions``: log and list visits, calls, deliveries and inspections, import them
from a file, and the visit adherence report."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from api.deps import PageDep, PrincipalDep, SessionDep
from api.params import IsoDate
from api.responses import data
from api.routers.imports import Upload, read_upload
from care.interactions import TEXT_LIMIT, InteractionInput
from care.service.adherence import MAX_WEEKS, AdherenceReport, visit_adherence
from care.service.interactions import import_interactions, interactions_of, log_interaction
from graph.care_model import Interaction
from graph.page import Page
from seeds.service.imports import ImportReport

router = APIRouter(prefix="/interactions", tags=["interactions"])
Time = Annotated[str, Field("", max_length=32, description="local time, 2026-11-23T09:30")]
Text = Annotated[str, Field("", max_length=TEXT_LIMIT)]
Task = Literal["display", "stock", "prices", "competitor", "requests"]


class InteractionBody(BaseModel):
    """An interaction as the staff member enters it; fields of another kind must be left out."""

    kind: Literal["visit", "call", "delivery", "inspection"]
    retailer_id: str = Field(min_length=1, max_length=64)
    staff_id: str = Field("", max_length=64, description="default: the staff member signed in")
    day: IsoDate
    status: Literal["done", "missed", "cancelled"] = "done"
    started_at: Time
    ended_at: Time
    planned_start: Time
    planned_end: Time
    checkin_lon: float | None = Field(None, ge=-180, le=180)
    checkin_lat: float | None = Field(None, ge=-90, le=90)
    tasks: list[Task] = Field(default_factory=list, max_length=5)
    notes: Text
    reached: bool | None = None
    order_taken: bool | None = None
    brands: Text
    delivered: bool | None = None
    signed: bool | None = None
    problem: Text
    licence_checked: bool | None = None
    result: Text
    violation: Text
    plan_ref: str = Field("", max_length=200)

    def input(self) -> InteractionInput:
        return InteractionInput(**{**self.model_dump(), "tasks": tuple(self.tasks)})


@router.post("", status_code=201, response_model=Interaction, summary="Log an interaction")
def log(session: SessionDep, principal: PrincipalDep, body: InteractionBody) -> Response:
    record = log_interaction(session, principal, body.input(), now=datetime.now())
    return data(record, status_code=201)


@router.get("", response_model=Page[Interaction], summary="A retailer's interactions, newest first")
def listed(
    session: SessionDep,
    principal: PrincipalDep,
    page: PageDep,
    retailer: Annotated[str, Query(min_length=1, max_length=64, description="retailer id")],
) -> Response:
    return data(interactions_of(session, principal, retailer, page))


@router.post(
    "/import",
    response_model=ImportReport,
    summary="Import interactions from CSV or Excel; every rejected row is answered",
)
def imported(session: SessionDep, principal: PrincipalDep, file: Upload) -> Response:
    name, content = read_upload(file)
    return data(import_interactions(session, principal, content, name, now=datetime.now()))


@router.get(
    "/adherence", response_model=AdherenceReport, summary="Visit adherence against the class plan"
)
def adherence(
    session: SessionDep,
    principal: PrincipalDep,
    weeks: Annotated[int, Query(ge=1, le=MAX_WEEKS, description="ISO weeks")] = 4,
    until: Annotated[IsoDate | None, Query(description="last day (default: latest visit)")] = None,
    area: Annotated[str | None, Query(min_length=1, max_length=32, description="area")] = None,
    max_distance_m: Annotated[
        float, Query(gt=0, le=100_000, description="check-in distance allowed (m)")
    ] = 200.0,
) -> Response:
    report = visit_adherence(
        session, principal, weeks=weeks, until=until, area=area, max_distance_m=max_distance_m
    )
    return data(report)
