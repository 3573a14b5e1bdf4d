"""``/api/cases``: retailers' complaints and requests with their first-response and resolution
clocks, the alerts they raise and the share within target."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from api.deps import PageDep, PrincipalDep, SessionDep
from api.params import IsoDate
from api.responses import data
from care.service.alerts import alerts_for
from care.service.case_report import PeriodCaseReport, case_report, report_period
from care.service.cases import (
    CaseView,
    close_case,
    get_case,
    list_cases,
    open_case,
    pause_case,
    respond_case,
    resume_case,
)
from graph.care_model import Alert
from graph.page import Page

router = APIRouter(prefix="/cases", tags=["cases"])
CaseId = Annotated[str, Path(min_length=1, max_length=64, description="case id, e.g. CS000001")]
Kind = Literal["complaint", "request"]
Channel = Literal["phone", "visit", "hotline_12313", "api"]
Category = Literal[
    "delivery", "order", "brand_supply", "service_attitude", "price", "licence", "other"
]
VISIBLE = r"\S"
"""Text that is not all blanks."""
Status = Literal["open", "responded", "paused", "closed"]


class NewCase(BaseModel):
    retailer_id: str = Field(min_length=1, max_length=64, description="customer code")
    kind: Kind = Field("complaint", description="complaint or request")
    channel: Channel = Field(description="phone, visit, hotline_12313 or api")
    category: Category = Field(description="what it is about; it names the owning role")
    text: str = Field(
        min_length=1, max_length=2000, pattern=VISIBLE, description="what the retailer said"
    )
    owner: str | None = Field(None, min_length=1, max_length=32, description="employee no.")


class Reply(BaseModel):
    text: str = Field(
        min_length=1, max_length=2000, pattern=VISIBLE, description="the first response"
    )


class Note(BaseModel):
    note: str = Field("", max_length=500)


class Closing(BaseModel):
    care_record: str = Field(
        min_length=1,
        max_length=4000,
        pattern=VISIBLE,
        description="the care record (客户关怀记录), required",
    )


@router.post("", status_code=201, response_model=CaseView, summary="Open a case")
def create(session: SessionDep, principal: PrincipalDep, body: NewCase) -> Response:
    opened = open_case(
        session,
        principal,
        body.retailer_id,
        body.kind,
        body.channel,
        body.category,
        body.text,
        owner=body.owner,
        now=datetime.now(),
    )
    return data(opened, status_code=201)


@router.get("", response_model=Page[CaseView], summary="Cases in scope with their clocks")
def listing(
    session: SessionDep,
    principal: PrincipalDep,
    page: PageDep,
    area: Annotated[str | None, Query(min_length=1, max_length=32)] = None,
    status: Status | None = None,
    retailer: Annotated[str | None, Query(min_length=1, max_length=64)] = None,
) -> Response:
    return data(
        list_cases(
            session,
            principal,
            area=area,
            status=status,
            retailer=retailer,
            page=page,
            now=datetime.now(),
        )
    )


@router.get("/report", response_model=PeriodCaseReport, summary="Share within target")
def report(
    session: SessionDep,
    principal: PrincipalDep,
    since: Annotated[
        IsoDate | None, Query(description="first day opened (default: 90 days ago)")
    ] = None,
    until: Annotated[IsoDate | None, Query(description="last day opened (default: today)")] = None,
) -> Response:
    now = datetime.now()
    first, last = report_period(since, until, now.date())
    return data(case_report(session, principal, since=first, until=last, now=now))


@router.get("/alerts", response_model=Page[Alert], summary="Case alerts addressed to me")
def alerts(session: SessionDep, principal: PrincipalDep, page: PageDep) -> Response:
    return data(alerts_for(session, principal, page=page))


@router.get("/{case_id}", response_model=CaseView, summary="One case with its clocks")
def one(session: SessionDep, principal: PrincipalDep, case_id: CaseId) -> Response:
    return data(get_case(session, principal, case_id, now=datetime.now()))


@router.post("/{case_id}/respond", response_model=CaseView, summary="First response")
def respond(session: SessionDep, principal: PrincipalDep, case_id: CaseId, body: Reply) -> Response:
    return data(respond_case(session, principal, case_id, text=body.text, now=datetime.now()))


@router.post("/{case_id}/pause", response_model=CaseView, summary="Pause: wait on the retailer")
def pause(
    session: SessionDep, principal: PrincipalDep, case_id: CaseId, body: Note | None = None
) -> Response:
    note = body.note if body else ""
    return data(pause_case(session, principal, case_id, note=note, now=datetime.now()))


@router.post("/{case_id}/resume", response_model=CaseView, summary="Resume the clocks")
def resume(
    session: SessionDep, principal: PrincipalDep, case_id: CaseId, body: Note | None = None
) -> Response:
    note = body.note if body else ""
    return data(resume_case(session, principal, case_id, note=note, now=datetime.now()))


@router.post("/{case_id}/close", response_model=CaseView, summary="Close with a care record")
def close(session: SessionDep, principal: PrincipalDep, case_id: CaseId, body: Closing) -> Response:
    return data(
        close_case(session, principal, case_id, care_record=body.care_record, now=datetime.now())
    )
