"""A graph database opened once per process, and `open_database` to pick the backend."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from graph.errors import InvalidInput, StoreUnavailable
from graph.schema import SCHEMA, Schema
from graph.session import Session
from graph.store_lock import DEFAULT_WAIT_S

NEO4J_SCHEMES = {"neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc"}


class Database(Protocol):
    """A connected, migrated database; sessions from several threads are safe."""

    def session(self) -> AbstractContextManager[Session]: ...

    def version(self) -> int | None:
        """A counter that moves with every change of the graph (None: the backend keeps
        none), for caches of what was read."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Database: ...

    def __exit__(self, *exc: object) -> None: ...


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


def open_database(
    url: str,
    *,
    credentials: Neo4jCredentials | None = None,
    schema: Schema = SCHEMA,
    create: bool = True,
    wait_s: float = DEFAULT_WAIT_S,
    linger_s: float = 0.0,
) -> Database:
    """Connect to the store named by `url` and migrate its schema, once per process.

    ``ladybug:///path`` opens (or, with `create`, creates) an embedded LadybugDB database on
    disk; ``neo4j://``, ``neo4j+s://``, ``bolt://`` connect to a Neo4j server. A process
    that finds the embedded store in use by a writer waits up to `wait_s` seconds for it; a
    server passes `linger_s` to keep the file open between its requests.
    """
    if url.startswith("ladybug://"):
        from graph.ladybug_database import LadybugDatabase

        path = ladybug_path(url)
        if not create and not path.exists():
            raise StoreUnavailable(f"no graph at {path}: seed or import one first")
        return LadybugDatabase.open(path, schema, wait_s=wait_s, linger_s=linger_s)
    if url.split("://", 1)[0] in NEO4J_SCHEMES:
        from graph.neo4j_store import Neo4jDatabase

        return Neo4jDatabase.open(url, credentials or Neo4jCredentials(), schema)
    raise InvalidInput(f"unknown store URL {url!r}: use ladybug:///path/to/db or neo4j://host:7687")
