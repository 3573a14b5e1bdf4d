"""``/api/classification``: recompute every retailer's classes (a job) and count the classes."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from api.deps import PrincipalDep, SessionDep, StateDep
from api.params import IsoDate
from api.responses import data
from api.routers.jobs import start
from classification.params import ClassParams
from classification.service.classify import ClassifyReport, classify_store
from classification.service.summary import ClassSummary, class_summary
from graph.principal import AccountRole, Principal
from graph.progress import Progress
from graph.session import Session
from jobs.records import JobView

router = APIRouter(prefix="/classification", tags=["classification"])


class ClassifyRequest(BaseModel):
    """When the recomputed classes hold from."""

    model_config = ConfigDict(extra="forbid")

    as_of: IsoDate | None = Field(
        None, description="default: the day after the latest month of orders"
    )


@router.post(
    "/jobs",
    status_code=202,
    response_model=JobView,
    summary="Recompute and store every retailer's classes (a job; its result: counts per class)",
)
def recompute(
    session: SessionDep,
    principal: PrincipalDep,
    state: StateDep,
    body: ClassifyRequest | None = None,
) -> Response:
    as_of = body.as_of if body else None

    def run(job_session: Session, acting: Principal, progress: Progress) -> ClassifyReport:
        return classify_store(job_session, acting, ClassParams(), as_of=as_of, progress=progress)

    params = {"as_of": as_of.isoformat() if as_of else None}
    return start(
        state,
        session,
        principal,
        "classify",
        params,
        run,
        writes=True,
        roles=(AccountRole.PLANNER,),
    )


@router.get(
    "/summary", response_model=ClassSummary, summary="Retailers per class of each scheme in scope"
)
def summary(session: SessionDep, principal: PrincipalDep) -> Response:
    return data(class_summary(session, principal))
