"""The embedded default store: LadybugDB (the maintained Kùzu fork) in one file on disk.

One `graph.ladybug_database.LadybugDatabase` per process; each session has its own
connection and staging folder. Across processes the store is shared through
`graph.store_lock`: a process holds the file only while one of its sessions uses it (a server
keeps it `linger_s` longer, and lets go at once when another process waits for it), shared
while they only read (a read-only open) and exclusive while one writes; a session that was
released (`LadybugSession.released`) takes the store again only if no other process wrote
meanwhile. Within the process, reads run in parallel and write transactions are serialised
by the database's write lock. Every committed write transaction is checkpointed, so the
write-ahead log only ever holds the one in flight (see `graph.ladybug_recovery` for what
happens when a kill tears it).
"""

from __future__ import annotations

import contextlib
import logging
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph import ladybug_cypher as cypher
from graph.errors import Conflict
from graph.ladybug_csv import render_csv
from graph.queries import Query, Read
from graph.rows import Row
from graph.schema import Schema
from graph.session import Dialect, batches
from graph.store_lock import Mode

if TYPE_CHECKING:
    from graph.ladybug_database import LadybugDatabase

log = logging.getLogger(__name__)

BEFORE_COMMIT: list[Callable[[LadybugSession], None]] = []
"""Called inside each write transaction just before it commits (the crash bench records the
state it is about to commit); empty otherwise."""


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
