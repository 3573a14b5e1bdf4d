"""The built pages served with the test city, and Debian's Chromium driving them: one browser a
session, one server a module, a fresh context (zh-CN, 1280×800) a test whose every request must
stay on the server's origin and whose pages must throw nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.api.live import Accounts, Api, copy_store, serve
from tests.web.browser import (
    CHROMIUM_ARGS,
    VIEWPORT,
    WAIT_MS,
    Traffic,
    require_browser,
    require_build,
)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Chromium from /usr/bin (never a downloaded one), on the built pages."""
    path = require_browser()
    require_build()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def site(
    browser: Browser, tmp_path_factory: pytest.TempPathFactory, template: tuple[Path, Accounts]
) -> Iterator[Api]:
    """The app with its pages on a copy of the test city for the tests of a module, started
    after the browser (a missing Chromium skips before the city is built)."""
    with serve(copy_store(template[0], tmp_path_factory.mktemp("web") / "graph")) as api:
        yield api


@pytest.fixture
def traffic() -> Traffic:
    """What the test's browser context requested and what its pages logged."""
    return Traffic()


@pytest.fixture
def page(browser: Browser, site: Api, traffic: Traffic) -> Iterator[Page]:
    """A page in a fresh context; afterwards every request must have gone to the server and
    no page may have thrown."""
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    context.set_default_timeout(WAIT_MS)
    opened = context.new_page()
    traffic.watch(context, opened)
    yield opened
    context.close()
    foreign = traffic.foreign(site.base_url)
    assert not foreign, f"requests off {site.base_url}: {foreign}"
    assert not traffic.errors, f"uncaught exceptions in the page: {traffic.errors}"
