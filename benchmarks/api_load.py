"""The API load generator: locust users of the API, run headless for one phase.

Run in its own process (locust patches the standard library with gevent on import)::

    python -m benchmarks.api_load plan.json result.json

Each simulated user signs in once (outside the measured window), then repeats its tasks:
team leads read their own area (subgraph, retailers, who serves, the day's routes) and now
and then file a change request; one supervisor approves some of them; one planner reads
subgraphs and retailer pages of any area.
"""

from __future__ import annotations

import itertools
import logging
import random
import sys
import time
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlencode

import gevent
from locust import FastHttpUser, task
from locust.env import Environment

from benchmarks.api_figures import (
    APPROVE,
    AREA_GRAPH,
    AREA_GRAPH_DAY,
    CHANGE_REQUEST,
    PENDING,
    RETAILER_GET,
    RETAILER_LIST,
    ROUTES_OF_DAY,
    SIGN_IN,
    WHO_SERVES,
)
from benchmarks.api_plan import Account, LoadPlan, LoadResult, Sample, read_plan, write_json
from benchmarks.cpu_use import cpu_seconds, machine_cpu_seconds

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
APPROVE_SHARE = 0.5
"""The share of change requests the supervisor is handed to approve."""


class Recorder:
    """Every request of the measured window, and how many users have tried to sign in."""

    def __init__(self) -> None:
        self.recording = False
        self.samples: list[Sample] = []
        self.sign_ins = 0
        self.signed_in = 0

    def on_request(
        self,
        name: str,
        response_time: float,
        response: Any = None,
        exception: BaseException | None = None,
        **_: Any,
    ) -> None:
        if name == SIGN_IN:
            self.sign_ins += 1
            self.signed_in += exception is None
        elif self.recording:
            error = None if exception is None else failure_text(response, exception)
            self.samples.append(Sample(name, round(response_time, 2), error))


def failure_text(response: Any, exception: BaseException) -> str:
    """A short reason that groups well: the status with the body's error kind and message,
    or the exception's kind and cause without the URL (``RetriesExceeded: timed out``)."""
    status = getattr(response, "status_code", 0) or 0
    if not status:
        return f"{type(exception).__name__}: {str(exception).split('original=')[-1][:120]}"
    try:
        body = response.json()
        said = f" {body['error']}: {str(body['message'])[:120]}"
    except Exception:  # noqa: BLE001 - a body that is not our JSON error shape
        said = ""
    return f"HTTP {status}{said}"


class ApiUser(FastHttpUser):
    """A signed-in account; subclasses pick the account and the tasks."""

    abstract = True
    plan: ClassVar[LoadPlan]
    pending: ClassVar[list[str]] = []
    """Change requests filed by team leads, for the supervisor to approve."""
    account: Account
    headers: dict[str, str]
    rng: random.Random

    def wait_time(self) -> float:
        return self.rng.uniform(1.0, 2.0) if self.plan.waits else 0.0

    def take_account(self) -> Account:
        raise NotImplementedError

    def on_start(self) -> None:
        self.account = self.take_account()
        self.rng = random.Random(f"{self.plan.seed}-{id(self)}")
        form = urlencode({"username": self.account.username, "password": self.account.password})
        response = self.client.post("/api/auth/token", data=form, headers=FORM, name=SIGN_IN)
        token = response.json()["access_token"] if response.status_code == 200 else ""
        self.headers = {"Authorization": f"Bearer {token}"}

    def get(self, path: str, name: str) -> Any:
        return self.client.get(path, headers=self.headers, name=name)

    def area_graph(self, area: str) -> None:
        day = self.plan.route_date
        if day and self.rng.random() < 1 / 3:
            self.get(f"/api/areas/{area}/graph?date={day}", AREA_GRAPH_DAY)
        else:
            self.get(f"/api/areas/{area}/graph", AREA_GRAPH)


_leads = itertools.count()


class LeadUser(ApiUser):
    """A team lead at their area's pages."""

    def take_account(self) -> Account:
        return self.plan.leads[next(_leads) % len(self.plan.leads)]

    def retailer(self) -> str:
        return self.rng.choice(self.account.retailers)

    @task(12)
    def subgraph(self) -> None:
        self.area_graph(self.account.area)

    @task(12)
    def record(self) -> None:
        self.get(f"/api/retailers/{self.retailer()}", RETAILER_GET)

    @task(8)
    def list_page(self) -> None:
        offset = self.rng.randrange(0, max(1, len(self.account.retailers)), 50)
        path = f"/api/retailers?area={self.account.area}&limit=50&offset={offset}"
        self.get(path, RETAILER_LIST)

    @task(8)
    def who_serves(self) -> None:
        self.get(f"/api/retailers/{self.retailer()}/team", WHO_SERVES)

    @task(5)
    def routes_of_day(self) -> None:
        if self.plan.route_date:
            self.get(f"/api/routes?date={self.plan.route_date}", ROUTES_OF_DAY)

    @task(1)
    def change_request(self) -> None:
        person = f"联系人{self.rng.randrange(1000)}"
        response = self.client.patch(
            f"/api/retailers/{self.retailer()}",
            json={"changes": {"contact_person": person}},
            headers=self.headers,
            name=CHANGE_REQUEST,
        )
        if response.status_code == 200 and self.rng.random() < APPROVE_SHARE:
            self.pending.extend(str(r["id"]) for r in response.json())


class SupervisorUser(ApiUser):
    """The supervisor: approves waiting requests, else looks at the queue."""

    fixed_count = 1

    def take_account(self) -> Account:
        return self.plan.supervisor

    @task
    def decide(self) -> None:
        if not self.pending:
            self.get("/api/change-requests?limit=20", PENDING)
            return
        request_id = self.pending.pop(0)
        self.client.post(
            f"/api/change-requests/{request_id}/approve",
            json={"note": "bench"},
            headers=self.headers,
            name=APPROVE,
        )


class PlannerUser(ApiUser):
    """A planner looking at any area."""

    fixed_count = 1

    def take_account(self) -> Account:
        return self.plan.planner

    @task(3)
    def subgraph(self) -> None:
        self.area_graph(self.rng.choice(self.plan.areas))

    @task(1)
    def list_page(self) -> None:
        self.get(f"/api/retailers?area={self.rng.choice(self.plan.areas)}&limit=50", RETAILER_LIST)


def run_phase(plan: LoadPlan) -> LoadResult:
    """Start `plan.users` users, wait until each has tried to sign in, then record for
    `plan.duration_s` seconds."""
    ApiUser.plan = plan
    recorder = Recorder()
    env = Environment(user_classes=[LeadUser, SupervisorUser, PlannerUser], host=plan.host)
    env.events.request.add_listener(recorder.on_request)  # type: ignore[no-untyped-call]
    runner = env.create_local_runner()
    runner.start(plan.users, spawn_rate=plan.users)
    deadline = time.monotonic() + plan.sign_in_timeout_s
    while recorder.sign_ins < plan.users and time.monotonic() < deadline:
        gevent.sleep(0.1)
    cpu = (cpu_seconds(plan.server_pid) if plan.server_pid else 0.0, machine_cpu_seconds())
    recorder.recording = True
    started = time.perf_counter()
    gevent.sleep(plan.duration_s)
    recorder.recording = False
    seconds = time.perf_counter() - started
    server_s = cpu_seconds(plan.server_pid) - cpu[0] if plan.server_pid else 0.0
    machine_s = machine_cpu_seconds() - cpu[1]
    runner.quit()
    return LoadResult(
        seconds,
        plan.users,
        recorder.signed_in,
        tuple(recorder.samples),
        runner.cpu_warning_emitted,
        round(100 * server_s / seconds, 1),
        round(100 * machine_s / seconds, 1),
    )


def main(argv: list[str]) -> None:
    logging.basicConfig(level=logging.ERROR, stream=sys.stderr)
    plan_file, result_file = (Path(a) for a in argv)
    write_json(result_file, run_phase(read_plan(plan_file)))


if __name__ == "__main__":
    main(sys.argv[1:])
