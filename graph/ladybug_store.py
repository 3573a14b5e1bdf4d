"""The embedded default store: LadybugDB (the maintained Kùzu fork) in one file on disk.

One `LadybugDatabase` per process; each session has its own connection and staging folder.
Across processes the store is shared through `graph.store_lock`: a process holds the file only
while one of its sessions uses it (a server keeps it `linger_s` longer, and lets go at once
when another process waits for it), shared while they only read (a read-only open) and
exclusive while one writes; a session that was released (`LadybugSession.released`) takes the
store again only if no other process wrote meanwhile. Within the process, reads run in
parallel and write transactions are serialised by the database's write lock. Every committed
write transaction is checkpointed, so the write-ahead log only ever holds the one in flight
(see `graph.ladybug_recovery` for what happens when a kill tears it).
"""

from __future__ import annotations

import contextlib
import logging
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from graph import ladybug_cypher as cypher
from graph.errors import Conflict, StoreBusy, StoreUnavailable
from graph.ladybug_csv import render_csv
from graph.ladybug_recovery import has_log, open_file
from graph.queries import Query, Read
from graph.rows import Row
from graph.schema import Schema
from graph.session import Dialect, batches
from graph.store_lock import DEFAULT_WAIT_S, POLL_S, Mode, StoreLock, others_waiting

log = logging.getLogger(__name__)

MAX_IDLE_CONNECTIONS = 16
"""Connections kept open for the next sessions while the file stays open."""

BEFORE_COMMIT: list[Callable[[LadybugSession], None]] = []
"""Called inside each write transaction just before it commits (the crash bench records the
state it is about to commit); empty otherwise."""


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


class LadybugSession:
    """One connection on a `LadybugDatabase`, with its own transaction and staging folder.

    It takes the store on first use (for reading; for writing at its first write) and keeps
    it until it ends or is `released`."""

    dialect = Dialect.LADYBUG

    def __init__(self, database: LadybugDatabase, *, batch_size: int = 20_000) -> None:
        self.database = database
        self.batch_size = batch_size
        self._conn: Any = None
        self._mode: Mode | None = None
        self._seen: int | None = None
        self._released = False
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._in_transaction = False

    def close(self) -> None:
        self._let_go()
        if self._tmp is not None:
            self._tmp.cleanup()
        self._tmp = None

    def _let_go(self) -> None:
        if self._mode is None:
            return
        self.database.disconnect(self._conn)
        self._conn, self._mode = None, None
        self.database.unhold()

    def _take(self, mode: Mode) -> None:
        """Hold the store in `mode` (or better); a graph changed by another writer while this
        session had released it is a conflict."""
        if self._mode is Mode.WRITE or self._mode is mode:
            return
        self._let_go()
        version = self.database.hold(mode)
        self._conn, self._mode = self.database.connect(), mode
        if self._released and self._seen is not None and version != self._seen:
            self._let_go()
            raise Conflict(
                "the graph changed while this command was working on what it had read: run it again"
            )
        self._seen, self._released = version, False

    @contextmanager
    def released(self) -> Iterator[None]:
        """Let other processes have the store (for a long computation on what was read); the
        next use takes it again, raising `Conflict` if another process wrote meanwhile."""
        assert not self._in_transaction, "release the store outside a transaction"
        self._let_go()
        self._released = True
        yield

    def _execute(self, statement: str, params: Mapping[str, object] | None = None) -> list[Row]:
        if self._mode is None:
            self._take(Mode.READ)
        result = self._conn.execute(statement, dict(params or {}))
        columns = result.get_column_names()
        return [dict(zip(columns, values, strict=True)) for values in result.get_all()]

    def has_schema(self, schema: Schema) -> bool:
        """Whether every table and column of `schema` exists."""
        existing = {r["name"] for r in self._execute(cypher.SHOW_TABLES)}
        if any(rel.name not in existing for rel in schema.relationships):
            return False
        for node in schema.nodes:
            if node.label not in existing:
                return False
            have = {r["name"] for r in self._execute(cypher.render_table_columns(node.label))}
            if any(p.name not in have for p in node.properties):
                return False
        return True

    def migrate(self, schema: Schema) -> None:
        """Create missing tables and add missing columns (for graphs made by older versions)."""
        with self._writing():
            existing = {r["name"] for r in self._execute(cypher.SHOW_TABLES)}
            for node in schema.nodes:
                if node.label in existing:
                    columns = self._execute(cypher.render_table_columns(node.label))
                    have = {r["name"] for r in columns}
                    for prop in node.properties:
                        if prop.name not in have:
                            self._execute(cypher.render_add_column(node.label, prop))
                else:
                    self._execute(cypher.render_node_table(node))
            for rel in schema.relationships:
                if rel.name not in existing:
                    self._execute(cypher.render_rel_table(rel))

    def clear(self) -> None:
        """Drop every table and recreate the schema: the fastest way to empty the file."""
        schema = self.database.schema
        with self._writing():
            for rel in schema.relationships:
                self._execute(cypher.render_drop_table(rel.name))
            for node in schema.nodes:
                self._execute(cypher.render_drop_table(node.label))
            self.migrate(schema)

    @contextmanager
    def _writing(self, *, counted: bool = True) -> Iterator[None]:
        """Hold the store for writing and this process's write lock; count the write before
        it starts (a killed write only costs a spurious conflict) and checkpoint after it."""
        if self._in_transaction:
            yield
            return
        self._take(Mode.WRITE)
        with self.database.write_lock:
            if counted:
                self._seen = self.database.bump()
            self._in_transaction = True
            try:
                yield
            finally:
                self._in_transaction = False
            self._checkpoint()

    def _checkpoint(self) -> None:
        """Fold the log into the main file, so that it only ever holds a write in flight."""
        try:
            self._conn.execute("CHECKPOINT")
        except RuntimeError as exc:  # other connections still reading: the next one will
            log.debug("checkpoint deferred: %s", str(exc).splitlines()[0])

    def read(self, query: Query, **params: object) -> list[Row]:
        """A named read; one that deletes runs inside a (joined or own) write transaction."""
        statement = self.database.statements[query]
        assert isinstance(statement, str), f"{query.name} is a write"
        if isinstance(query.value, Read) and query.value.writes:
            with self.transaction():
                return self._execute(statement, params)
        return self._execute(statement, params)

    def write(self, query: Query, rows: Sequence[Mapping[str, object]]) -> int:
        """Write rows in batches; each batch is one transaction unless one is already open."""
        statement = self.database.statements[query]
        for batch in batches(rows, self.batch_size):
            with self.transaction():
                self._write_batch(statement, batch)
        return len(rows)

    def _write_batch(
        self, statement: cypher.Statement, batch: Sequence[Mapping[str, object]]
    ) -> None:
        if isinstance(statement, cypher.RowWrite):
            self._load(statement, batch)
            return
        assert isinstance(statement, cypher.UpsertPlan)
        keys = [row[statement.key] for row in batch]
        found = {r["key"] for r in self._execute(statement.lookup, {"keys": keys})}
        new = [row for row in batch if row[statement.key] not in found]
        old = [row for row in batch if row[statement.key] in found]
        if new:
            self._load(statement.create, _unique_by(new, statement.key))
        if old:
            self._load(statement.update, old)

    def _load(self, write: cypher.RowWrite, rows: Sequence[Mapping[str, object]]) -> None:
        """Run a row write with its rows bound from a temporary CSV file."""
        if self._tmp is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="crm-ladybug-")
        path = Path(self._tmp.name) / "rows.csv"
        text = render_csv(write.columns, rows)
        path.write_text(text, encoding="utf-8")
        one_line_each = "\r" not in text and text.count("\n") == len(rows) + 1
        try:
            load = cypher.render_load(write.columns, str(path), parallel=one_line_each)
            self._execute(load + write.tail)
        finally:
            path.unlink(missing_ok=True)

    @contextmanager
    def transaction(self, *, counted: bool = True) -> Iterator[LadybugSession]:
        """All writes inside commit together or not at all (nested calls join the outer one).

        Holds the store for writing and the database's write lock until it ends, so writers
        from other sessions and processes wait; checkpoints after the commit. An uncounted
        one leaves the change counter alone (`graph.session.Session.transaction`)."""
        if self._in_transaction:
            yield self
            return
        with self._writing(counted=counted):
            self._execute("BEGIN TRANSACTION")
            try:
                yield self
            except BaseException:
                with contextlib.suppress(RuntimeError):  # a failed statement may have ended it
                    self._execute("ROLLBACK")
                raise
            for hook in BEFORE_COMMIT:
                hook(self)
            self._execute("COMMIT")


def _unique_by(rows: Sequence[Mapping[str, object]], key: str) -> list[Mapping[str, object]]:
    """The last row for each key, so a batch that repeats a key creates it once."""
    return list({row[key]: row for row in rows}.values())
