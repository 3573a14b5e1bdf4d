"""The embedded default store: LadybugDB (the maintained Kùzu fork) in one file on disk.

One `LadybugDatabase` per process holds the file; each session has its own connection and
staging folder. Reads run in parallel; writes are serialised by the database's write lock.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import tempfile
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from graph import ladybug_cypher as cypher
from graph.errors import StoreBusy, StoreUnavailable
from graph.queries import Query, Read
from graph.rows import Row
from graph.schema import Property, PropType, Schema
from graph.session import Dialect, batches

log = logging.getLogger(__name__)


def holder_path(path: Path) -> Path:
    """The file beside the database that names the process holding it."""
    return path.with_name(path.name + ".holder")


def _holder_text(path: Path) -> str:
    """Who holds the database, from its holder file: command, process and since when."""
    try:
        held = json.loads(holder_path(path).read_text(encoding="utf-8"))
        return f"`{held['command']}` (process {held['pid']}, since {held['since']})"
    except (OSError, ValueError, KeyError):
        return "another process"


def _command_line() -> str:
    """This process's command as a person typed it: ``crm ...`` for the CLI."""
    program = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python"
    if program in ("crm", "main.py"):
        program = "crm"
    return " ".join([program, *sys.argv[1:]])


class LadybugDatabase:
    """A LadybugDB database file held by this process: one writer, many readers."""

    def __init__(self, path: Path, db: Any, schema: Schema) -> None:
        self.path = path
        self._db = db
        self.schema = schema
        self.statements = cypher.statements(schema)
        self.write_lock = threading.RLock()

    @classmethod
    def open(cls, path: Path, schema: Schema) -> LadybugDatabase:
        """Open (or create) the file, claim it for this process and migrate its schema."""
        import ladybug

        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = ladybug.Database(str(path))
        except RuntimeError as exc:
            text = str(exc).splitlines()[0]
            if "lock" in text.lower():
                raise StoreBusy(
                    f"the graph at {path} is in use by {_holder_text(path)}: "
                    "wait for it to finish, or stop it"
                ) from exc
            raise StoreUnavailable(f"cannot open the graph at {path}: {text}") from exc
        database = cls(path, db, schema)
        database._claim()
        try:
            with database.session() as session:
                session.migrate(schema)
        except BaseException:
            database.close()
            raise
        return database

    def _claim(self) -> None:
        holder = {
            "pid": os.getpid(),
            "command": _command_line(),
            "since": datetime.now().isoformat(timespec="seconds"),
        }
        holder_path(self.path).write_text(json.dumps(holder), encoding="utf-8")

    @contextmanager
    def session(self) -> Iterator[LadybugSession]:
        """A session with its own connection; closed when the block ends."""
        import ladybug

        if self._db is None:
            raise StoreUnavailable(f"the graph at {self.path} is closed")
        session = LadybugSession(self, ladybug.Connection(self._db))
        try:
            yield session
        finally:
            session.close()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
            holder_path(self.path).unlink(missing_ok=True)

    def __enter__(self) -> LadybugDatabase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class LadybugSession:
    """One connection on a `LadybugDatabase`, with its own transaction and staging folder."""

    dialect = Dialect.LADYBUG

    def __init__(self, database: LadybugDatabase, conn: Any, *, batch_size: int = 20_000) -> None:
        self.database = database
        self.batch_size = batch_size
        self._conn = conn
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._in_transaction = False

    def close(self) -> None:
        self._conn.close()
        if self._tmp is not None:
            self._tmp.cleanup()
        self._tmp = None

    def _execute(self, statement: str, params: Mapping[str, object] | None = None) -> list[Row]:
        result = self._conn.execute(statement, dict(params or {}))
        columns = result.get_column_names()
        return [dict(zip(columns, values, strict=True)) for values in result.get_all()]

    def migrate(self, schema: Schema) -> None:
        """Create missing tables and add missing columns (for graphs made by older versions)."""
        with self.database.write_lock:
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
        with self.database.write_lock:
            for rel in schema.relationships:
                self._execute(cypher.render_drop_table(rel.name))
            for node in schema.nodes:
                self._execute(cypher.render_drop_table(node.label))
            self.migrate(schema)

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
        one_line_each = text.count("\n") == len(rows) + 1
        try:
            load = cypher.render_load(write.columns, str(path), parallel=one_line_each)
            self._execute(load + write.tail)
        finally:
            path.unlink(missing_ok=True)

    @contextmanager
    def transaction(self) -> Iterator[LadybugSession]:
        """All writes inside commit together or not at all (nested calls join the outer one).

        Holds the database's write lock until it ends, so writers from other sessions wait."""
        if self._in_transaction:
            yield self
            return
        with self.database.write_lock:
            self._execute("BEGIN TRANSACTION")
            self._in_transaction = True
            try:
                yield self
            except BaseException:
                self._in_transaction = False
                with contextlib.suppress(RuntimeError):  # a failed statement may have ended it
                    self._execute("ROLLBACK")
                raise
            self._in_transaction = False
            self._execute("COMMIT")


def _unique_by(rows: Sequence[Mapping[str, object]], key: str) -> list[Mapping[str, object]]:
    """The last row for each key, so a batch that repeats a key creates it once."""
    return list({row[key]: row for row in rows}.values())


def _csv_cell(prop: Property, value: object) -> str:
    """One CSV cell: strings always quoted (so an empty string stays empty, not null), null as
    an empty unquoted cell, other types in the text LadybugDB reads back."""
    if value is None:
        return ""
    match prop.type:
        case PropType.STRING:
            text = value.value if isinstance(value, Enum) else str(value)
            return '"' + text.replace('"', '""') + '"'
        case PropType.BOOL:
            return "true" if value else "false"
        case PropType.INT64:
            return str(int(value))  # type: ignore[call-overload]
        case PropType.DOUBLE:
            return repr(float(value))  # type: ignore[arg-type]
        case PropType.DATE:
            return value.isoformat() if isinstance(value, date) else str(value)
    raise TypeError(f"{prop.name}: no CSV form for {prop.type}")


def render_csv(columns: tuple[Property, ...], rows: Sequence[Mapping[str, object]]) -> str:
    '''The rows as CSV text: a header line, then one line per row in column order.

    >>> from graph.schema import Property, PropType
    >>> cols = (Property("id", PropType.STRING), Property("n", PropType.DOUBLE))
    >>> print(render_csv(cols, [{"id": 'a "b"', "n": 1}, {"id": "", "n": None}]), end="")
    c0,c1
    "a ""b""",1.0
    "",
    '''
    lines = [",".join(f"c{i}" for i in range(len(columns)))]
    lines += [",".join(_csv_cell(p, row.get(p.name)) for p in columns) for row in rows]
    return "\n".join(lines) + "\n"
