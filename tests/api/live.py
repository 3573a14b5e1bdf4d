"""A real server for the API tests: uvicorn on a free loopback port, in a thread, on a store
file of its own, with accounts for every role."""

from __future__ import annotations

import secrets
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from pydantic import SecretStr

from accounts.service.users import add_user
from api.app import create_app
from api.settings import Settings
from classification.params import ClassParams
from classification.service.classify import classify_store
from graph.database import open_database
from graph.principal import LOCAL_ADMIN, AccountRole
from graph.queries import Query
from routing.service.delivery import plan_routes
from seeds.city import City
from seeds.writer import write_city

PASSWORD = "correct horse battery"
WHOLE_CITY_USERS = ("admin", "planner", "dispatcher", "supervisor", "viewer")
ROUTE_DAY = date(2026, 12, 8)
SECRET = secrets.token_urlsafe(48)
"""The signing secret of every test server (unless a test gives its own): a token signed in
once serves every copy of the city, so each account's slow argon2 check runs once a session."""
_TOKENS: dict[str, str] = {}
CHEAP_HASHER = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=8, parallelism=1),))
"""Argon2id at its least cost for the test accounts (a hash carries its parameters, so
signing in checks it as cheaply); accounts made over HTTP get the real cost."""


@dataclass(frozen=True)
class Accounts:
    """Who signs in to the test city: one account per role, two leads of different areas."""

    lead_area: str
    other_area: str
    lead_staff: str
    manager_staff: str


def build_city(path: Path, city: City) -> Accounts:
    """Write `city`, classify it, plan one delivery day and add the accounts."""
    with open_database(f"ladybug://{path}") as db, db.session() as session:
        write_city(session, city)
        classify_store(session, LOCAL_ADMIN, ClassParams())
        plan_routes(session, LOCAL_ADMIN, ROUTE_DAY, time_limit_s=3)
        leads = sorted(session.read(Query.LEAD_EDGES), key=lambda r: str(r["area"]))
        lead_area, lead_staff = str(leads[0]["area"]), str(leads[0]["staff"])
        other_area, other_staff = str(leads[1]["area"]), str(leads[1]["staff"])
        team = session.read(Query.AREA_TEAM, code=lead_area)
        manager = next(str(m["employee_no"]) for m in team if m["role"] == "manager")
        accounts: list[tuple[str, AccountRole, str | None]] = [
            (role, AccountRole(role), None) for role in WHOLE_CITY_USERS
        ]
        accounts += [
            ("lead", AccountRole.TEAM_LEAD, lead_staff),
            ("lead2", AccountRole.TEAM_LEAD, other_staff),
            ("manager", AccountRole.STAFF, manager),
        ]
        for user, role, staff in accounts:
            add_user(session, LOCAL_ADMIN, user, role, PASSWORD, staff=staff, hasher=CHEAP_HASHER)
    return Accounts(lead_area, other_area, lead_staff, manager)


def copy_store(template: Path, target: Path) -> Path:
    """A copy of a closed store file (nothing else beside it is needed)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, target)
    return target


class Api:
    """An HTTP client on the live server, signing in by username."""

    def __init__(self, base_url: str, tokens: dict[str, str] | None = None) -> None:
        self.base_url = base_url
        self.http = httpx.Client(base_url=base_url, timeout=60)
        self._tokens: dict[str, str] = {} if tokens is None else tokens

    def token(self, username: str) -> str:
        if username not in self._tokens:
            answer = self.http.post(
                "/api/auth/token", data={"username": username, "password": PASSWORD}
            )
            assert answer.status_code == 200, answer.text
            self._tokens[username] = str(answer.json()["access_token"])
        return self._tokens[username]

    def as_(self, username: str) -> dict[str, str]:
        """The headers of a signed-in user."""
        return {"Authorization": f"Bearer {self.token(username)}"}

    def get(self, url: str, user: str | None = None, **kw: object) -> httpx.Response:
        return self.http.get(url, headers=self.as_(user) if user else None, **kw)  # type: ignore[arg-type]

    def post(self, url: str, user: str | None = None, **kw: object) -> httpx.Response:
        return self.http.post(url, headers=self.as_(user) if user else None, **kw)  # type: ignore[arg-type]

    def patch(self, url: str, user: str | None = None, **kw: object) -> httpx.Response:
        return self.http.patch(url, headers=self.as_(user) if user else None, **kw)  # type: ignore[arg-type]

    def delete(self, url: str, user: str | None = None, **kw: object) -> httpx.Response:
        return self.http.delete(url, headers=self.as_(user) if user else None, **kw)  # type: ignore[arg-type]

    def wait_for_job(self, job_id: str, user: str, timeout_s: float = 120) -> dict[str, object]:
        """The job's record once it has ended."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            job = self.get(f"/api/jobs/{job_id}", user).json()
            if job["state"] not in ("queued", "running"):
                return dict(job)
            time.sleep(0.1)
        raise AssertionError(f"job {job_id} did not end in {timeout_s} s")


@contextmanager
def serve(store: Path, **settings: Any) -> Iterator[Api]:
    """The app on `store`, served by uvicorn on a free port until the block ends; with the
    shared `SECRET` (and tokens) unless `settings` name a secret."""
    shared = "secret" not in settings and "secret_file" not in settings
    if shared:
        settings["secret"] = SecretStr(SECRET)
    app = create_app(Settings(store=f"ladybug://{store}", **settings))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    # IPPROTO_TCP named, so asyncio sets TCP_NODELAY on each connection (with proto 0 it does
    # not, and Nagle holds every small body back ~40 ms behind its headers)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.01)
    api = Api(f"http://127.0.0.1:{port}", _TOKENS if shared else None)
    try:
        yield api
    finally:
        api.http.close()
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
