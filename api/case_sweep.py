"""The case clocks' sweep in the server: a daemon thread raising due alerts every
`interval_s` seconds on a session of its own, as the local administrator."""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from care.service.alerts import sweep_clocks
from graph.database import Database
from graph.errors import StoreUnavailable
from graph.principal import LOCAL_ADMIN

log = logging.getLogger(__name__)


class CaseSweep:
    """Runs `sweep_clocks` every `interval_s` seconds (0 or less: never) until `close`;
    an error is logged and the next round goes on."""

    def __init__(self, database: Database, interval_s: float) -> None:
        self.database = database
        self.interval_s = interval_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self.interval_s <= 0:
            return
        self._thread = threading.Thread(target=self._run, name="case-sweep", daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Stop at once (a sweep under way ends first)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)

    def sweep(self) -> None:
        """One sweep as of now."""
        try:
            with self.database.session() as session:
                report = sweep_clocks(session, LOCAL_ADMIN, now=datetime.now())
            if report.alerts:
                log.info("case sweep raised %d alerts", len(report.alerts))
        except StoreUnavailable as busy:
            log.warning("the case sweep waits for the store: %s", busy.message)
        except Exception:
            log.exception("the case sweep failed; it runs again in %.0f s", self.interval_s)

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            self.sweep()
