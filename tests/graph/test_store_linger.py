"""A server keeps the embedded store open between its sessions, yet lets another process in
as soon as that process waits for it."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from graph.database import open_database
from graph.ladybug_database import LadybugDatabase
from graph.queries import Query

WRITE = """
import sys
from graph.database import open_database
from graph.queries import Query
with open_database(sys.argv[1], wait_s=20) as db, db.session() as session:
    session.write(Query.UPSERT_AREAS, [{"code": "P1", "name": "p", "name_en": "p"}])
print("written", flush=True)
"""


@pytest.fixture
def url(tmp_path: Path) -> str:
    url = f"ladybug://{tmp_path / 'graph'}"
    open_database(url).close()
    return url


def _areas(db: LadybugDatabase) -> list[str]:
    with db.session() as session:
        return [str(r["code"]) for r in session.read(Query.AREA_LIST)]


def test_the_file_stays_open_between_sessions_and_closes_when_idle(url: str) -> None:
    with open_database(url, linger_s=0.5) as db:
        assert isinstance(db, LadybugDatabase)
        _areas(db)
        opened = db._db
        assert opened is not None
        _areas(db)
        assert db._db is opened  # the same open file served the second session
        time.sleep(1.0)
        assert db._db is None


def test_another_process_writes_while_a_server_keeps_reading(url: str) -> None:
    with open_database(url, linger_s=30) as db:
        assert isinstance(db, LadybugDatabase)
        stop = threading.Event()
        seen: list[list[str]] = []

        def read_on() -> None:
            while not stop.is_set():
                seen.append(_areas(db))

        reader = threading.Thread(target=read_on)
        reader.start()
        try:
            start = time.monotonic()
            done = subprocess.run(
                [sys.executable, "-c", WRITE, url], capture_output=True, text=True, timeout=60
            )
            took = time.monotonic() - start
        finally:
            stop.set()
            reader.join()
        assert done.returncode == 0, done.stderr
        assert took < 15
        assert _areas(db) == ["P1"]  # the server sees the other process's commit
        assert [] in seen
