"""Processes share an embedded store: readers read together, writers wait their turn, and a
command that waits too long is told in one line who holds the store."""

from __future__ import annotations

import logging
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.database import open_database
from graph.errors import StoreBusy
from graph.queries import Query

HOLD = """
import sys, time
from graph.database import open_database
from graph.queries import Query
db = open_database(sys.argv[1])
with db.session() as session:
    session.read(Query.AREA_LIST)
    if sys.argv[2] == "write":
        with session.transaction():
            session.write(Query.UPSERT_AREAS, [{"code": "H1", "name": "h", "name_en": "h"}])
            print("holding", flush=True)
            time.sleep(float(sys.argv[3]))
    elif sys.argv[2] == "released":
        with session.released():  # a long computation on what it read
            print("holding", flush=True)
            time.sleep(float(sys.argv[3]))
    else:
        print("holding", flush=True)
        time.sleep(float(sys.argv[3]))
"""


@pytest.fixture
def url(tmp_path: Path) -> str:
    """A store that exists (so a reader need not create it)."""
    url = f"ladybug://{tmp_path / 'graph'}"
    open_database(url).close()
    return url


def _holder(url: str, mode: str, seconds: float) -> Iterator[subprocess.Popen[str]]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, url, mode, str(seconds)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "holding"
        yield proc
    finally:
        proc.kill()
        proc.wait()


def _areas(url: str, *, wait_s: float = 60) -> list[str]:
    with open_database(url, wait_s=wait_s) as db, db.session() as session:
        return [str(r["code"]) for r in session.read(Query.AREA_LIST)]


def test_a_reader_reads_while_another_process_reads(url: str) -> None:
    for _proc in _holder(url, "read", 30):
        start = time.monotonic()
        assert _areas(url, wait_s=0.5) == []
        assert time.monotonic() - start < 5


def test_a_reader_waits_for_a_writer_and_then_sees_its_commit(
    url: str, caplog: pytest.LogCaptureFixture
) -> None:
    for proc in _holder(url, "write", 2):
        with caplog.at_level(logging.WARNING):
            assert _areas(url) == ["H1"]
        waited = [r.getMessage() for r in caplog.records if "waiting" in r.getMessage()]
        assert len(waited) == 1 and f"process {proc.pid}" in waited[0]


def test_a_writer_that_waits_too_long_is_told_in_one_line_who_holds_the_store(url: str) -> None:
    for proc in _holder(url, "write", 30):
        with pytest.raises(StoreBusy) as caught:
            _areas(url, wait_s=0.5)
        message = caught.value.message
        assert "\n" not in message
        assert f"process {proc.pid}" in message and "-c" in message
        assert "http" not in message and "IO exception" not in message


def test_a_writer_proceeds_while_another_process_computes_on_what_it_read(url: str) -> None:
    for _proc in _holder(url, "released", 30):
        with open_database(url, wait_s=0.5) as db, db.session() as session:
            session.write(Query.UPSERT_AREAS, [{"code": "W1", "name": "w", "name_en": "w"}])
        assert _areas(url, wait_s=0.5) == ["W1"]
