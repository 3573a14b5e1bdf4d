"""Job records written on a thread of their own, in the order their changes happened.

Nobody waits for a record: a job's worker goes on with its work and a request that cancels
answers at once, and neither holds the store while another session of its thread waits.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

from graph.database import Database
from jobs.records import JobView, save_jobs

log = logging.getLogger(__name__)


class Recorder:
    """Writes the job views given to `save` (the latest of each job per batch), then calls
    `on_saved` with them."""

    def __init__(self, database: Database, on_saved: Callable[[list[JobView]], None]) -> None:
        self.database = database
        self.on_saved = on_saved
        self._queue: queue.Queue[JobView | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="job-recorder", daemon=True)
        self._closed = False

    def start(self) -> None:
        self._thread.start()

    def save(self, job: JobView) -> None:
        """Queue the job's record as it stands now (nothing, once closed)."""
        if not self._closed:
            self._queue.put(job)

    def close(self, timeout_s: float = 15.0) -> None:
        """Write what is queued and stop, waiting at most `timeout_s` (a record still unwritten
        then is a job the next start marks interrupted)."""
        self._closed = True
        self._queue.put(None)
        if self._thread.is_alive():
            self._thread.join(timeout_s)
            if self._thread.is_alive():
                log.warning("job records still being written after %g s; not waiting", timeout_s)

    def _run(self) -> None:
        while True:
            batch, stop = self._next_batch()
            if batch:
                self._write(list(batch.values()))
            if stop:
                return

    def _next_batch(self) -> tuple[dict[str, JobView], bool]:
        """Every queued view, the latest per job, and whether the end was reached."""
        batch: dict[str, JobView] = {}
        item = self._queue.get()
        while item is not None:
            batch[item.id] = item
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return batch, False
        return batch, True

    def _write(self, jobs: list[JobView]) -> None:
        try:
            with self.database.session() as session:
                save_jobs(session, jobs)
        except Exception:  # the edge of a thread: log, and let the jobs' next change retry
            log.exception("could not record jobs %s", ", ".join(j.id for j in jobs))
            return
        self.on_saved(jobs)
