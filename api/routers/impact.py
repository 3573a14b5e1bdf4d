"""``/api/impact``: the questions a graph answers and a table does not — who and what a staff
member's leaving affects and who could cover, and what splitting an area would do."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import Response
from pydantic import BaseModel, Field

from api.deps import PrincipalDep, SessionDep
from api.responses import data
from graph.service.impact import StaffImpact, staff_impact
from territory.service.split import SplitImpact, split_impact

router = APIRouter(prefix="/impact", tags=["impact"])
EmployeeNo = Annotated[str, Path(min_length=1, max_length=32, description="employee number")]
MAX_SPLIT = 20_000
"""Most retailer ids one split request may name (the city has ~11,500)."""


class SplitRequest(BaseModel):
    """An area and the retailers of it that would form a new area."""

    area: str = Field(min_length=1, max_length=32, description="area code, e.g. A07")
    retailers: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(
        min_length=1, max_length=MAX_SPLIT, description="ids of the area's retailers to split off"
    )


@router.get(
    "/staff/{employee_no}",
    response_model=StaffImpact,
    summary="If this person leaves: areas, retailers and routes left without them; who could cover",
)
def staff_leaving(
    session: SessionDep, principal: PrincipalDep, employee_no: EmployeeNo
) -> Response:
    return data(staff_impact(session, principal, employee_no))


@router.post(
    "/split-area",
    response_model=SplitImpact,
    summary="Splitting an area: both areas' balance, team posts, zone and routes that change",
)
def split_area(session: SessionDep, principal: PrincipalDep, body: SplitRequest) -> Response:
    return data(split_impact(session, principal, body.area, body.retailers))
