"""A job's session that notes when the job's work has committed a write.

Until then a cancelled job can stop with nothing written; after it, stopping would leave a
half-done change, so the job runs to its end.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager

from graph.queries import Query, Read
from graph.rows import Row
from graph.session import Session


class WriteWatch:
    """A `Session` that passes every call on and sets `wrote` once a write has committed."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._depth = 0
        self.dialect = session.dialect
        self.wrote = False

    def read(self, query: Query, **params: object) -> list[Row]:
        rows = self._session.read(query, **params)
        if isinstance(query.value, Read) and query.value.writes:
            self._committed()
        return rows

    def write(self, query: Query, rows: Sequence[Mapping[str, object]]) -> int:
        count = self._session.write(query, rows)
        self._committed()
        return count

    @contextmanager
    def transaction(self, *, counted: bool = True) -> Iterator[Session]:
        self._depth += 1
        try:
            with self._session.transaction(counted=counted):
                yield self
        finally:
            self._depth -= 1
        self._committed()

    def clear(self) -> None:
        self._session.clear()
        self._committed()

    def released(self) -> AbstractContextManager[None]:
        return self._session.released()

    def _committed(self) -> None:
        """A write ended: it has committed unless an outer transaction is still open."""
        if self._depth == 0:
            self.wrote = True
