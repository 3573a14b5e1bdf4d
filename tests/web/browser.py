"""What the browser tests share: Debian's Chromium, the traffic and errors of a page, signing
in through the form, screenshots and axe-core checks written to `test-artifacts/`."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, ViewportSize, expect

from tests.api.live import PASSWORD

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
INDEX = REPO / "api" / "static" / "index.html"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}
WAIT_MS = 20_000
"""How long a page may take to show what a test waits for (the machine is shared)."""
JOB_MS = 90_000
"""How long a planning job may take, from the click to its result on the page."""


def require_browser() -> str:
    """Chromium's path; skips without it, or fails when CRM_REQUIRE_BROWSER is set (CI)."""
    if CHROMIUM.exists():
        return str(CHROMIUM)
    reason = f"{CHROMIUM} is missing: install Debian's chromium and fonts-noto-cjk"
    if os.environ.get("CRM_REQUIRE_BROWSER"):
        pytest.fail(reason)
    pytest.skip(reason)


def require_build() -> None:
    """Fails when the pages or axe-core are not there to test."""
    if not INDEX.exists():
        pytest.fail(f"{INDEX} is missing: run npm ci && npm run build")
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run npm ci")


@dataclass
class Traffic:
    """Every request a browser context made, the API's answers, console errors and uncaught
    exceptions of its pages."""

    requests: list[str] = field(default_factory=list)
    answers: list[tuple[str, int]] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def watch(self, context: BrowserContext, page: Page) -> None:
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("response", lambda answer: self.answers.append((answer.url, answer.status)))
        page.on("console", lambda m: self.console.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: self.errors.append(f"{error.name}: {error.message}"))

    def foreign(self, origin: str) -> list[str]:
        """The URLs requested from anywhere but `origin` (data: and blob: URLs are local)."""
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in ("data", "blob")
            and "{0.scheme}://{0.netloc}".format(urlsplit(url)) != origin
        ]

    def answered(self, path: str, status: int) -> list[str]:
        """The URLs whose path is `path` that were answered with `status`."""
        return [url for url, code in self.answers if urlsplit(url).path == path and code == status]


def sign_in(page: Page, base_url: str, user: str) -> None:
    """Sign in through the form at `/` and wait to leave it."""
    page.goto(f"{base_url}/")
    page.get_by_test_id("login-username").fill(user)
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.wait_for_url(re.compile(rf"^{re.escape(base_url)}/.+"), timeout=WAIT_MS)


def expect_ready(page: Page, testid: str, timeout_ms: int = WAIT_MS) -> None:
    """Wait until the chart `testid` says it has drawn (`data-ready="1"`)."""
    expect(page.get_by_test_id(testid)).to_have_attribute("data-ready", "1", timeout=timeout_ms)


def shoot(page: Page, name: str) -> Path:
    """A screenshot of the whole page as test-artifacts/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def check_accessibility(page: Page, name: str) -> list[dict[str, Any]]:
    """Run axe-core on the page, write its violations to test-artifacts/axe/<name>.json and
    assert none is critical; the violations.

    The pages' Content-Security-Policy (script-src 'self') refuses the inline script tag
    `page.add_script_tag` would add, so axe's source is evaluated through the DevTools protocol
    instead, and the page keeps the policy its users get."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    violations: list[dict[str, Any]] = page.evaluate(
        """() => axe.run(document, { resultTypes: ['violations'] }).then((r) =>
            r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.map((n) => ({ target: n.target, summary: n.failureSummary })) })))"""
    )
    (ARTIFACTS / "axe").mkdir(parents=True, exist_ok=True)
    text = json.dumps(violations, ensure_ascii=False, indent=1)
    (ARTIFACTS / "axe" / f"{name}.json").write_text(text, encoding="utf-8")
    critical = [v for v in violations if v["impact"] == "critical"]
    assert not critical, f"axe: critical violations on {name}: {critical}"
    return violations
