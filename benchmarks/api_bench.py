"""`crm bench api`: the HTTP API under load, on a copy of the store, over loopback.

Copies the store, adds the bench accounts, times the area-graph and retailer-record calls
in-process (where the time goes), starts ``crm serve`` on the copy and runs three locust
phases in a separate process: people at their pages (waits of 1–2 s), the same while a
route-planning job runs, and users without waits (saturation).
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

import httpx

from api.app import LINGER_S
from benchmarks.api_breakdown import BreakdownRow
from benchmarks.api_figures import PhaseFigures, Target, summarise
from benchmarks.api_plan import Account, LoadPlan, read_result, write_json
from benchmarks.api_probe import in_process, over_http
from benchmarks.api_scenario import Scenario, prepare
from benchmarks.api_server import Server, copy_store, serving
from graph.database import open_database
from graph.progress import Progress

STEADY = Target(p95_ms=50, zero_errors=True)
DURING_JOB = Target(p95_ms=150, zero_errors=False)
SATURATION = Target(p95_ms=None, zero_errors=True)
JOB_MARGIN_S = 30.0
"""The route job's time limit exceeds the phase by this much (sign-ins come first)."""
ENDED = {"done", "failed", "cancelled", "interrupted"}


@dataclass(frozen=True)
class JobOutcome:
    """The route-planning job of phase 2: its state when the phase's window closed, its
    last state and the seconds from submission until it ended (or the bench stopped
    waiting)."""

    id: str
    time_limit_s: float
    state_at_phase_end: str
    state: str
    seconds: float
    error: str = ""


@dataclass(frozen=True)
class ApiBenchReport:
    store: str
    areas: int
    team_leads: int
    route_date: dt.date | None
    breakdown: tuple[BreakdownRow, ...]
    phases: tuple[PhaseFigures, ...]
    job: JobOutcome
    notes: tuple[str, ...]


def run(
    store: str,
    *,
    users: int,
    duration_s: float,
    saturation_users: int,
    saturation_duration_s: float,
    progress: Progress | None = None,
) -> ApiBenchReport:
    """The three phases and the breakdown on a temporary copy of `store`."""
    report = progress or (lambda stage, done, total: None)
    busy = "/".join(f"{x:.1f}" for x in os.getloadavg())
    machine = f"{os.cpu_count()} CPUs, load average {busy} (1/5/15 min) before the bench"
    password = secrets.token_urlsafe(18)
    with tempfile.TemporaryDirectory(prefix="crm-bench-api-") as tmp:
        folder = Path(tmp)
        report("copy the store, add accounts, time in-process", 0, 2)
        copy = copy_store(store, folder)
        with open_database(f"ladybug://{copy}", create=False, linger_s=LINGER_S) as db:
            with db.session() as session:
                scenario = prepare(session, password)
            report("copy the store, add accounts, time in-process", 1, 2)
            breakdown = in_process(db, scenario)
            report("copy the store, add accounts, time in-process", 2, 2)
        with serving(copy, folder / "server.log") as server:
            breakdown = over_http(server.base, scenario, breakdown)
            phases = _Phases(server, scenario, folder, report)
            steady = phases.run(f"phase 1: {users} users, waits 1–2 s", users, duration_s, STEADY)
            during, job = _during_job(phases, users, duration_s)
            saturated = phases.run(
                f"phase 3: saturation, {saturation_users} users without waits",
                saturation_users,
                saturation_duration_s,
                SATURATION,
                waits=False,
            )
    return ApiBenchReport(
        store,
        len(scenario.areas),
        len(scenario.leads),
        scenario.route_date,
        breakdown,
        (steady, during, saturated),
        job,
        (machine, *phases.notes),
    )


class _Phases:
    """Runs load phases in a child process against one server and keeps their notes."""

    def __init__(
        self, server: Server, scenario: Scenario, folder: Path, progress: Progress
    ) -> None:
        self.server, self.scenario, self.folder, self.progress = server, scenario, folder, progress
        self.notes: list[str] = []

    def run(
        self, title: str, users: int, duration_s: float, target: Target, *, waits: bool = True
    ) -> PhaseFigures:
        s = self.scenario
        day = s.route_date.isoformat() if s.route_date else None
        plan = LoadPlan(
            self.server.base,
            users,
            duration_s,
            waits,
            s.leads,
            s.supervisor,
            s.planner,
            s.areas,
            day,
            self.server.pid,
        )
        stem = self.folder / f"phase{len(self.notes) + 1}"
        plan_file, result_file, log = (stem.with_suffix(x) for x in (".plan", ".json", ".log"))
        write_json(plan_file, plan)
        self._load(title, plan, plan_file, result_file, log)
        result = read_result(result_file)
        note = (
            f"{title}: {result.signed_in}/{users} users signed in; CPU in the window: server "
            f"{result.server_cpu_pct}% of one core, whole machine {result.machine_cpu_pct}% "
            f"of {100 * (os.cpu_count() or 1)}%"
        )
        if result.load_cpu_warning:
            note += "; the load generator ran short of CPU (client-side queueing included)"
        self.notes.append(note)
        return summarise(title, result.samples, users=users, seconds=result.seconds, target=target)

    def _load(self, title: str, plan: LoadPlan, plan_file: Path, result: Path, log: Path) -> None:
        argv = [sys.executable, "-m", "benchmarks.api_load", str(plan_file), str(result)]
        expected = plan.duration_s + 10
        limit = plan.duration_s + plan.sign_in_timeout_s + 60
        started = time.monotonic()
        with log.open("wb") as out:
            child = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT)
            while child.poll() is None:
                elapsed = time.monotonic() - started
                if elapsed > limit:
                    child.kill()
                    child.wait()
                    raise RuntimeError(f"{title}: the load generator ran over {limit:.0f} s")
                self.progress(title, int(min(elapsed, expected)), int(expected))
                time.sleep(1.0)
        if child.returncode != 0:
            tail = log.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"{title}: the load generator failed:\n{tail}")


def _during_job(phases: _Phases, users: int, duration_s: float) -> tuple[PhaseFigures, JobOutcome]:
    """Phase 2: a dispatcher submits a dry-run route plan whose time limit outlasts the phase,
    then the people of phase 1 come back; the job is followed until it ends."""
    scenario = phases.scenario
    with _dispatcher(phases.server.base, scenario.dispatcher) as client:
        limit = duration_s + JOB_MARGIN_S
        day = scenario.route_date or dt.date.today()
        job_id, started = _submit_plan(client, day, limit), time.monotonic()
        title = f"phase 2: {users} users while a route-planning job runs (dry run {day})"
        during = phases.run(title, users, duration_s, DURING_JOB)
        return during, _await_job(client, job_id, limit, started)


def _dispatcher(base: str, account: Account) -> httpx.Client:
    form = {"username": account.username, "password": account.password}
    signed = httpx.post(f"{base}/api/auth/token", data=form, timeout=60.0)
    signed.raise_for_status()
    token = signed.json()["access_token"]
    return httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60.0)


def _submit_plan(client: httpx.Client, day: dt.date, time_limit_s: float) -> str:
    body = {"date": day.isoformat(), "dry_run": True, "time_limit_s": time_limit_s}
    answer = client.post("/api/routes/plan", json=body)
    if answer.status_code != 202:
        raise RuntimeError(f"route planning was refused: {answer.status_code} {answer.text}")
    return str(answer.json()["id"])


def _await_job(client: httpx.Client, job_id: str, limit_s: float, started: float) -> JobOutcome:
    """The job's state now, then wait (at most its time limit and a minute from submission)
    for it to end."""
    first = client.get(f"/api/jobs/{job_id}").json()
    job = first
    while job["state"] not in ENDED and time.monotonic() - started < limit_s + 60:
        time.sleep(1.0)
        job = client.get(f"/api/jobs/{job_id}").json()
    outcome = JobOutcome(
        job_id, limit_s, first["state"], job["state"], round(time.monotonic() - started, 1)
    )
    error = job.get("error") or {}
    return replace(outcome, error=str(error.get("message", ""))) if error else outcome
