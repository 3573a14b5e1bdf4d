"""The web pages beside the API: index.html for every page path, the build's assets cached for
a year, the API's 404 kept, and a note instead of the pages when they are not built."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from api.frontend import CONTENT_SECURITY_POLICY
from api.settings import Settings
from tests.api.checks import assert_error
from tests.api.live import Accounts, Api, copy_store, serve

INDEX = "<!doctype html><title>CRM</title>" + "<!-- padding -->" * 100
"""A page long enough to be compressed."""


@pytest.fixture(scope="module")
def web_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fake build: index.html and assets/x.js."""
    path = tmp_path_factory.mktemp("web")
    (path / "assets").mkdir()
    (path / "index.html").write_text(INDEX, encoding="utf-8")
    (path / "assets" / "x.js").write_text("export const x = 1;\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def built(
    tmp_path_factory: pytest.TempPathFactory, template: tuple[Path, Accounts], web_dir: Path
) -> Iterator[Api]:
    """The app serving the fake build."""
    store = copy_store(template[0], tmp_path_factory.mktemp("web-api") / "graph")
    with serve(store, web_dir=web_dir) as api:
        yield api


def test_the_pages_come_from_crm_web_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CRM_WEB_DIR", str(tmp_path))
    assert Settings().web_dir == tmp_path
    monkeypatch.delenv("CRM_WEB_DIR")
    assert Settings().web_dir == Path(__file__).parents[2] / "api" / "static"


@pytest.mark.parametrize("path", ["/", "/area/A01", "/planner?x=1", "/dispatch/"])
def test_every_page_path_answers_the_index_with_its_security_headers(
    built: Api, path: str
) -> None:
    answer = built.get(path)
    assert answer.status_code == 200 and answer.text == INDEX
    assert answer.headers["content-type"].startswith("text/html")
    assert answer.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["cache-control"] == "no-cache"
    assert answer.headers["content-encoding"] == "gzip"


def test_assets_are_kept_for_a_year_and_a_missing_one_is_not_found(built: Api) -> None:
    answer = built.get("/assets/x.js")
    assert answer.status_code == 200 and answer.text == "export const x = 1;\n"
    assert answer.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert "javascript" in answer.headers["content-type"]
    assert_error(built.get("/assets/nope.js"), 404, "not_found")


def test_unknown_api_paths_stay_the_apis_json_404(built: Api) -> None:
    assert_error(built.get("/api/nope"), 404, "not_found")
    assert_error(built.post("/api/nope"), 404, "not_found")
    assert_error(built.get("/docs/nope"), 404, "not_found")
    assert built.get("/openapi.json").json()["info"]["title"] == "Tobacco CRM graph API"


def test_without_a_build_the_pages_say_how_to_build_them(built: Api, web_dir: Path) -> None:
    (web_dir / "index.html").unlink()
    (web_dir / "assets" / "x.js").unlink()
    for path in ("/", "/area/A01"):
        answer = built.get(path)
        assert answer.status_code == 503
        assert "npm ci &amp;&amp; npm run build" in answer.text
        assert answer.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert_error(built.get("/assets/x.js"), 404, "not_found")
