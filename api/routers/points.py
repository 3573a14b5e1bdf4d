"""``/api/incentive-points``: monthly process-incentive scores by the four roles who serve a
shop (entered or uploaded), the raters' report and a retailer's accumulated points."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from api.deps import PrincipalDep, SessionDep
from api.responses import data
from api.routers.imports import Upload, read_upload
from care.service.points import (
    PointsReport,
    RetailerPoints,
    import_scores,
    points_report,
    retailer_points,
    submit_score,
)
from graph.model import IncentiveScore
from seeds.service.imports import ImportReport

router = APIRouter(prefix="/incentive-points", tags=["incentive points"])
MONTH = r"^[1-9]\d{3}-(0[1-9]|1[0-2])$"
RetailerId = Annotated[str, Path(min_length=1, max_length=64)]
Score = Annotated[float, Field(ge=0, le=100)]


class ScoreBody(BaseModel):
    """One role's score of a shop for a month; `staff` only when scoring for someone else."""

    retailer: str = Field(min_length=1, max_length=64)
    month: str = Field(pattern=MONTH, description="YYYY-MM")
    law_abiding: Score
    cooperation: Score
    constructive: Score
    growth: Score
    staff: str | None = Field(None, min_length=1, max_length=32)


@router.post(
    "/scores",
    response_model=IncentiveScore,
    summary="Score a shop for a month (a re-score of the same role and month replaces)",
)
def score(session: SessionDep, principal: PrincipalDep, body: ScoreBody) -> Response:
    record = submit_score(
        session,
        principal,
        body.retailer,
        body.month,
        body.law_abiding,
        body.cooperation,
        body.constructive,
        body.growth,
        staff=body.staff,
        now=datetime.now(),
    )
    return data(record)


@router.post(
    "/import",
    response_model=ImportReport,
    summary="Import scores from CSV or Excel: retailer, staff, month and the four criteria",
)
def upload(session: SessionDep, principal: PrincipalDep, file: Upload) -> Response:
    name, content = read_upload(file)
    return data(import_scores(session, principal, content, name, now=datetime.now()))


@router.get(
    "/report",
    response_model=PointsReport,
    summary="Completeness by area and role, and raters lenient or harsh against the others",
)
def report(
    session: SessionDep,
    principal: PrincipalDep,
    month: Annotated[str | None, Query(pattern=MONTH, description="default: latest")] = None,
    area: Annotated[str | None, Query(min_length=1, max_length=32)] = None,
) -> Response:
    return data(points_report(session, principal, month=month, area=area))


@router.get(
    "/retailers/{retailer_id}",
    response_model=RetailerPoints,
    summary="A retailer's monthly points, scores per role and accumulated points",
)
def retailer(
    session: SessionDep,
    principal: PrincipalDep,
    retailer_id: RetailerId,
    months: Annotated[int, Query(ge=1, le=60)] = 12,
) -> Response:
    return data(retailer_points(session, principal, retailer_id, months=months))
