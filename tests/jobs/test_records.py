"""Job records in a real store: created, read by their owner, listed, interrupted."""

from __future__ import annotations

from dataclasses import replace

import pytest

from graph.database import Database
from graph.errors import Forbidden, NotFound
from graph.page import PageRequest
from graph.principal import AccountRole, Principal
from jobs.records import (
    JobError,
    JobState,
    create_job,
    job_of,
    list_jobs,
    mark_interrupted,
    save_jobs,
)

ALICE = Principal("alice", AccountRole.PLANNER)
BOB = Principal("bob", AccountRole.PLANNER)
ADMIN = Principal("root", AccountRole.ADMIN)


def test_a_created_job_is_queued_and_reads_back_whole(db: Database) -> None:
    with db.session() as session:
        job = create_job(session, ALICE, "territory_rebalance", {"dry_run": True, "注": "试"})
        stored = job_of(session, ALICE, job.id)
    assert stored == job
    assert (stored.state, stored.owner, stored.params) == (
        JobState.QUEUED,
        "alice",
        {"dry_run": True, "注": "试"},
    )
    assert stored.created_at and not stored.started_at and stored.result is None


def test_results_and_errors_round_trip_as_json(db: Database) -> None:
    with db.session() as session:
        job = create_job(session, ALICE, "import_orders", {})
        failed = replace(
            job,
            state=JobState.FAILED,
            error=JobError("invalid_input", "文件无法读取", [{"line": 2, "column": "id"}]),
        )
        done = replace(create_job(session, ALICE, "classify", {}), result={"counts": {"tier": 3}})
        save_jobs(session, [failed, done])
        assert job_of(session, ALICE, job.id) == failed
        assert job_of(session, ALICE, done.id).result == {"counts": {"tier": 3}}


def test_a_user_reads_only_their_own_jobs_and_an_admin_reads_all(db: Database) -> None:
    with db.session() as session:
        job = create_job(session, ALICE, "classify", {})
        assert job_of(session, ADMIN, job.id).id == job.id
        with pytest.raises(Forbidden, match=f"job {job.id} belongs to another user"):
            job_of(session, BOB, job.id)
        with pytest.raises(NotFound, match="job nope not found"):
            job_of(session, ALICE, "nope")


def test_lists_are_own_jobs_newest_first_and_paged(db: Database) -> None:
    with db.session() as session:
        mine = [create_job(session, ALICE, "classify", {"n": i}) for i in range(3)]
        theirs = create_job(session, BOB, "classify", {})
        page = list_jobs(session, ALICE, PageRequest(0, 2))
        everyone = list_jobs(session, ADMIN, PageRequest(0, 10))
    newest_first = sorted(mine, key=lambda j: (j.created_at, j.id), reverse=True)
    assert [j.id for j in page.items] == [j.id for j in newest_first[:2]]
    assert page.total == 3
    assert {j.id for j in everyone.items} == {j.id for j in mine} | {theirs.id}


def test_queued_and_running_jobs_are_marked_interrupted_at_start_up(db: Database) -> None:
    with db.session() as session:
        queued = create_job(session, ALICE, "classify", {})
        running = replace(create_job(session, ALICE, "classify", {}), state=JobState.RUNNING)
        done = replace(create_job(session, ALICE, "classify", {}), state=JobState.DONE)
        save_jobs(session, [running, done])
        assert mark_interrupted(session) == 2
        states = {j.id: j.state for j in list_jobs(session, ALICE, PageRequest()).items}
        assert mark_interrupted(session) == 0
        interrupted = job_of(session, ALICE, running.id)
    assert states == {
        queued.id: JobState.INTERRUPTED,
        running.id: JobState.INTERRUPTED,
        done.id: JobState.DONE,
    }
    assert interrupted.finished_at and interrupted.params == {}
