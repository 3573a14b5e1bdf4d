"""The embedded default store: LadybugDB (the maintained Kùzu fork) in one file on disk."""

from __future__ import annotations

import contextlib
import logging
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

from graph import ladybug_cypher as cypher
from graph.errors import StoreUnavailable
from graph.queries import Query
from graph.rows import Row
from graph.schema import Property, PropType, Schema
from graph.store import Dialect, batches

log = logging.getLogger(__name__)


class LadybugStore:
    """A LadybugDB database file. One process may write at a time."""

    dialect = Dialect.LADYBUG

    def __init__(self, path: Path, *, batch_size: int = 20_000) -> None:
        self.path = path
        self.batch_size = batch_size
        self._db: Any = None
        self._conn: Any = None
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._schema: Schema | None = None
        self._statements: dict[Query, cypher.Statement] = {}
        self._in_transaction = False

    def connect(self) -> None:
        import ladybug

        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = ladybug.Database(str(self.path))
        except RuntimeError as exc:
            raise StoreUnavailable(
                f"cannot open LadybugDB database {self.path}: {exc} "
                "(another process may be writing to it)"
            ) from exc
        self._conn = ladybug.Connection(self._db)
        self._tmp = tempfile.TemporaryDirectory(prefix="crm-ladybug-")

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._db.close()
        if self._tmp is not None:
            self._tmp.cleanup()
        self._conn = self._db = self._tmp = None

    def __enter__(self) -> LadybugStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _execute(self, statement: str, params: Mapping[str, object] | None = None) -> list[Row]:
        result = self._conn.execute(statement, dict(params or {}))
        columns = result.get_column_names()
        return [dict(zip(columns, values, strict=True)) for values in result.get_all()]

    def apply_schema(self, schema: Schema) -> None:
        """Create missing tables and add missing columns (for graphs made by older versions)."""
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
        self._schema = schema
        self._statements = cypher.statements(schema)

    def clear(self) -> None:
        """Drop every table and recreate the schema: the fastest way to empty the file."""
        assert self._schema is not None, "apply_schema first"
        for rel in self._schema.relationships:
            self._execute(cypher.render_drop_table(rel.name))
        for node in self._schema.nodes:
            self._execute(cypher.render_drop_table(node.label))
        self.apply_schema(self._schema)

    def read(self, query: Query, **params: object) -> list[Row]:
        statement = self._statements[query]
        assert isinstance(statement, str), f"{query.name} is a write"
        return self._execute(statement, params)

    def write(self, query: Query, rows: Sequence[Mapping[str, object]]) -> int:
        """Write rows in batches; each batch is one transaction unless one is already open."""
        statement = self._statements[query]
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
        assert self._tmp is not None
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
    def transaction(self) -> Iterator[LadybugStore]:
        """All writes inside commit together or not at all (nested calls join the outer one)."""
        if self._in_transaction:
            yield self
            return
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
