"""Background jobs: writing jobs one at a time in the order submitted, read-only jobs beside
them, progress in memory for whoever watches, and a record of each in the store.

A job is submitted with the function that does its work, ``fn(session, principal,
progress)``, which runs on a session of its own and returns a dataclass (stored as JSON). The
store has one writer, so writing jobs share one thread and queue for it; read-only jobs (dry
runs) run on `workers` other threads and never wait behind a writer. Records are written when
a job is queued, starts and ends (`jobs.recorder`), not at each progress tick.

Cancelling is cooperative: a queued job is cancelled at once; a running one stops at its next
progress call, unless it has already committed a write (then it runs to its end).
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, replace
from typing import Any

from graph.database import Database
from graph.errors import Conflict, DomainError, StoreUnavailable
from graph.page import Page, PageRequest
from graph.principal import AccountRole, Principal
from graph.progress import Progress
from graph.serialise import to_data
from graph.session import Session
from jobs.recorder import Recorder
from jobs.records import (
    ACTIVE,
    JobError,
    JobState,
    JobSummary,
    JobView,
    create_job,
    job_of,
    list_jobs,
    mark_interrupted,
    now_text,
    require_owner,
    summary_of,
)
from jobs.watch import WriteWatch

log = logging.getLogger(__name__)

JobFn = Callable[[Session, Principal, Progress], object]
"""The work of a job: ``fn(session, principal, progress) -> result`` (a dataclass)."""
RECENT = 64
"""Ended jobs kept in memory after their record is written, for watchers still following."""
INTERNAL = JobError(
    "internal", "the job failed unexpectedly; the server's log has the details (内部错误)"
)


class JobStopped(Exception):
    """Raised by a job's progress callback when the job has been asked to stop."""


@dataclass
class _Task:
    """A job this runner holds: its latest view and what it needs to run."""

    view: JobView
    principal: Principal
    fn: JobFn
    stop_as: JobState | None = None
    """CANCELLED when a user cancelled it, INTERRUPTED when the runner is closing."""
    watch: WriteWatch | None = None


class JobRunner:
    """Runs submitted jobs on background threads; `start` it before submitting."""

    def __init__(self, database: Database, *, workers: int = 2) -> None:
        self.database = database
        self.workers = workers
        self._lock = threading.Lock()
        self._tasks: dict[str, _Task] = {}
        self._recent: OrderedDict[str, JobView] = OrderedDict()
        self._writes: queue.Queue[str | None] = queue.Queue()
        self._reads: queue.Queue[str | None] = queue.Queue()
        self._threads: list[threading.Thread] = []
        self._recorder = Recorder(database, self._saved)
        self._executor: ProcessPoolExecutor | None = None
        self._running = False

    def start(self) -> int:
        """Record the jobs a previous run left queued or running as interrupted, then start
        the threads; how many jobs were interrupted."""
        with self.database.session() as session:
            interrupted = mark_interrupted(session)
        self._recorder.start()
        queues = [self._writes] + [self._reads] * self.workers
        for i, source in enumerate(queues):
            name = "job-writer" if i == 0 else f"job-reader-{i}"
            thread = threading.Thread(target=self._work, args=(source,), name=name, daemon=True)
            thread.start()
            self._threads.append(thread)
        self._running = True
        return interrupted

    @property
    def executor(self) -> Executor:
        """A process pool for jobs that solve in parallel (route planning), made at first use
        and shut down with the runner."""
        with self._lock:
            if self._executor is None:
                context = multiprocessing.get_context("spawn")
                self._executor = ProcessPoolExecutor(mp_context=context)
            return self._executor

    def submit(
        self,
        session: Session,
        principal: Principal,
        kind: str,
        params: dict[str, Any],
        fn: JobFn,
        *,
        writes: bool,
        roles: Sequence[AccountRole],
    ) -> JobView:
        """Queue a job of `kind` (`params` JSON-ready, kept with its record) that `fn` does,
        recorded on `session` before this returns. `writes`: whether it changes the graph
        (then it waits for the writing jobs before it). `roles` may submit it (admin always
        may); `fn` checks the principal again when it runs.

        Raises `Forbidden` for other roles, `StoreUnavailable` when the runner is stopped."""
        principal.require(*roles, to=f"run {kind} jobs")
        if not self._running:
            raise StoreUnavailable("the job runner is not running: try again when it has started")
        job = create_job(session, principal, kind, params)
        with self._lock:
            if self._running:  # else `close` has begun: the job would never run
                self._tasks[job.id] = _Task(job, principal, fn)
                (self._writes if writes else self._reads).put(job.id)
                return job
        self._recorder.save(replace(job, state=JobState.INTERRUPTED, finished_at=now_text()))
        raise StoreUnavailable("the job runner is stopping: try again when it has started")

    def view(self, session: Session, principal: Principal, job_id: str) -> JobView:
        """One job as it stands: from memory while this runner holds it, else its record."""
        live = self.live(principal, job_id)
        return live if live is not None else job_of(session, principal, job_id)

    def live(self, principal: Principal, job_id: str) -> JobView | None:
        """The job as this runner holds it (running, queued or lately ended), None when it
        does not; `Forbidden` when it is someone else's."""
        with self._lock:
            task = self._tasks.get(job_id)
            view = task.view if task is not None else self._recent.get(job_id)
        if view is not None:
            require_owner(principal, view)
        return view

    def jobs(
        self, session: Session, principal: Principal, page: PageRequest, kind: str | None = None
    ) -> Page[JobSummary]:
        """The principal's jobs (an administrator's: everyone's; only those of `kind` when
        given), newest first, as they stand."""
        stored = list_jobs(session, principal, page, kind)
        with self._lock:
            items = tuple(self._latest(j) for j in stored.items)
        return replace(stored, items=items)

    def cancel(self, session: Session, principal: Principal, job_id: str) -> JobView:
        """Cancel a queued job, or ask a running one to stop at its next progress call.

        Raises `NotFound` / `Forbidden` as `view` does, `Conflict` for a job that has ended
        or has already written its results."""
        with self._lock:
            task = self._tasks.get(job_id)
            if task is not None:
                require_owner(principal, task.view)
                return self._cancel(task)
        job = self.view(session, principal, job_id)
        raise Conflict(f"job {job_id} is {job.state.value}: there is nothing to cancel")

    @property
    def running(self) -> bool:
        """Whether the runner has started and not been closed."""
        return self._running

    def close(self, timeout_s: float = 10.0) -> None:
        """Stop: queued jobs become interrupted, running ones are asked to stop (those still
        running after `timeout_s` are recorded as interrupted at the next start)."""
        with self._lock:
            self._running = False
            ended = [self._stop(t) for t in self._tasks.values()]
        for job in ended:
            if job is not None:
                self._recorder.save(job)
        for source in [self._writes] + [self._reads] * self.workers:
            source.put(None)
        for thread in self._threads:
            thread.join(timeout_s)
        self._recorder.close()
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)

    def _latest(self, job: JobSummary) -> JobSummary:
        """The job as this runner holds it, if it does (caller holds the lock)."""
        task = self._tasks.get(job.id)
        if task is None:
            return job
        return summary_of(task.view)

    def _cancel(self, task: _Task) -> JobView:
        """Cancel the task (caller holds the lock); its view afterwards."""
        state = task.view.state
        if state is JobState.QUEUED:
            task.view = replace(task.view, state=JobState.CANCELLED, finished_at=now_text())
            self._recorder.save(task.view)
        elif state is not JobState.RUNNING:
            raise Conflict(f"job {task.view.id} is {state.value}: there is nothing to cancel")
        elif task.watch is not None and task.watch.wrote:
            raise Conflict(
                f"job {task.view.id} has already written its results: it can no longer be cancelled"
            )
        else:
            task.stop_as = JobState.CANCELLED
            task.view = replace(task.view, cancel_requested=True)
        return task.view

    def _stop(self, task: _Task) -> JobView | None:
        """Interrupt a queued task or ask a running one to stop (caller holds the lock); the
        view to record, if it changed."""
        if task.view.state is JobState.RUNNING:
            task.stop_as = JobState.INTERRUPTED
        if task.view.state is not JobState.QUEUED:
            return None
        task.view = replace(task.view, state=JobState.INTERRUPTED, finished_at=now_text())
        return task.view

    def _work(self, source: queue.Queue[str | None]) -> None:
        while (job_id := source.get()) is not None:
            task = self._begin(job_id)
            if task is not None:
                self._run(task)

    def _begin(self, job_id: str) -> _Task | None:
        """Mark a queued task running; None when it was cancelled or interrupted meanwhile."""
        with self._lock:
            task = self._tasks.get(job_id)
            if task is None or task.view.state is not JobState.QUEUED:
                return None
            task.view = replace(task.view, state=JobState.RUNNING, started_at=now_text())
            self._recorder.save(task.view)
            return task

    def _run(self, task: _Task) -> None:
        """Do the task's work on a session of its own and record how it ended."""
        job = task.view
        try:
            with self.database.session() as session:
                task.watch = WriteWatch(session)
                result = task.fn(task.watch, task.principal, self._progress(task))
            self._end(task, state=JobState.DONE, result=to_data(result))
        except JobStopped:
            self._end(task, state=task.stop_as or JobState.CANCELLED)
        except DomainError as exc:
            error = JobError(exc.kind, exc.message, to_data(exc.details))
            self._end(task, state=_failed(task), error=error)
        except Exception:  # the edge of a job: log it whole, store no trace
            log.exception("job %s (%s) of %s failed", job.id, job.kind, job.owner)
            self._end(task, state=_failed(task), error=INTERNAL)

    def _progress(self, task: _Task) -> Progress:
        """The callback the task's work reports to; it raises `JobStopped` once the task is
        asked to stop, until the work has committed a write."""

        def progress(stage: str, done: int, total: int) -> None:
            with self._lock:
                if task.stop_as is not None and not (task.watch and task.watch.wrote):
                    raise JobStopped(task.view.id)
                percent = min(100.0, round(100 * done / total, 1)) if total > 0 else 0.0
                task.view = replace(task.view, stage=stage, percent=percent)

        return progress

    def _end(
        self, task: _Task, *, state: JobState, result: Any = None, error: JobError | None = None
    ) -> None:
        """Record how the task ended."""
        with self._lock:
            percent = 100.0 if state is JobState.DONE else task.view.percent
            task.view = replace(
                task.view,
                state=state,
                percent=percent,
                finished_at=now_text(),
                result=result,
                error=error,
                cancel_requested=False,
            )
            self._recorder.save(task.view)
        log.info("job %s (%s) of %s: %s", task.view.id, task.view.kind, task.view.owner, state)

    def _saved(self, jobs: list[JobView]) -> None:
        """Once an ended job's record is written, keep it among the recent ones only."""
        with self._lock:
            for job in jobs:
                if job.state not in ACTIVE and self._tasks.get(job.id) is not None:
                    del self._tasks[job.id]
                    self._recent[job.id] = job
            while len(self._recent) > RECENT:
                self._recent.popitem(last=False)


def _failed(task: _Task) -> JobState:
    """How a job that raised ended: interrupted when the runner was closing (its store may
    have gone), else failed."""
    return JobState.INTERRUPTED if task.stop_as is JobState.INTERRUPTED else JobState.FAILED
