"""A store whose write-ahead log a killed writer left damaged opens again: committed work is
kept, the damaged log is kept aside, and the user is told in one line."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from graph.database import open_database
from graph.queries import Query

COMMIT_WITHOUT_CHECKPOINT = """
import os, sys, ladybug
db = ladybug.Database(sys.argv[1], auto_checkpoint=False)
conn = ladybug.Connection(db)
conn.execute("CREATE (:Area {code: 'A01', name: 'one', name_en: 'one'})")
os._exit(0)  # killed: the committed area is only in the log
"""


def test_a_damaged_log_is_kept_aside_and_the_committed_work_recovered(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "graph"
    open_database(f"ladybug://{path}").close()
    subprocess.run([sys.executable, "-c", COMMIT_WITHOUT_CHECKPOINT, str(path)], check=True)
    wal = path.with_name("graph.wal")
    with wal.open("ab") as log_file:  # a torn record after the committed one
        log_file.write(bytes(range(256)) * 12)

    url = f"ladybug://{path}"
    with caplog.at_level(logging.WARNING), open_database(url) as db, db.session() as session:
        assert [a["code"] for a in session.read(Query.AREA_LIST)] == ["A01"]

    [kept] = list(tmp_path.glob("graph.wal.damaged-*"))
    assert kept.stat().st_size > 3000
    assert not wal.exists() or wal.stat().st_size == 0
    [told] = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert "\n" not in told and str(kept) in told and "recovered" in told
