"""`crm bench web`: the web pages in a cold headless Chromium, on a copy of the store.

Copies the store, adds three bench accounts (the team lead of the largest area with a lead, a
planner and a dispatcher), starts ``crm serve`` on the copy over loopback and visits the
sign-in page, the lead's area page, the planner's workbench and the dispatch board, each
`runs` times in a new Chromium process (`benchmarks.web_visit`); each figure is the median of
the runs (requests off the origin: the most in any run).
"""

from __future__ import annotations

import importlib.util
import os
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

import httpx

from accounts.service.users import add_user
from benchmarks.api_server import copy_store, serving
from benchmarks.web_figures import FIGURES, QUIET_MS, PageRun, combine
from benchmarks.web_pages import PageSpec, pages_for
from benchmarks.web_visit import CHROMIUM, VisitPlan, visit
from graph.database import open_database
from graph.errors import DomainError, InvalidInput, StoreUnavailable
from graph.principal import LOCAL_ADMIN, AccountRole
from graph.progress import Progress
from graph.repository import list_areas, show_area
from graph.session import Session

PREFIX = "bench-web-"


class CannotBench(DomainError):
    """Something the benchmark needs is missing: Chromium, Playwright or the built pages."""

    kind = "cannot_bench"


@dataclass(frozen=True)
class PageReport:
    """A page's runs and each figure combined over them (by `FIGURES` key)."""

    name: str
    path: str
    role: str | None
    figures: dict[str, float | None]
    runs: tuple[PageRun, ...]


@dataclass(frozen=True)
class WebBenchReport:
    store: str
    area: str
    runs: int
    targets: dict[str, float | None]
    pages: tuple[PageReport, ...]
    notes: tuple[str, ...]


def check_ready(web_dir: Path) -> None:
    """Refuse early, in one line, when Chromium, Python Playwright or the build is missing."""
    if not os.access(CHROMIUM, os.X_OK):
        raise CannotBench(
            f"no Chromium at {CHROMIUM}: install the Debian package (apt-get install chromium)"
        )
    if importlib.util.find_spec("playwright") is None:
        raise CannotBench("Python Playwright is missing: pip install -e '.[bench]'")
    if not (web_dir / "index.html").is_file():
        raise CannotBench(
            f"the web pages are not built ({web_dir}/index.html is missing): run "
            "`npm ci && npm run build` (or `make install`) from the repository root"
        )


def run(
    store: str,
    *,
    web_dir: Path,
    runs: int,
    plan: VisitPlan | None = None,
    progress: Progress | None = None,
) -> WebBenchReport:
    """Visit every page `runs` times on a temporary copy of `store`."""
    from playwright.sync_api import sync_playwright

    check_ready(web_dir)
    report = progress or (lambda stage, done, total: None)
    busy = "/".join(f"{x:.1f}" for x in os.getloadavg())
    password = secrets.token_urlsafe(18)
    with tempfile.TemporaryDirectory(prefix="crm-bench-web-") as tmp:
        folder = Path(tmp)
        report("copy the store and add the bench accounts", 0, 0)
        copy = _copy(store, folder)
        with open_database(f"ladybug://{copy}", create=False) as db, db.session() as session:
            area = add_accounts(session, password)
        report("start the server on the copy", 0, 0)
        pages: list[PageReport] = []
        with serving(copy, folder / "server.log") as server, sync_playwright() as pw:
            for spec in pages_for(area):
                report(f"{spec.title}: untimed visit (warms the server)", 0, 0)
                found: list[PageRun] = []
                for done in range(runs + 1):
                    token = _sign_in(server.base, spec, password)
                    found.append(visit(pw.chromium, spec, server.base, token, plan or VisitPlan()))
                    report(f"{spec.title}: runs done", done, runs)
                pages.append(_page_report(spec, found[1:]))
    notes = (
        f"{os.cpu_count()} CPUs, load average {busy} (1/5/15 min) before the bench",
        "each run: a new headless Chromium process, 1280×800, nothing cached; signed in by "
        "putting a token in sessionStorage before the page's scripts run; one untimed visit "
        "per page first, so the server's caches are warm",
        "first render: navigation start to the paint of the frame after the chart set "
        "data-ready=1 (sign-in: first contentful paint); pan/zoom: 30-step drags and wheel "
        "zooms on the chart for 2 s, gaps between animation frames",
        f"time to interactive: end of the last long task before the first {QUIET_MS / 1000:g} s "
        "without long tasks after first contentful paint (Lighthouse uses 5 s and also "
        "waits for the network), floored at DOMContentLoaded; blocking time between them",
        "click → next paint: pointerdown (or keydown, for a select) to the end of the frame "
        "after the click (or change); JS: encoded bodies of the .js files fetched by the "
        "time the page went quiet, KB = 1000 bytes",
    )
    targets = {f.key: f.target for f in FIGURES}
    return WebBenchReport(store, area, runs, targets, tuple(pages), notes)


def add_accounts(session: Session, password: str) -> str:
    """Add the bench's lead (of the largest area that has a lead), planner and dispatcher;
    the lead's area."""
    for summary in sorted(list_areas(session), key=lambda a: (-a.retailers, a.code)):
        lead = show_area(session, summary.code).lead
        if lead is not None:
            break
    else:
        raise InvalidInput("no area has a team lead: seed and design the territory first")
    for role in (AccountRole.TEAM_LEAD, AccountRole.PLANNER, AccountRole.DISPATCHER):
        staff = lead if role is AccountRole.TEAM_LEAD else None
        add_user(session, LOCAL_ADMIN, PREFIX + role.value, role, password, staff=staff)
    return summary.code


def _copy(store: str, folder: Path) -> Path:
    try:
        return copy_store(store, folder)
    except StoreUnavailable as exc:
        raise StoreUnavailable(f"{exc.message} (`make demo` builds the demo city)") from None


def _sign_in(base: str, spec: PageSpec, password: str) -> str | None:
    """A bearer token for the page's bench account (None for the sign-in page)."""
    if spec.role is None:
        return None
    form = {"username": PREFIX + spec.role.value, "password": password}
    answer = httpx.post(f"{base}/api/auth/token", data=form, timeout=60.0)
    answer.raise_for_status()
    return str(answer.json()["access_token"])


def _page_report(spec: PageSpec, runs: list[PageRun]) -> PageReport:
    figures = {f.key: combine(runs, f) for f in FIGURES}
    role = spec.role.value if spec.role else None
    return PageReport(spec.name, spec.path, role, figures, tuple(runs))
