"""The production store: Neo4j through the official driver."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from graph import neo4j_cypher as cypher
from graph.errors import StoreUnavailable
from graph.queries import Query
from graph.rows import Row
from graph.schema import Schema
from graph.store import Dialect, Neo4jCredentials, batches

log = logging.getLogger(__name__)


def _native(value: Any) -> Any:
    """Driver temporal values become `datetime` ones; lists are converted element-wise."""
    if hasattr(value, "to_native"):
        return value.to_native()
    if isinstance(value, list):
        return [_native(v) for v in value]
    return value


class Neo4jStore:
    """A Neo4j database reached over Bolt."""

    dialect = Dialect.NEO4J

    def __init__(self, uri: str, credentials: Neo4jCredentials, *, batch_size: int = 5000) -> None:
        self.uri = uri
        self.credentials = credentials
        self.batch_size = batch_size
        self._driver: Any = None
        self._tx: Any = None
        self._statements: dict[Query, str] = {}

    def connect(self) -> None:
        import neo4j

        auth = (self.credentials.user, self.credentials.password)
        self._driver = neo4j.GraphDatabase.driver(self.uri, auth=auth)
        try:
            self._driver.verify_connectivity()
        except Exception as exc:
            self._driver.close()
            raise StoreUnavailable(f"cannot reach Neo4j at {self.uri}: {exc}") from exc

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()
        self._driver = None

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _session(self) -> Any:
        return self._driver.session(database=self.credentials.database)

    def _run(
        self, statement: str, params: Mapping[str, object], *, write: bool = True
    ) -> list[Row]:
        def work(tx: Any) -> list[Row]:
            return [{k: _native(v) for k, v in rec.items()} for rec in tx.run(statement, params)]

        if self._tx is not None:
            return work(self._tx)
        with self._session() as session:
            execute = session.execute_write if write else session.execute_read
            return list(execute(work))

    def apply_schema(self, schema: Schema) -> None:
        with self._session() as session:
            for ddl in cypher.render_ddl(schema):
                session.run(ddl).consume()
        self._statements = cypher.statements(schema)

    def clear(self) -> None:
        limit = 10_000
        while self._run(cypher.READS["delete_batch"], {"limit": limit})[0]["deleted"]:
            pass

    def read(self, query: Query, **params: object) -> list[Row]:
        return self._run(self._statements[query], params, write=query is Query.DELETE_BATCH)

    def write(self, query: Query, rows: Sequence[Mapping[str, object]]) -> int:
        """Write rows in batches; each batch is one transaction unless one is already open."""
        statement = self._statements[query]
        for batch in batches(rows, self.batch_size):
            self._run(statement, {"rows": [dict(r) for r in batch]})
        return len(rows)

    @contextmanager
    def transaction(self) -> Iterator[Neo4jStore]:
        """All writes inside commit together or not at all (nested calls join the outer one)."""
        if self._tx is not None:
            yield self
            return
        with self._session() as session:
            self._tx = session.begin_transaction()
            try:
                yield self
            except BaseException:
                self._tx.rollback()
                raise
            else:
                self._tx.commit()
            finally:
                self._tx = None
