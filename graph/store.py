"""The one small interface every graph backend implements, and `open_store` to pick one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from graph.errors import InvalidInput
from graph.queries import Query
from graph.rows import Row
from graph.schema import SCHEMA, Schema


class Dialect(StrEnum):
    NEO4J = "neo4j"
    LADYBUG = "ladybug"


class GraphStore(Protocol):
    """A graph store: schema, named reads, batched writes, transactions."""

    dialect: Dialect

    def apply_schema(self, schema: Schema) -> None: ...

    def read(self, query: Query, **params: object) -> list[Row]: ...

    def write(self, query: Query, rows: Sequence[Mapping[str, object]]) -> int: ...

    def transaction(self) -> AbstractContextManager[GraphStore]: ...

    def clear(self) -> None: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class Neo4jCredentials:
    user: str = "neo4j"
    password: str = ""
    database: str = "neo4j"


def ladybug_path(url: str) -> Path:
    """The database file of a ``ladybug://`` URL.

    ``ladybug:///abs/path`` is absolute; ``ladybug:///./rel`` and ``ladybug://rel`` are
    relative to the working directory.

    >>> ladybug_path("ladybug:///./var/graph")
    PosixPath('var/graph')
    >>> ladybug_path("ladybug:///tmp/g")
    PosixPath('/tmp/g')
    """
    rest = url.removeprefix("ladybug://")
    if rest.startswith(("/./", "/../")):
        rest = rest[1:]
    if not rest or rest == "/":
        raise InvalidInput(f"store URL {url!r} names no database path")
    return Path(rest)


def open_store(
    url: str, *, credentials: Neo4jCredentials | None = None, schema: Schema = SCHEMA
) -> GraphStore:
    """Connect to the store named by `url` and make sure its schema is in place.

    ``ladybug:///path`` opens (or creates) an embedded LadybugDB database on disk;
    ``neo4j://``, ``neo4j+s://``, ``bolt://`` connect to a Neo4j server.
    """
    store: GraphStore
    if url.startswith("ladybug://"):
        from graph.ladybug_store import LadybugStore

        store = LadybugStore(ladybug_path(url))
    elif url.split("://", 1)[0] in {"neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc"}:
        from graph.neo4j_store import Neo4jStore

        store = Neo4jStore(url, credentials or Neo4jCredentials())
    else:
        raise InvalidInput(
            f"unknown store URL {url!r}: use ladybug:///path/to/db or neo4j://host:7687"
        )
    store.connect()
    try:
        store.apply_schema(schema)
    except BaseException:
        store.close()
        raise
    return store


def batches(
    rows: Sequence[Mapping[str, object]], size: int
) -> list[Sequence[Mapping[str, object]]]:
    """Split rows into consecutive batches of at most `size`.

    >>> [len(b) for b in batches([{}] * 5, 2)]
    [2, 2, 1]
    """
    return [rows[i : i + size] for i in range(0, len(rows), size)]
