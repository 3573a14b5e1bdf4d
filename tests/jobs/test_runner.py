"""The job runner on a real store with real threads: queueing, progress, cancelling, failures,
restarts. Jobs wait on events the tests set, so each step happens when the test says."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from classification.params import ClassParams
from classification.service.classify import classify_store
from classification.service.summary import class_summary
from graph.database import Database
from graph.errors import Conflict, Forbidden, InvalidInput, NotFound, StoreUnavailable
from graph.page import PageRequest
from graph.principal import AccountRole, Principal
from graph.progress import Progress
from graph.queries import Query
from graph.session import Session
from jobs.records import JobState, JobView, job_of
from jobs.runner import JobFn, JobRunner
from seeds.city import City
from seeds.writer import write_city

ALICE = Principal("alice", AccountRole.PLANNER)
BOB = Principal("bob", AccountRole.PLANNER)
ADMIN = Principal("root", AccountRole.ADMIN)
PLANNERS = (AccountRole.PLANNER,)
WAIT_S = 20.0


@dataclass(frozen=True)
class Outcome:
    value: int


def until(check: Callable[[], bool]) -> None:
    """Wait until `check()` holds (the runner's threads move on their own)."""
    deadline = time.monotonic() + WAIT_S
    while not check():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.005)


def blocked(gate: threading.Event, log: list[str] | None = None, name: str = "") -> JobFn:
    """A job that reports progress, waits for `gate`, reports again and returns 1."""

    def fn(session: Session, principal: Principal, progress: Progress) -> Outcome:
        if log is not None:
            log.append(f"{name} start")
        progress("waiting", 1, 4)
        assert gate.wait(WAIT_S)
        progress("going on", 2, 4)
        if log is not None:
            log.append(f"{name} end")
        return Outcome(1)

    return fn


def write_user(session: Session, name: str) -> None:
    """A counted write the tests can look for afterwards."""
    row = {"username": name, "role": "viewer", "password_hash": "-", "staff": ""}
    session.write(Query.UPSERT_USERS, [{**row, "enabled": True, "created_at": ""}])


def users(db: Database) -> set[str]:
    with db.session() as session:
        return {str(r["username"]) for r in session.read(Query.ALL_USERS)}


@pytest.fixture
def runner(db: Database) -> Iterator[JobRunner]:
    """A started runner on the empty `db`, closed after the test."""
    jobs = JobRunner(db, workers=2)
    jobs.start()
    yield jobs
    jobs.close(timeout_s=5)


def submit(
    db: Database,
    runner: JobRunner,
    fn: JobFn,
    *,
    writes: bool = True,
    principal: Principal = ALICE,
    kind: str = "test",
) -> JobView:
    with db.session() as session:
        return runner.submit(session, principal, kind, {"k": 1}, fn, writes=writes, roles=PLANNERS)


def state(runner: JobRunner, job: JobView) -> JobState:
    view = runner.live(ADMIN, job.id)
    assert view is not None
    return view.state


def stored(db: Database, job: JobView) -> JobView:
    with db.session() as session:
        return job_of(session, ADMIN, job.id)


def test_a_job_reports_progress_in_memory_and_its_result_in_the_store(
    db: Database, runner: JobRunner
) -> None:
    gate = threading.Event()
    job = submit(db, runner, blocked(gate))
    assert job.state is JobState.QUEUED and stored(db, job).state is JobState.QUEUED
    until(lambda: (v := runner.live(ALICE, job.id)) is not None and v.stage == "waiting")
    live = runner.live(ALICE, job.id)
    assert live is not None and (live.state, live.percent) == (JobState.RUNNING, 25.0)
    gate.set()
    until(lambda: state(runner, job) is JobState.DONE)
    until(lambda: stored(db, job).state is JobState.DONE)
    record = stored(db, job)
    assert record.result == {"value": 1} and record.params == {"k": 1}
    assert record.percent == 100.0 and record.stage == "going on"
    assert record.created_at <= record.started_at <= record.finished_at


def test_writing_jobs_run_one_at_a_time_in_order_and_readers_do_not_wait(
    db: Database, runner: JobRunner
) -> None:
    gates = [threading.Event() for _ in range(3)]
    log: list[str] = []
    writers = [submit(db, runner, blocked(g, log, f"w{i}")) for i, g in enumerate(gates)]
    until(lambda: log == ["w0 start"])
    reader_gate = threading.Event()
    reader_gate.set()
    reader = submit(db, runner, blocked(reader_gate, log, "r"), writes=False)
    until(lambda: state(runner, reader) is JobState.DONE)
    assert [state(runner, w) for w in writers] == [
        JobState.RUNNING,
        JobState.QUEUED,
        JobState.QUEUED,
    ]
    for gate in reversed(gates):  # the later ones are free first, and still wait their turn
        gate.set()
    until(lambda: all(state(runner, w) is JobState.DONE for w in writers))
    assert log == ["w0 start", "r start", "r end", "w0 end"] + [
        f"w{i} {event}" for i in (1, 2) for event in ("start", "end")
    ]


def test_a_queued_job_is_cancelled_at_once_and_never_runs(db: Database, runner: JobRunner) -> None:
    gate = threading.Event()
    log: list[str] = []
    first = submit(db, runner, blocked(gate, log, "first"))
    second = submit(db, runner, blocked(gate, log, "second"))
    with db.session() as session:
        cancelled = runner.cancel(session, ALICE, second.id)
    assert cancelled.state is JobState.CANCELLED and cancelled.finished_at
    gate.set()
    until(lambda: state(runner, first) is JobState.DONE)
    until(lambda: stored(db, second).state is JobState.CANCELLED)
    assert log == ["first start", "first end"]
    with db.session() as session, pytest.raises(Conflict, match="is cancelled"):
        runner.cancel(session, ALICE, second.id)


def test_a_running_job_stops_at_its_next_progress_call_with_nothing_written(
    db: Database, runner: JobRunner
) -> None:
    gate = threading.Event()

    def fn(session: Session, principal: Principal, progress: Progress) -> Outcome:
        progress("computing", 0, 0)
        assert gate.wait(WAIT_S)
        progress("computed", 1, 1)
        write_user(session, "should-not-exist")
        return Outcome(1)

    job = submit(db, runner, fn)
    until(lambda: state(runner, job) is JobState.RUNNING)
    with db.session() as session:
        asked = runner.cancel(session, ALICE, job.id)
    assert (asked.state, asked.cancel_requested) == (JobState.RUNNING, True)
    gate.set()
    until(lambda: stored(db, job).state is JobState.CANCELLED)
    assert "should-not-exist" not in users(db)
    assert stored(db, job).result is None


def test_a_job_that_has_written_can_no_longer_be_cancelled(db: Database, runner: JobRunner) -> None:
    gate = threading.Event()

    def fn(session: Session, principal: Principal, progress: Progress) -> Outcome:
        with session.transaction():
            write_user(session, "written")
        progress("written", 1, 2)
        assert gate.wait(WAIT_S)
        progress("reported", 2, 2)
        return Outcome(2)

    job = submit(db, runner, fn)
    until(lambda: (v := runner.live(ALICE, job.id)) is not None and v.stage == "written")
    with db.session() as session, pytest.raises(Conflict, match="already written its results"):
        runner.cancel(session, ALICE, job.id)
    gate.set()
    until(lambda: stored(db, job).state is JobState.DONE)
    assert "written" in users(db)


def test_failures_are_stored_as_error_bodies_and_internal_ones_without_a_trace(
    db: Database, runner: JobRunner, caplog: pytest.LogCaptureFixture
) -> None:
    def refused(session: Session, principal: Principal, progress: Progress) -> Outcome:
        raise InvalidInput("tolerance 2 must be in (0, 1)", details=[{"field": "tolerance"}])

    def broken(session: Session, principal: Principal, progress: Progress) -> Outcome:
        raise KeyError("secret internals")

    with caplog.at_level(logging.ERROR, logger="jobs.runner"):
        bad = submit(db, runner, refused)
        crashed = submit(db, runner, broken, writes=False)
        until(lambda: stored(db, bad).state is JobState.FAILED)
        until(lambda: stored(db, crashed).state is JobState.FAILED)
    error = stored(db, bad).error
    assert error is not None and (error.error, error.message, error.details) == (
        "invalid_input",
        "tolerance 2 must be in (0, 1)",
        [{"field": "tolerance"}],
    )
    internal = stored(db, crashed).error
    assert internal is not None and internal.error == "internal"
    assert "secret" not in internal.message and internal.details is None
    assert "secret internals" in caplog.text and "Traceback" in caplog.text


def test_jobs_are_their_owners_and_the_admins(db: Database, runner: JobRunner) -> None:
    gate = threading.Event()
    mine = submit(db, runner, blocked(gate))
    theirs = submit(db, runner, blocked(gate), principal=BOB)
    with db.session() as session:
        with pytest.raises(Forbidden):
            runner.view(session, BOB, mine.id)
        with pytest.raises(Forbidden):
            runner.cancel(session, BOB, mine.id)
        with pytest.raises(NotFound):
            runner.view(session, ALICE, "no-such-job")
        own = runner.jobs(session, ALICE, PageRequest())
        every = runner.jobs(session, ADMIN, PageRequest())
    assert [j.id for j in own.items] == [mine.id]
    assert {j.id for j in every.items} == {mine.id, theirs.id}
    until(lambda: state(runner, mine) is JobState.RUNNING)
    with db.session() as session:
        listed = runner.jobs(session, ALICE, PageRequest()).items[0]
    assert listed.state is JobState.RUNNING  # as the runner holds it, ahead of the record
    gate.set()


def test_only_the_given_roles_may_submit_and_only_to_a_started_runner(db: Database) -> None:
    jobs = JobRunner(db)
    viewer = Principal("v", AccountRole.VIEWER)
    never = blocked(threading.Event())
    with db.session() as session:
        with pytest.raises(StoreUnavailable, match="not running"):
            jobs.submit(session, ALICE, "test", {}, never, writes=True, roles=PLANNERS)
        jobs.start()
        with pytest.raises(Forbidden, match=r"v \(viewer\) may not run test jobs"):
            jobs.submit(session, viewer, "test", {}, never, writes=True, roles=PLANNERS)
        assert session.read(Query.ALL_JOBS) == []
    jobs.close(timeout_s=5)


def test_a_restart_reports_jobs_the_last_run_left_as_interrupted(db: Database) -> None:
    gate = threading.Event()
    first = JobRunner(db)
    first.start()
    running = submit(db, first, blocked(gate))
    queued = submit(db, first, blocked(gate))
    until(lambda: state(first, running) is JobState.RUNNING)
    first.close(timeout_s=0.2)  # the running job is stuck in its work: it outlives the close
    assert stored(db, queued).state is JobState.INTERRUPTED
    assert stored(db, running).state is JobState.RUNNING
    second = JobRunner(db)
    assert second.start() == 1
    assert stored(db, running).state is JobState.INTERRUPTED
    gate.set()  # the stuck job ends; its runner is closed, so nothing more is recorded
    second.close(timeout_s=5)
    assert stored(db, running).state is JobState.INTERRUPTED


def test_a_closing_runner_stops_running_jobs_as_interrupted(db: Database) -> None:
    def spin(session: Session, principal: Principal, progress: Progress) -> Outcome:
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:  # until the progress call raises
            progress("spinning", 0, 0)
            time.sleep(0.001)
        return Outcome(0)

    jobs = JobRunner(db)
    jobs.start()
    job = submit(db, jobs, spin)
    until(lambda: state(jobs, job) is JobState.RUNNING)
    jobs.close(timeout_s=WAIT_S)
    assert stored(db, job).state is JobState.INTERRUPTED


def test_a_classification_job_recomputes_the_classes(db: Database, tiny_city: City) -> None:
    with db.session() as session:
        write_city(session, tiny_city)
    jobs = JobRunner(db)
    jobs.start()

    def classify(session: Session, principal: Principal, progress: Progress) -> object:
        return classify_store(session, principal, ClassParams(), progress=progress)

    job = submit(db, jobs, classify, kind="classify")
    until(lambda: state(jobs, job) in {JobState.DONE, JobState.FAILED})
    jobs.close(timeout_s=WAIT_S)
    record = stored(db, job)
    assert record.state is JobState.DONE and record.result["retailers"] == len(tiny_city.retailers)
    with db.session() as session:
        assert class_summary(session, ALICE).counts == record.result["counts"]
