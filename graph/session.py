"""A session on the graph: named reads, batched writes and its own transaction state.

A `Database` (see `graph.database`) is opened once per process and hands sessions out; every
service takes one session and never opens the store itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from enum import StrEnum
from typing import Protocol

from graph.queries import Query
from graph.rows import Row


class Dialect(StrEnum):
    NEO4J = "neo4j"
    LADYBUG = "ladybug"


class Session(Protocol):
    """One unit of work on the graph; not shared between threads."""

    dialect: Dialect

    def read(self, query: Query, **params: object) -> list[Row]: ...

    def write(self, query: Query, rows: Sequence[Mapping[str, object]]) -> int: ...

    def transaction(self, *, counted: bool = True) -> AbstractContextManager[Session]:
        """All writes inside commit together or not at all. An uncounted transaction
        (bookkeeping such as job records) does not count as a change of the graph, so it
        never makes another session's work conflict."""
        ...

    def clear(self) -> None: ...

    def released(self) -> AbstractContextManager[None]:
        """Let other processes use the store during a long computation on what was read;
        the next read or write takes it again, raising `Conflict` if it changed meanwhile."""
        ...


def batches(
    rows: Sequence[Mapping[str, object]], size: int
) -> list[Sequence[Mapping[str, object]]]:
    """Split rows into consecutive batches of at most `size`.

    >>> [len(b) for b in batches([{}] * 5, 2)]
    [2, 2, 1]
    """
    return [rows[i : i + size] for i in range(0, len(rows), size)]
