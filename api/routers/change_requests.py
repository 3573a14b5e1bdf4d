"""``/api/change-requests``: the queue of proposed edits, approved or rejected by a supervisor."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import Response
from pydantic import BaseModel, Field

from api.deps import PageDep, PrincipalDep, SessionDep
from api.responses import data
from graph.edits import Decision
from graph.model import ChangeRequest
from graph.page import Page
from graph.service.requests import decide_request, pending_requests

router = APIRouter(prefix="/change-requests", tags=["change requests"])
RequestId = Annotated[str, Path(min_length=1, max_length=64)]


class DecisionNote(BaseModel):
    note: str = Field("", max_length=500)


@router.get("", response_model=Page[ChangeRequest], summary="Pending requests in scope")
def pending(session: SessionDep, principal: PrincipalDep, page: PageDep) -> Response:
    return data(pending_requests(session, principal, page))


def _decide(
    session: SessionDep, principal: PrincipalDep, request_id: str, body: DecisionNote, yes: bool
) -> Response:
    decided = decide_request(
        session, principal, request_id, approve=yes, note=body.note, now=datetime.now()
    )
    return data(decided)


@router.post("/{request_id}/approve", response_model=Decision, summary="Approve: it applies")
def approve(
    session: SessionDep, principal: PrincipalDep, request_id: RequestId, body: DecisionNote
) -> Response:
    return _decide(session, principal, request_id, body, True)


@router.post("/{request_id}/reject", response_model=Decision, summary="Reject a pending request")
def reject(
    session: SessionDep, principal: PrincipalDep, request_id: RequestId, body: DecisionNote
) -> Response:
    return _decide(session, principal, request_id, body, False)
