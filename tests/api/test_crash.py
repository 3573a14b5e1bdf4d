"""A server killed (SIGKILL) during an apply job loses nothing it had committed and keeps
nothing it had not, and after a restart reports the job as interrupted (also a job whose work
had committed but whose end was not yet recorded: its record still said running)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from graph.database import open_database
from graph.principal import LOCAL_ADMIN
from graph.service.stats import check_integrity
from tests.api.live import Accounts, Api, copy_store
from tests.api.test_concurrency import EVERY_RETAILER, assignment

PAUSED_SERVER = """
import json, sys, threading, time
import graph.ladybug_store
from cli.main import main
from graph.queries import Query

marker, moment, sys.argv = sys.argv[1], sys.argv[2], ["crm", *sys.argv[3:]]
staged = threading.Event()

def pause(session):
    thread = threading.current_thread().name
    if thread == "job-writer":
        rows = session.read(Query.RETAILER_POSITIONS)
        with open(marker + ".json", "w") as out:
            json.dump({r["id"]: r["area"] for r in rows}, out)
        staged.set()
    if staged.is_set() and thread == {"writing": "job-writer", "committed": "job-recorder"}[moment]:
        open(marker, "w").close()
        time.sleep(600)

graph.ladybug_store.BEFORE_COMMIT.append(pause)
main()
"""
"""`crm serve` that stops, touching the file `argv[1]`, at moment `argv[2]` of a writing
job: "writing" inside the job's write transaction just before COMMIT, "committed" once that
has committed, as the job's end is about to be recorded. The state the job was about to
commit goes to `argv[1]` + ".json" (retailer → area)."""
USERS = ("admin", "planner", "dispatcher", "supervisor", "viewer", "lead", "lead2", "manager")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server(store: Path, log: Path, *prefix: str) -> Iterator[tuple[subprocess.Popen[bytes], Api]]:
    """``crm serve`` on `store` in a process of its own (run by `prefix`, else the CLI), up
    and answering; stopped with SIGINT (as Ctrl-C) unless it is dead already."""
    port = free_port()
    command = [*(prefix or (sys.executable, "-m", "cli.main"))]
    command += ["--store", f"ladybug://{store}", "serve", "--port", str(port)]
    with log.open("ab") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    api = Api(f"http://127.0.0.1:{port}")
    try:
        _wait_until_up(proc, api)
        yield proc, api
    finally:
        api.http.close()
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                raise


def _wait_until_up(proc: subprocess.Popen[bytes], api: Api) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the server exited"
        try:
            if api.http.get("/api/health").status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError("the server did not start")


def _wait_for(path: Path, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while not path.exists():
        assert time.monotonic() < deadline, f"{path.name} did not appear"
        time.sleep(0.02)


@pytest.mark.parametrize("moment", ["writing", "committed"])
def test_a_server_killed_while_applying_a_design_keeps_what_it_committed(
    tmp_path: Path, template: tuple[Path, Accounts], moment: str
) -> None:
    store = copy_store(template[0], tmp_path / "graph")
    marker, log = tmp_path / "paused", tmp_path / "server.log"
    paused = (sys.executable, "-c", PAUSED_SERVER, str(marker), moment)
    with server(store, log, *paused) as (proc, api):
        before = assignment(api.get(EVERY_RETAILER, "planner"))
        body = {"dry_run": False, "seed": 7}
        submitted = api.post("/api/territory/design", "planner", json=body)
        assert submitted.status_code == 202, submitted.text
        job_id = submitted.json()["id"]
        _wait_for(marker)
        ended = moment == "committed"  # its work is, though its end is not yet recorded
        state = api.get(f"/api/jobs/{job_id}", "planner").json()["state"]
        assert state == ("done" if ended else "running")
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    staged = json.loads(marker.with_name(marker.name + ".json").read_text())
    assert staged != before

    with server(store, log) as (_, api):
        job = api.get(f"/api/jobs/{job_id}", "planner").json()
        assert job["state"] == "interrupted", job
        after = assignment(api.get(EVERY_RETAILER, "planner"))
        assert after == (before if moment == "writing" else staged)
        for user in USERS:
            api.token(user)

    with open_database(f"ladybug://{store}") as db, db.session() as session:
        report = check_integrity(session, LOCAL_ADMIN)
        assert report.ok, report
