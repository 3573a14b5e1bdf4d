"""``/api/staff``: what a person serves — areas and roles, retailers, routes, load."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import Response

from api.deps import PageDep, PrincipalDep, SessionDep
from api.responses import data
from graph.service.staff import StaffProfile, staff_profile

router = APIRouter(prefix="/staff", tags=["staff"])
EmployeeNo = Annotated[str, Path(min_length=1, max_length=32, description="employee number")]


@router.get(
    "/{employee_no}",
    response_model=StaffProfile,
    summary="A staff member's areas, roles, retailers served (a page), routes and load",
)
def get(
    session: SessionDep, principal: PrincipalDep, page: PageDep, employee_no: EmployeeNo
) -> Response:
    return data(staff_profile(session, principal, employee_no, page=page))
