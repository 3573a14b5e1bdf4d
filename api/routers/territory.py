"""``/api/territory``: redraw or rebalance the areas as jobs, a dry run unless asked to apply;
move retailers by hand; the history of applied plans.

A design's result is `territory.service.DesignResult`; a rebalance's is
`territory.service.RebalanceResult`, with every move (retailer, from, to, reason), the balance
before and after and the lower bounds on the retailers that must move.

``POST /territory/moves`` previews (or, with ``dry_run`` false, applies) moves picked by hand
or a rebalance's moves: every touched area before and after, and whether each still hangs
together (`territory.service.MoveResult`). Every applied plan is kept with its own
assignment: ``GET /territory/plans`` lists them newest first, ``/plans/{id}`` shows one's
areas, ``/plans/compare?a=&b=`` compares two (``current``: the graph as it stands) and
``POST /plans/{id}/restore`` applies one again as a new plan (a job).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from api.deps import PageDep, PrincipalDep, SessionDep, StateDep
from api.responses import data
from api.routers.jobs import start
from graph.page import Page
from graph.principal import AccountRole, Principal
from graph.progress import Progress
from graph.session import Session
from jobs.records import JobView
from territory.design_params import MAX_AREAS, DesignParams
from territory.service import (
    CURRENT,
    DesignResult,
    MoveResult,
    PlanComparison,
    PlanDetail,
    PlanSummary,
    RebalanceResult,
    RestoreResult,
    compare_plans,
    design_territory,
    list_plans,
    move_retailers,
    rebalance_territory,
    restore_plan,
    show_plan,
)

router = APIRouter(prefix="/territory", tags=["territory"])
PLANNERS = (AccountRole.PLANNER,)
Measure = Literal["customers", "workload", "volume"]
Share = Annotated[float, Field(gt=0, lt=1)]
Code = Annotated[str, Field(min_length=1, max_length=64)]
Tolerance = Annotated[
    dict[Measure, Share] | None,
    Field(
        description='allowed deviation from the mean by measure, e.g. {"customers": 0.05, '
        '"volume": 0.1}; a measure left out keeps its default (5% customers and workload, '
        "12% volume)"
    ),
]
Seed = Annotated[int | None, Field(ge=0, le=2**32 - 1, description="same seed, same plan")]
DryRun = Annotated[bool, Field(description="compute and report, write nothing")]


class DesignRequest(BaseModel):
    """A design's options, as `crm territory design` offers them."""

    model_config = ConfigDict(extra="forbid")

    dry_run: DryRun = True
    areas: int | None = Field(None, ge=1, le=MAX_AREAS, description="default 20")
    zones: int | None = Field(None, ge=1, le=MAX_AREAS, description="default 3")
    tolerance: Tolerance = None
    seed: Seed = None
    time_limit_s: float | None = Field(
        None, gt=0, le=3600, description="seconds for drawing the areas (default 60)"
    )
    within_districts: bool = Field(False, description="keep every area inside one district")
    lock_retailers: list[Code] = Field([], max_length=20_000, description="keep in their area")
    lock_areas: list[Code] = Field([], max_length=MAX_AREAS, description="keep whole")
    pins: dict[Code, Code] = Field(
        {}, max_length=MAX_AREAS, description="area code → the retailer at its centre"
    )


class RebalanceRequest(BaseModel):
    """A rebalance's options, as `crm territory rebalance` offers them."""

    model_config = ConfigDict(extra="forbid")

    dry_run: DryRun = True
    max_moved: float | None = Field(
        None, gt=0, le=1, description="largest share of retailers that may move (0.1)"
    )
    tolerance: Tolerance = None
    seed: Seed = None
    lock_retailers: list[Code] = Field([], max_length=20_000, description="keep in their area")
    lock_areas: list[Code] = Field([], max_length=MAX_AREAS, description="keep whole")
    unlock: list[Code] = Field(
        [], max_length=20_000, description="retailers or areas whose lock or pin is lifted"
    )


OPTIONS = {"dry_run", "tolerance", "lock_retailers", "lock_areas", "pins", "unlock"}
"""Request fields that are not `DesignParams` fields of the same name."""


def design_params(body: DesignRequest | RebalanceRequest) -> DesignParams:
    """The default parameters with the options the request gives.

    Raises `InvalidInput` for a combination `DesignParams` refuses (more zones than areas)."""
    given = body.model_dump(exclude=OPTIONS, exclude_none=True)
    params = replace(DesignParams(), **given)
    shares = {str(m): s for m, s in (body.tolerance or {}).items()}
    return replace(params, tolerance={**params.tolerance, **shares})


@router.post(
    "/design",
    status_code=202,
    response_model=JobView,
    summary="Redraw the areas and zones from scratch (a job; its result: a DesignResult)",
)
def design(
    session: SessionDep, principal: PrincipalDep, state: StateDep, body: DesignRequest
) -> Response:
    params = design_params(body)

    def run(job_session: Session, acting: Principal, progress: Progress) -> DesignResult:
        return design_territory(
            job_session,
            acting,
            params,
            dry_run=body.dry_run,
            lock_retailers=body.lock_retailers,
            lock_areas=body.lock_areas,
            pins=body.pins,
            progress=progress,
        )

    return start(
        state,
        session,
        principal,
        "territory_design",
        body.model_dump(mode="json"),
        run,
        writes=not body.dry_run,
        roles=PLANNERS,
    )


@router.post(
    "/rebalance",
    status_code=202,
    response_model=JobView,
    summary="Restore the tolerances moving as few retailers as possible (a job; its result: "
    "a RebalanceResult with every move)",
)
def rebalance(
    session: SessionDep, principal: PrincipalDep, state: StateDep, body: RebalanceRequest
) -> Response:
    params = design_params(body)

    def run(job_session: Session, acting: Principal, progress: Progress) -> RebalanceResult:
        return rebalance_territory(
            job_session,
            acting,
            params,
            dry_run=body.dry_run,
            lock_retailers=body.lock_retailers,
            lock_areas=body.lock_areas,
            unlock=body.unlock,
            progress=progress,
        )

    return start(
        state,
        session,
        principal,
        "territory_rebalance",
        body.model_dump(mode="json"),
        run,
        writes=not body.dry_run,
        roles=PLANNERS,
    )


PlanId = Annotated[str, Path(min_length=1, max_length=100, description="a plan's id")]
PlanRef = Annotated[
    str, Query(min_length=1, max_length=100, description=f"a plan's id, or {CURRENT}")
]


@router.get(
    "/plans",
    response_model=Page[PlanSummary],
    summary="The applied territory plans, newest first",
)
def plans(session: SessionDep, principal: PrincipalDep, page: PageDep) -> Response:
    return data(list_plans(session, principal, page))


@router.get(
    "/plans/compare",
    response_model=PlanComparison,
    summary="Two plans (or a plan and the current areas) compared: moves, areas, teams",
)
def compare(
    session: SessionDep, principal: PrincipalDep, a: PlanRef, b: PlanRef = CURRENT
) -> Response:
    return data(compare_plans(session, principal, a, b))


@router.get(
    "/plans/{plan_id}",
    response_model=PlanDetail,
    summary="One applied plan with its areas' figures over today's retailers",
)
def plan(session: SessionDep, principal: PrincipalDep, plan_id: PlanId) -> Response:
    return data(show_plan(session, principal, plan_id))


class RestoreRequest(BaseModel):
    """Whether to write the restored plan."""

    model_config = ConfigDict(extra="forbid", strict=True)

    dry_run: DryRun = True


@router.post(
    "/plans/{plan_id}/restore",
    status_code=202,
    response_model=JobView,
    summary="Apply an earlier plan's areas and zones again as a new plan (a job; its result: "
    "a RestoreResult)",
)
def restore(
    session: SessionDep,
    principal: PrincipalDep,
    state: StateDep,
    plan_id: PlanId,
    body: RestoreRequest,
) -> Response:
    def run(job_session: Session, acting: Principal, progress: Progress) -> RestoreResult:
        return restore_plan(job_session, acting, plan_id, dry_run=body.dry_run, progress=progress)

    return start(
        state,
        session,
        principal,
        "territory_restore",
        {"plan": plan_id, **body.model_dump(mode="json")},
        run,
        writes=not body.dry_run,
        roles=PLANNERS,
    )


class RetailerMoveRequest(BaseModel):
    """One retailer to move, and optionally where it is expected now."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, strict=True)

    retailer: Code
    to: Code = Field(description="the area it moves to")
    from_: Code | None = Field(
        None,
        alias="from",
        description="the area it is in now, as a rebalance's move names it: 409 when it "
        "has moved since",
    )


class MoveRequest(BaseModel):
    """Retailers to move, whether to write, and what the applied plan is recorded as."""

    model_config = ConfigDict(extra="forbid", strict=True)

    moves: list[RetailerMoveRequest] = Field(min_length=1, max_length=20_000)
    dry_run: DryRun = True
    kind: Literal["manual", "rebalance"] = Field(
        "manual", description="rebalance: the moves of a rebalance's dry run"
    )


@router.post(
    "/moves",
    response_model=MoveResult,
    summary="Preview (or apply) retailers moved to other areas: every touched area before "
    "and after, and whether each still hangs together",
)
def moves(session: SessionDep, principal: PrincipalDep, body: MoveRequest) -> Response:
    result = move_retailers(
        session,
        principal,
        [(m.retailer, m.to) for m in body.moves],
        dry_run=body.dry_run,
        kind=body.kind,
        expected={m.retailer: m.from_ for m in body.moves if m.from_ is not None},
    )
    return data(result)
