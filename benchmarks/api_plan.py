"""What the API load generator is told (a JSON file) and what it hands back: the accounts
and targets of one phase, and every request it timed."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Account:
    """A bench account. A team lead carries its area and some of that area's retailers."""

    username: str
    password: str
    area: str = ""
    retailers: tuple[str, ...] = ()


@dataclass(frozen=True)
class LoadPlan:
    """One phase: `users` simulated people for `duration_s`, waiting 1–2 s between requests
    unless `waits` is off (saturation). `route_date` is a date with planned routes (None:
    no routes to read)."""

    host: str
    users: int
    duration_s: float
    waits: bool
    leads: tuple[Account, ...]
    supervisor: Account
    planner: Account
    areas: tuple[str, ...]
    route_date: str | None
    server_pid: int = 0
    """The server's process, whose CPU use is sampled over the window (0: not sampled)."""
    seed: int = 7
    sign_in_timeout_s: float = 180.0


@dataclass(frozen=True)
class Sample:
    """One timed request: the endpoint's name, milliseconds, and the failure (None: ok)."""

    name: str
    ms: float
    error: str | None = None


@dataclass(frozen=True)
class LoadResult:
    """What a phase measured: the window in seconds, the users signed in, every request made
    inside the window (sign-ins are outside it), whether the load generator itself ran short
    of CPU (locust's warning: its figures then include client-side queueing), and the CPU
    the server (with its job workers) and the whole machine used in the window, in percent
    of one core."""

    seconds: float
    users: int
    signed_in: int
    samples: tuple[Sample, ...] = field(default=())
    load_cpu_warning: bool = False
    server_cpu_pct: float = 0.0
    machine_cpu_pct: float = 0.0


def write_json(path: Path, value: LoadPlan | LoadResult) -> None:
    path.write_text(json.dumps(asdict(value), ensure_ascii=False))


def read_plan(path: Path) -> LoadPlan:
    raw = json.loads(path.read_text())
    return LoadPlan(
        **{
            **raw,
            "leads": tuple(_account(a) for a in raw["leads"]),
            "supervisor": _account(raw["supervisor"]),
            "planner": _account(raw["planner"]),
            "areas": tuple(raw["areas"]),
        }
    )


def read_result(path: Path) -> LoadResult:
    raw = json.loads(path.read_text())
    samples = tuple(Sample(**s) for s in raw["samples"])
    return LoadResult(**{**raw, "samples": samples})


def _account(raw: dict[str, object]) -> Account:
    retailers = raw.get("retailers", ())
    assert isinstance(retailers, list | tuple)
    return Account(
        str(raw["username"]), str(raw["password"]), str(raw.get("area", "")), tuple(retailers)
    )
