"""The embedded store's database: one LadybugDB file a process opens while its sessions use it.

It counts the sessions that hold the file, opens it (read-only while they only read) and takes
the cross-process lock of `graph.store_lock`; a server keeps it open `linger_s` longer and
lets go as soon as another process waits. Sessions are `graph.ladybug_store.LadybugSession`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from graph import ladybug_cypher as cypher
from graph.errors import StoreBusy, StoreUnavailable
from graph.ladybug_recovery import has_log, open_file
from graph.ladybug_store import LadybugSession
from graph.schema import Schema
from graph.store_lock import DEFAULT_WAIT_S, POLL_S, Mode, StoreLock, others_waiting

MAX_IDLE_CONNECTIONS = 16
"""Connections kept open for the next sessions while the file stays open."""


class LadybugDatabase:
    """A LadybugDB database file this process opens while its sessions use it."""

    def __init__(
        self, path: Path, schema: Schema, *, wait_s: float = DEFAULT_WAIT_S, linger_s: float = 0.0
    ) -> None:
        self.path = path
        self.schema = schema
        self.statements = cypher.statements(schema)
        self.write_lock = threading.RLock()
        self._lock = StoreLock(path, wait_s)
        self._state = threading.Condition()
        self._db: Any = None
        self._holds = 0
        self._writers_waiting = 0
        self._closed = False
        self._idle: list[Any] = []
        self.linger_s = linger_s
        self._idle_since = 0.0
        self._yielding = False
        if linger_s > 0:
            threading.Thread(target=self._tend, name="ladybug-linger", daemon=True).start()

    @classmethod
    def open(
        cls, path: Path, schema: Schema, *, wait_s: float = DEFAULT_WAIT_S, linger_s: float = 0.0
    ) -> LadybugDatabase:
        """The database on `path` (created when missing), its schema migrated if it lags;
        with `linger_s`, the file stays open that long after its last session ends."""
        database = cls(path, schema, wait_s=wait_s, linger_s=linger_s)
        with database.session() as session:
            if not session.has_schema(schema):
                session.migrate(schema)
        return database

    def hold(self, mode: Mode) -> int:
        """Count one more user of the file in `mode`, opening it (and taking the cross-process
        lock) when nobody in this process uses it; return the store's write counter."""
        deadline = time.monotonic() + self._lock.wait_s
        with self._state:
            self._writers_waiting += mode is Mode.WRITE
            try:
                while not self._can_join(mode):
                    if self._holds == 0 and self._db is not None:  # lingering, too weak
                        self._let_file_go()
                    if self._lock.mode is None:
                        self._take(mode)
                        break
                    if not self._state.wait(timeout=max(0.0, deadline - time.monotonic())):
                        raise StoreBusy(
                            f"the graph at {self.path} is being read by another session of "
                            "this process: end it before writing"
                        )
            finally:
                self._writers_waiting -= mode is Mode.WRITE
            self._holds += 1
            return self._lock.version()

    def _can_join(self, mode: Mode) -> bool:
        if self._closed:
            raise StoreUnavailable(f"the graph at {self.path} is closed")
        held = self._lock.mode
        if self._yielding:
            return False
        return held is Mode.WRITE or (
            held is Mode.READ and mode is Mode.READ and not self._writers_waiting
        )

    def _take(self, mode: Mode) -> None:
        """Lock and open the file; a reader that finds it missing or left with a log by a
        killed writer takes it for writing, to create or recover it. A lingering process
        first lets the processes that wait for the store have their turn."""
        deadline = time.monotonic() + self._lock.wait_s
        while self.linger_s > 0 and others_waiting(self.path) and time.monotonic() < deadline:
            self._state.wait(POLL_S)
        self._lock.acquire(mode)
        if mode is Mode.READ and (not self.path.exists() or has_log(self.path)):
            self._lock.release()
            mode = Mode.WRITE
            self._lock.acquire(mode)
        try:
            self._db = open_file(self.path, read_only=mode is Mode.READ)
        except BaseException:
            self._lock.release()
            raise

    def unhold(self) -> None:
        """One user fewer; the last closes the file and lets other processes have it."""
        with self._state:
            self._holds -= 1
            if self._holds == 0 and self._db is not None:
                self._idle_since = time.monotonic()
                if self.linger_s <= 0 or self._yielding or self._closed:
                    self._let_file_go()
            self._state.notify_all()

    def _let_file_go(self) -> None:
        """Close the file and release the cross-process lock (callers hold `_state`)."""
        for connection in self._idle:
            connection.close()
        self._idle.clear()
        self._db.close()
        self._db = None
        self._lock.release()
        self._yielding = False

    def _tend(self) -> None:
        """Close a lingering file once idle for `linger_s`, or as soon as its sessions end
        when another process waits for the store (new sessions wait meanwhile)."""
        with self._state:
            while not (self._closed and self._db is None):
                if self._db is not None:
                    self._yielding = self._yielding or others_waiting(self.path)
                    idle = time.monotonic() - self._idle_since >= self.linger_s
                    if self._holds == 0 and (self._yielding or self._closed or idle):
                        self._let_file_go()
                        self._state.notify_all()
                self._state.wait(timeout=POLL_S)

    def version(self) -> int:
        """The store's change counter: it moves with every counted write of any process.

        Read at once while this process holds the store (so a request that already reads
        never queues behind a waiting writer for it)."""
        with self._state:
            if self._lock.mode is not None:
                return self._lock.version()
        version = self.hold(Mode.READ)
        self.unhold()
        return version

    def bump(self) -> int:
        """Count a write transaction in the store's counter; the new value."""
        self._lock.bump()
        return self._lock.version()

    def connect(self) -> Any:
        """A connection on the open file: an idle one kept from an earlier session when there
        is one (opening one costs milliseconds), else a new one."""
        import ladybug

        with self._state:
            if self._idle:
                return self._idle.pop()
            return ladybug.Connection(self._db)

    def disconnect(self, connection: Any) -> None:
        """Keep a session's connection for the next session (callers still hold the file)."""
        with self._state:
            if len(self._idle) < MAX_IDLE_CONNECTIONS:
                self._idle.append(connection)
                return
        connection.close()

    @contextmanager
    def session(self) -> Iterator[LadybugSession]:
        """A session with its own connection; closed when the block ends."""
        if self._closed:
            raise StoreUnavailable(f"the graph at {self.path} is closed")
        session = LadybugSession(self)
        try:
            yield session
        finally:
            session.close()

    def close(self) -> None:
        with self._state:
            self._closed = True
            if self._holds == 0 and self._db is not None:
                self._let_file_go()
            self._state.notify_all()

    def __enter__(self) -> LadybugDatabase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
