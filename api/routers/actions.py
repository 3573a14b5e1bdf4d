"""``/api/actions``: what area teams owe (under-served survey items, breached cases)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from api.deps import PageDep, PrincipalDep, SessionDep
from api.responses import data
from care.service.actions import DerivedActions, complete_action, derive_actions, list_actions
from graph.care_model import Action
from graph.page import Page

router = APIRouter(prefix="/actions", tags=["actions"])


@router.get("", response_model=Page[Action], summary="Actions of the areas in scope")
def actions(
    session: SessionDep,
    principal: PrincipalDep,
    page: PageDep,
    area: Annotated[str | None, Query(min_length=1, max_length=32)] = None,
    status: Annotated[Literal["open", "done"] | None, Query()] = None,
) -> Response:
    return data(list_actions(session, principal, area=area, status=status, page=page))


@router.post(
    "/derive",
    response_model=DerivedActions,
    summary="Turn every under-service item of every area into an action",
)
def derive(
    session: SessionDep,
    principal: PrincipalDep,
    wave: Annotated[str | None, Query(min_length=1, max_length=64)] = None,
) -> Response:
    return data(derive_actions(session, principal, wave=wave, now=datetime.now()))


@router.post("/{action_id}/done", response_model=Action, summary="Mark an action done")
def done(
    session: SessionDep,
    principal: PrincipalDep,
    action_id: Annotated[str, Path(min_length=1, max_length=200)],
) -> Response:
    return data(complete_action(session, principal, action_id))
