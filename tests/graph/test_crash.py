"""Killed writers leave a store that reopens consistent: whole transactions only."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from graph.database import open_database
from graph.integrity import check_graph
from graph.repository import graph_stats
from graph.serialise import to_data
from seeds.writer import CHUNK


def test_sigkill_mid_load_leaves_whole_batches(tmp_path: Path) -> None:
    store_url = f"ladybug://{tmp_path / 'graph'}"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cli.main",
            "-v",
            "--store",
            store_url,
            "seed",
            "--retailers",
            "6000",
            "--seed",
            "7",
        ],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stderr is not None
    for line in proc.stderr:
        if f"loaded {2 * CHUNK}/6000" in line:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "the load finished before it could be killed"

    with open_database(store_url) as db, db.session() as session:
        retailers = graph_stats(session)["nodes"].get("Retailer", 0)
        assert 2 * CHUNK <= retailers < 6000
        assert retailers % CHUNK == 0
        report = check_graph(session)
        assert report.ok, to_data(report)


def test_kills_across_import_and_classify_leave_the_state_before_or_after() -> None:
    """The suite's kill loop (`crm bench crash` runs the long one): after each kill the store
    opens, checks clean and holds the state before the command or after a transaction of it."""
    from benchmarks.crash_bench import run

    results = run(kills=4, retailers=120, only=("import", "classify"))
    assert [r.name for r in results] == ["import", "classify"]
    for r in results:
        assert r.transactions >= 1, r
        assert (r.reopened, r.clean, r.neither) == (r.kills, r.kills, 0), r
