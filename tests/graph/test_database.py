"""One database per process, many sessions: parallel reads, serialised writes, conflicts."""

from __future__ import annotations

import threading

import pytest

from graph.database import Database
from graph.errors import Conflict
from graph.queries import Query
from graph.session import Dialect

BATCH = 50


def _areas(start: int, n: int) -> list[dict[str, object]]:
    return [{"code": f"A{i:05d}", "name": "x", "name_en": "x"} for i in range(start, start + n)]


def _count(db: Database) -> int:
    with db.session() as session:
        return len(session.read(Query.AREA_LIST))


def test_two_threads_read_while_a_third_writes(db: Database) -> None:
    """Readers never fail and only ever see whole transactions (two batches at a time)."""
    seen: list[int] = []
    errors: list[BaseException] = []
    writing = threading.Event()

    def write() -> None:
        with db.session() as session:
            for t in range(20):
                writing.set()
                with session.transaction():
                    session.write(Query.UPSERT_AREAS, _areas(2 * BATCH * t, BATCH))
                    session.write(Query.UPSERT_AREAS, _areas(2 * BATCH * t + BATCH, BATCH))

    def read() -> None:
        writing.wait()
        try:
            for _ in range(40):
                seen.append(_count(db))
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(2)]
    threads.append(threading.Thread(target=write))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(seen) == 80
    assert all(n % (2 * BATCH) == 0 for n in seen)
    assert _count(db) == 40 * BATCH


def test_writers_in_two_threads_are_serialised(db: Database) -> None:
    def write(start: int) -> None:
        with db.session() as session:
            for t in range(10):
                with session.transaction():
                    session.write(Query.UPSERT_AREAS, _areas(start + t * BATCH, BATCH))

    threads = [threading.Thread(target=write, args=(s,)) for s in (0, 10_000)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert _count(db) == 20 * BATCH


def test_a_session_does_not_see_another_sessions_open_transaction(db: Database) -> None:
    with db.session() as writer, db.session() as reader:
        with writer.transaction():
            writer.write(Query.UPSERT_AREAS, _areas(0, 3))
            assert len(writer.read(Query.AREA_LIST)) == 3
            assert reader.read(Query.AREA_LIST) == []
        assert len(reader.read(Query.AREA_LIST)) == 3


def test_a_released_session_that_finds_the_graph_changed_raises_conflict(db: Database) -> None:
    """Only an embedded store is released; a Neo4j server serves every client at once."""
    with db.session() as planner:
        if planner.dialect is Dialect.NEO4J:
            pytest.skip("nothing to release on Neo4j")
        planner.read(Query.AREA_LIST)
        with planner.released(), db.session() as other:
            other.write(Query.UPSERT_AREAS, _areas(0, 1))
        with pytest.raises(Conflict, match="run it again"):
            planner.read(Query.AREA_LIST)
