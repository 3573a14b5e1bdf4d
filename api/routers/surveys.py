"""``/api/surveys``: plan a satisfaction survey wave, import its answers, list the waves and
read the KANO / importance–satisfaction analysis overall and per class, area or format."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from api.deps import PrincipalDep, SessionDep
from api.params import IsoDate
from api.responses import data
from api.routers.imports import Upload, read_upload
from care.service.surveys import (
    SurveyAnalysis,
    WavePlan,
    WaveSummary,
    analyse_survey,
    import_answers,
    plan_survey,
    waves,
)
from care.survey_items import DEFAULT_ITEMS, MAX_ITEMS
from care.survey_plan import MAX_WINDOW_DAYS
from seeds.service.imports import ImportReport

router = APIRouter(prefix="/surveys", tags=["surveys"])
ITEM_CODES = "^(" + "|".join(item.code for item in DEFAULT_ITEMS) + ")$"
WaveParam = Annotated[
    str | None, Query(min_length=1, max_length=64, description="a wave's id (default: latest)")
]


class PlanBody(BaseModel):
    start: IsoDate
    days: int = Field(30, ge=1, le=MAX_WINDOW_DAYS)
    items: list[Annotated[str, Field(pattern=ITEM_CODES)]] | None = Field(
        None,
        min_length=1,
        max_length=MAX_ITEMS,
        description="item codes, each once (default: all)",
        json_schema_extra={"uniqueItems": True},
    )
    name: str = Field("", max_length=100)


@router.post("/plan", response_model=WavePlan, summary="Plan a survey wave")
def plan(session: SessionDep, principal: PrincipalDep, body: PlanBody) -> Response:
    return data(
        plan_survey(
            session,
            principal,
            start=body.start,
            days=body.days,
            items=body.items,
            name=body.name,
            now=datetime.now(),
        )
    )


@router.get("/waves", response_model=tuple[WaveSummary, ...], summary="Survey waves, newest first")
def list_waves(session: SessionDep, principal: PrincipalDep) -> Response:
    return data(waves(session, principal))


@router.post(
    "/import",
    response_model=ImportReport,
    summary="Import answers (CSV or .xlsx); every rejected row is reported",
)
def import_file(
    session: SessionDep, principal: PrincipalDep, file: Upload, wave: WaveParam = None
) -> Response:
    name, content = read_upload(file)
    return data(import_answers(session, principal, content, name, wave=wave, now=datetime.now()))


@router.get(
    "/analysis",
    response_model=SurveyAnalysis,
    summary="KANO and importance–satisfaction per item, overall and per group",
)
def analysis(
    session: SessionDep,
    principal: PrincipalDep,
    wave: WaveParam = None,
    by: Annotated[Literal["class", "area", "format"] | None, Query()] = None,
) -> Response:
    return data(analyse_survey(session, principal, wave=wave, by=by))
