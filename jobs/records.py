"""Job records in the store: what was asked, by whom, how far it got and how it ended.

A record is bookkeeping, not a change of the graph: every write here is an uncounted
transaction (`graph.session.Session.transaction`), so it never makes a running job conflict.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from graph.errors import Forbidden, NotFound
from graph.page import Page, PageRequest, paginate
from graph.principal import AccountRole, Principal
from graph.queries import Query
from graph.rows import Row
from graph.session import Session


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"
    INTERRUPTED = "interrupted"
    """The server stopped while the job was queued or running."""


ACTIVE = frozenset({JobState.QUEUED, JobState.RUNNING})
"""States of a job that has not ended."""


@dataclass(frozen=True)
class JobError:
    """Why a job failed: the error kind (as the API's error bodies name it), a message a
    person can act on, and the details (e.g. rejected rows)."""

    error: str
    message: str
    details: Any = None


@dataclass(frozen=True)
class JobSummary:
    """A job in a list: what it is, whose, its state and progress, its times (ISO 8601,
    '' until reached) and, when it failed, why. `percent` is of the current `stage`."""

    id: str
    kind: str
    owner: str
    state: JobState
    stage: str
    percent: float
    created_at: str
    started_at: str
    finished_at: str
    error: JobError | None = None


@dataclass(frozen=True)
class JobView(JobSummary):
    """One job in full: its parameters and, once done, its result; `cancel_requested` while
    a running job has been asked to stop and has not yet reached a point where it can."""

    params: dict[str, Any] = field(default_factory=dict)
    result: Any = None
    cancel_requested: bool = False


def now_text() -> str:
    """The current local time with its UTC offset, to the second."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def new_job(principal: Principal, kind: str, params: dict[str, Any]) -> JobView:
    """A queued job of `kind` owned by the principal's user (not yet stored)."""
    return JobView(
        id=uuid.uuid4().hex,
        kind=kind,
        owner=principal.user,
        state=JobState.QUEUED,
        stage="",
        percent=0.0,
        created_at=now_text(),
        started_at="",
        finished_at="",
        params=params,
    )


def save_jobs(session: Session, jobs: list[JobView]) -> None:
    """Write the jobs' records as they stand, in one uncounted transaction."""
    with session.transaction(counted=False):
        session.write(Query.UPSERT_JOBS, [_row(j) for j in jobs])


def create_job(
    session: Session, principal: Principal, kind: str, params: dict[str, Any]
) -> JobView:
    """Store a new queued job of `kind` with `params` (JSON-ready) for the principal."""
    job = new_job(principal, kind, params)
    save_jobs(session, [job])
    return job


def require_owner(principal: Principal, job: JobSummary) -> None:
    """Raise `Forbidden` unless the job is the principal's own or the principal is an admin."""
    if principal.role is not AccountRole.ADMIN and job.owner != principal.user:
        raise Forbidden(
            f"job {job.id} belongs to another user: {principal.user} sees only their own"
        )


def job_of(session: Session, principal: Principal, job_id: str) -> JobView:
    """One stored job: `NotFound` when there is none, `Forbidden` when it is someone else's
    (administrators see every job)."""
    rows = session.read(Query.JOBS, keys=[job_id])
    if not rows:
        raise NotFound(f"job {job_id} not found")
    job = _view(rows[0])
    require_owner(principal, job)
    return job


def list_jobs(
    session: Session, principal: Principal, page: PageRequest, kind: str | None = None
) -> Page[JobSummary]:
    """The principal's jobs (an administrator's: everyone's), newest first; only those of
    `kind` when given."""
    owner = "" if principal.role is AccountRole.ADMIN else principal.user
    rows = session.read(Query.JOB_LIST, owner=owner)
    return paginate([_summary(r) for r in rows if kind is None or r["kind"] == kind], page)


def mark_interrupted(session: Session) -> int:
    """Record every queued or running job as interrupted (at start-up, when no job of this
    store can still be running); how many there were."""
    ids = [str(r["id"]) for r in session.read(Query.JOB_LIST, owner="") if r["state"] in ACTIVE]
    if not ids:
        return 0
    at = now_text()
    jobs = [_view(r) for r in session.read(Query.JOBS, keys=ids)]
    save_jobs(session, [replace(j, state=JobState.INTERRUPTED, finished_at=at) for j in jobs])
    return len(jobs)


def summary_of(job: JobSummary) -> JobSummary:
    """The summary of a job (a view without its parameters and result)."""
    return JobSummary(**_fields(job))


def _fields(job: JobSummary) -> dict[str, Any]:
    """The summary fields of a job, by name."""
    return {f.name: getattr(job, f.name) for f in fields(JobSummary)}


def _row(job: JobView) -> dict[str, object]:
    """The job as a row of every `graph.system_model.Job` property."""
    return {
        **_fields(job),
        "state": job.state.value,
        "params": json.dumps(job.params, ensure_ascii=False),
        "result": _json(job.result),
        "error": _json(None if job.error is None else asdict(job.error)),
    }


def _json(value: Any) -> str:
    """JSON text of `value`, '' for None."""
    return "" if value is None else json.dumps(value, ensure_ascii=False)


def _error(text: object) -> JobError | None:
    return JobError(**json.loads(str(text))) if text else None


def _summary(row: Row) -> JobSummary:
    return JobSummary(
        id=str(row["id"]),
        kind=str(row["kind"]),
        owner=str(row["owner"]),
        state=JobState(row["state"]),
        stage=str(row["stage"] or ""),
        percent=float(row["percent"] or 0.0),
        created_at=str(row["created_at"] or ""),
        started_at=str(row["started_at"] or ""),
        finished_at=str(row["finished_at"] or ""),
        error=_error(row["error"]),
    )


def _view(row: Row) -> JobView:
    result = json.loads(str(row["result"])) if row["result"] else None
    params = json.loads(str(row["params"] or "{}"))
    return JobView(**_fields(_summary(row)), params=params, result=result)
