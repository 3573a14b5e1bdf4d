"""``/api/jobs``: the caller's background jobs (an administrator's: everyone's), their state
and result, their progress as server-sent events, and cancelling them."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response, StreamingResponse

from api.deps import PageDep, PrincipalDep, SessionDep, StateDep
from api.responses import data
from api.state import AppState
from graph.page import Page
from graph.principal import AccountRole, Principal
from graph.serialise import to_data
from graph.session import Session
from jobs.records import ACTIVE, JobSummary, JobView, summary_of
from jobs.runner import JobFn, JobRunner

router = APIRouter(prefix="/jobs", tags=["jobs"])
JobId = Annotated[str, Path(min_length=1, max_length=64, description="the job's id")]
JOBS_PATH = "/api/jobs"
POLL_S = 0.25
"""How often an event stream looks at the job."""
KEEP_ALIVE_S = 15.0
"""Longest silence on an event stream: a comment line then keeps proxies from closing it."""


def start(
    state: AppState,
    session: Session,
    principal: Principal,
    kind: str,
    params: dict[str, Any],
    run: JobFn,
    *,
    writes: bool,
    roles: Sequence[AccountRole],
) -> Response:
    """Submits a job (`JobRunner.submit`) and answers 202: the job, and where to follow it."""
    job = state.jobs.submit(session, principal, kind, params, run, writes=writes, roles=roles)
    return data(job, status_code=202, headers={"Location": f"{JOBS_PATH}/{job.id}"})


@router.get(
    "", response_model=Page[JobSummary], summary="Your jobs, newest first (an admin's: all)"
)
def list_(
    session: SessionDep,
    principal: PrincipalDep,
    state: StateDep,
    page: PageDep,
    kind: Annotated[
        str | None, Query(max_length=64, description="only jobs of this kind, e.g. plan_routes")
    ] = None,
) -> Response:
    return data(state.jobs.jobs(session, principal, page, kind))


@router.get("/{job_id}", response_model=JobView, summary="A job: state, progress, result or error")
def get(session: SessionDep, principal: PrincipalDep, state: StateDep, job_id: JobId) -> Response:
    return data(state.jobs.view(session, principal, job_id))


@router.get(
    "/{job_id}/events",
    response_class=StreamingResponse,
    summary="A job's progress as server-sent events",
    description="`event: progress` with the job's summary at each change, then `event: end` "
    "with the whole job (its result or error) once it has ended.",
    responses={200: {"content": {"text/event-stream": {"schema": {"type": "string"}}}}},
)
def events(
    session: SessionDep, principal: PrincipalDep, state: StateDep, job_id: JobId
) -> StreamingResponse:
    job = state.jobs.view(session, principal, job_id)
    with session.released():  # the stream reads the runner's memory: hold no store meanwhile
        return StreamingResponse(
            _events(state.jobs, principal, job),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )


@router.delete("/{job_id}", response_model=JobView, summary="Cancel a queued or running job")
def cancel(
    session: SessionDep, principal: PrincipalDep, state: StateDep, job_id: JobId
) -> Response:
    return data(state.jobs.cancel(session, principal, job_id))


async def _events(runner: JobRunner, principal: Principal, job: JobView) -> AsyncIterator[str]:
    """Progress events while the job changes, then its end (also when the runner stops
    holding it: closed, or ended long ago)."""
    sent: JobSummary | None = None
    quiet_s = 0.0
    while True:
        summary = summary_of(job)
        if summary != sent:
            yield _event("progress", summary)
            sent, quiet_s = summary, 0.0
        if job.state not in ACTIVE or not runner.running:
            yield _event("end", job)
            return
        await asyncio.sleep(POLL_S)
        quiet_s += POLL_S
        if quiet_s >= KEEP_ALIVE_S:
            yield ": keep-alive\n\n"
            quiet_s = 0.0
        latest = runner.live(principal, job.id)
        if latest is None:
            yield _event("end", job)
            return
        job = latest


def _event(name: str, value: Any) -> str:
    body = json.dumps(to_data(value), ensure_ascii=False, separators=(",", ":"))
    return f"event: {name}\ndata: {body}\n\n"
