"""The production store: Neo4j through the official driver (thread-safe, pooled)."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from graph import neo4j_cypher as cypher
from graph.database import Neo4jCredentials
from graph.errors import StoreUnavailable
from graph.queries import Query, Read
from graph.rows import Row
from graph.schema import Schema
from graph.session import Dialect, batches

log = logging.getLogger(__name__)


def _native(value: Any) -> Any:
    """Driver temporal values become `datetime` ones; lists are converted element-wise."""
    if hasattr(value, "to_native"):
        return value.to_native()
    if isinstance(value, list):
        return [_native(v) for v in value]
    return value


class Neo4jDatabase:
    """A Neo4j database reached over Bolt: one driver per process, sessions handed out."""

    def __init__(self, uri: str, credentials: Neo4jCredentials, driver: Any) -> None:
        self.uri = uri
        self.credentials = credentials
        self.driver = driver
        self.statements: dict[Query, str] = {}

    @classmethod
    def open(cls, uri: str, credentials: Neo4jCredentials, schema: Schema) -> Neo4jDatabase:
        """Connect, check the server answers, and create the schema's constraints."""
        import neo4j

        auth = (credentials.user, credentials.password)
        driver = neo4j.GraphDatabase.driver(uri, auth=auth)
        try:
            driver.verify_connectivity()
        except Exception as exc:
            driver.close()
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise StoreUnavailable(f"cannot reach Neo4j at {uri}: {first}") from exc
        database = cls(uri, credentials, driver)
        with database.bolt_session() as bolt:
            for ddl in cypher.render_ddl(schema):
                bolt.run(ddl).consume()
        database.statements = cypher.statements(schema)
        return database

    def bolt_session(self) -> Any:
        return self.driver.session(database=self.credentials.database)

    @contextmanager
    def session(self) -> Iterator[Neo4jSession]:
        yield Neo4jSession(self)

    def version(self) -> int | None:
        """Neo4j keeps no change counter here: callers do not cache."""
        return None

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> Neo4jDatabase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Neo4jSession:
    """A session on a `Neo4jDatabase` with its own explicit transaction, if one is open."""

    dialect = Dialect.NEO4J

    def __init__(self, database: Neo4jDatabase, *, batch_size: int = 5000) -> None:
        self.database = database
        self.batch_size = batch_size
        self._tx: Any = None

    def _run(
        self, statement: str, params: Mapping[str, object], *, write: bool = True
    ) -> list[Row]:
        def work(tx: Any) -> list[Row]:
            return [{k: _native(v) for k, v in rec.items()} for rec in tx.run(statement, params)]

        if self._tx is not None:
            return work(self._tx)
        with self.database.bolt_session() as bolt:
            execute = bolt.execute_write if write else bolt.execute_read
            return list(execute(work))

    def clear(self) -> None:
        limit = 10_000
        while self._run(cypher.READS["delete_batch"], {"limit": limit})[0]["deleted"]:
            pass

    def read(self, query: Query, **params: object) -> list[Row]:
        writes = isinstance(query.value, Read) and query.value.writes
        return self._run(self.database.statements[query], params, write=writes)

    def write(self, query: Query, rows: Sequence[Mapping[str, object]]) -> int:
        """Write rows in batches; each batch is one transaction unless one is already open."""
        statement = self.database.statements[query]
        for batch in batches(rows, self.batch_size):
            self._run(statement, {"rows": [dict(r) for r in batch]})
        return len(rows)

    @contextmanager
    def released(self) -> Iterator[None]:
        """Nothing to release: a Neo4j server serves every client at once."""
        yield

    @contextmanager
    def transaction(self, *, counted: bool = True) -> Iterator[Neo4jSession]:
        """All writes inside commit together or not at all (nested calls join the outer one);
        Neo4j keeps no change counter, so `counted` changes nothing here."""
        if self._tx is not None:
            yield self
            return
        with self.database.bolt_session() as bolt:
            self._tx = bolt.begin_transaction()
            try:
                yield self
            except BaseException:
                self._tx.rollback()
                raise
            else:
                self._tx.commit()
            finally:
                self._tx = None
