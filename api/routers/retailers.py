"""``/api/retailers``: the list in scope with filters, one record, who serves it, edits, export."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from api.deps import PageDep, PrincipalDep, SessionDep
from api.responses import data, download, downloads
from graph.model import AuditEntry, ChangeRequest
from graph.page import Page
from graph.repository import RetailerFilter, RetailerSummary, RetailerTeam
from graph.service.edits import edit_retailer
from graph.service.retailers import (
    RetailerProfile,
    export_retailers,
    list_retailers,
    retailer_profile,
    retailer_team,
)

router = APIRouter(prefix="/retailers", tags=["retailers"])
RetailerId = Annotated[str, Path(min_length=1, max_length=64, description="customer code")]


@router.get("", response_model=Page[RetailerSummary], summary="Retailers in scope, filtered")
def list_(
    session: SessionDep,
    principal: PrincipalDep,
    page: PageDep,
    area: Annotated[str | None, Query(max_length=32, description="area code")] = None,
    zone: Annotated[int | None, Query(ge=1, le=9, description="delivery zone")] = None,
    district: Annotated[str | None, Query(max_length=16, description="district adcode")] = None,
    tier: Annotated[int | None, Query(ge=1, le=30)] = None,
    grade: Annotated[int | None, Query(ge=1, le=30)] = None,
    value_segment: Annotated[str | None, Query(max_length=32)] = None,
    lifecycle: Annotated[str | None, Query(max_length=32)] = None,
    q: Annotated[
        str | None, Query(max_length=100, description="text in the name, licence no. or address")
    ] = None,
) -> Response:
    found = RetailerFilter(area, zone, district, tier, grade, value_segment, lifecycle, q or None)
    return data(list_retailers(session, principal, page, filters=found))


@router.get(
    "/export",
    summary="Every retailer in scope with its classes, as a file",
    response_class=Response,
    responses=downloads("csv", "xlsx", "json"),
)
def export(
    session: SessionDep,
    principal: PrincipalDep,
    format: Literal["csv", "xlsx", "json"] = "csv",
) -> Response:
    exported = export_retailers(session, principal, format)
    return download(exported.content, format, f"retailers.{format}")


@router.get("/{retailer_id}", response_model=RetailerProfile, summary="One retailer's record")
def get(session: SessionDep, principal: PrincipalDep, retailer_id: RetailerId) -> Response:
    return data(retailer_profile(session, principal, retailer_id))


@router.get("/{retailer_id}/team", response_model=RetailerTeam, summary="Who serves a retailer")
def team(session: SessionDep, principal: PrincipalDep, retailer_id: RetailerId) -> Response:
    return data(retailer_team(session, principal, retailer_id))


class RetailerEdit(BaseModel):
    """Field → new value as text; every field is checked before any is written."""

    changes: dict[str, str] = Field(min_length=1, max_length=50)


@router.patch(
    "/{retailer_id}",
    response_model=list[AuditEntry | ChangeRequest],
    summary="Edit fields: applied (audited) or filed as change requests, by the principal's role",
)
def edit(
    session: SessionDep, principal: PrincipalDep, retailer_id: RetailerId, body: RetailerEdit
) -> Response:
    done = edit_retailer(session, principal, retailer_id, body.changes, now=datetime.now())
    return data(done)
