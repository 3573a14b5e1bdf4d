"""Readers while a writer applies: 20 clients list every retailer's area while a rebalance
job rewrites the areas; each answer is the old assignment or the new one, never a mix, and a
read made while the write transaction is open (held open a moment here) sees the old one. The
planner follows the job's progress as server-sent events until its end."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from graph import ladybug_store
from tests.api.live import Api

READERS = 20
PAUSE_S = 0.25
"""A reader's wait between answers, so that the readers share the server's CPU with the job
instead of starving it."""
HOLD_S = 1.0
"""How long the job's write transaction is held open, all its writes made, before COMMIT."""
EVERY_RETAILER = "/api/retailers?limit=1000"


@dataclass(frozen=True)
class Read:
    started: float
    ended: float
    areas: dict[str, str]


def assignment(answer: httpx.Response) -> dict[str, str]:
    """Retailer id → area code, from one list answer."""
    assert answer.status_code == 200, answer.text
    page = answer.json()
    assert len(page["items"]) == page["total"], "the list must fit one page"
    return {r["id"]: r["area"] for r in page["items"]}


def read_until(api: Api, headers: dict[str, str], done: threading.Event) -> list[Read]:
    """List every retailer again and again until `done`, then once more."""
    reads = []
    with httpx.Client(base_url=api.base_url, headers=headers, timeout=60) as client:
        while True:
            last = done.is_set()
            started = time.monotonic()
            answer = client.get(EVERY_RETAILER)
            reads.append(Read(started, time.monotonic(), assignment(answer)))
            if last:
                return reads
            time.sleep(PAUSE_S)


def follow(api: Api, url: str, headers: dict[str, str]) -> list[tuple[str, Any]]:
    """The server-sent events of `url` until the stream ends: (event name, JSON data)."""
    events: list[tuple[str, Any]] = []
    with api.http.stream("GET", url, headers=headers) as stream:
        assert stream.status_code == 200
        assert stream.headers["content-type"].startswith("text/event-stream")
        name = ""
        for line in stream.iter_lines():
            if line.startswith("event: "):
                name = line.removeprefix("event: ")
            elif line.startswith("data: "):
                events.append((name, json.loads(line.removeprefix("data: "))))
    return events


@pytest.fixture
def held_commit(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """When the job's write transaction had made its writes, and when it went on to commit."""
    times: list[float] = []

    def hold(_: object) -> None:
        if threading.current_thread().name == "job-writer":
            times.append(time.monotonic())
            time.sleep(HOLD_S)
            times.append(time.monotonic())

    monkeypatch.setattr(ladybug_store, "BEFORE_COMMIT", [hold])
    return times


def test_readers_see_the_old_or_the_new_areas_while_a_rebalance_applies(
    api: Api, held_commit: list[float]
) -> None:
    headers = api.as_("planner")
    before = assignment(api.get(EVERY_RETAILER, "planner"))
    done = threading.Event()
    with ThreadPoolExecutor(READERS) as pool:
        readers = [pool.submit(read_until, api, headers, done) for _ in range(READERS)]
        submitted = api.post("/api/territory/rebalance", "planner", json={"dry_run": False})
        assert submitted.status_code == 202, submitted.text
        job_id = submitted.json()["id"]
        try:
            events = follow(api, f"/api/jobs/{job_id}/events", headers)
            ended = time.monotonic()
        finally:
            done.set()
        reads = [r for reader in readers for r in reader.result()]
    assert [name for name, _ in events[-2:]] == ["progress", "end"], events
    job = api.get(f"/api/jobs/{job_id}", "planner").json()
    assert events[-1][1] == job and job["state"] == "done", job
    result = job["result"]
    assert result["applied"] and result["moves"], result
    after = assignment(api.get(EVERY_RETAILER, "planner"))
    assert after == before | {m["retailer"]: m["to"] for m in result["moves"]}

    staged, committing = held_commit
    seen = [
        ("old" if r.areas == before else "new" if r.areas == after else "a mix", r) for r in reads
    ]
    assert {kind for kind, _ in seen} == {"old", "new"}
    assert {kind for kind, r in seen if staged < r.started and r.ended < committing} == {"old"}
    assert {kind for kind, r in seen if r.started > ended} == {"new"}
