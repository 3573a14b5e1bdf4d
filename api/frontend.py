"""The web pages: the Vite build served beside the API, one origin for both.

``/assets/*`` are the build's hashed files, kept by browsers for a year; every other GET path
outside ``/api`` and the API's documents answers ``index.html`` (the pages route in the
browser), which browsers check again each time. The pages' content security policy lets
nothing load from or talk to another origin. Without a build, the pages answer a short note
(503) saying how to build them.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import HTMLResponse, Response
from starlette.exceptions import HTTPException
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "frame-ancestors 'none'"
)
PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-cache",
}
"""Headers of every page answer (index.html or the note that it is not built)."""
ASSET_HEADERS = {
    "Cache-Control": "public, max-age=31536000, immutable",
    "X-Content-Type-Options": "nosniff",
}
"""Headers of the build's assets: their names change with their content."""
NOT_PAGES = ("/api", "/assets", "/docs", "/redoc", "/openapi.json")
"""Paths that never answer the pages: the API, the assets and the API's documents."""
GZIP_MIN_BYTES = 1000
GZIP_LEVEL = 5
"""Within 4 % of level 9's size at a tenth of its time (Starlette's default is 9: 300 ms
for the city's 1 MB of map points, against 20 ms)."""
NOT_BUILT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tobacco CRM: pages not built</title></head>
<body><main><h1>The web pages are not built</h1>
<p>The API is running (<a href="/docs">/docs</a>), but the server's web directory
(<code>CRM_WEB_DIR</code>, by default the package's <code>api/static</code>) holds no
index.html.</p>
<p>Build the pages from the repository root with Node 20 and npm:
<code>npm ci &amp;&amp; npm run build</code> (or <code>make install</code>), then reload.</p>
</main></body></html>
"""


class _Assets(StaticFiles):
    """The build's assets with a year's cache; a missing directory answers 404 until built."""

    def file_response(
        self,
        full_path: str | os.PathLike[str],
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        response.headers.update(ASSET_HEADERS)
        return response

    async def check_config(self) -> None:
        """Accept a directory that is not there yet (the pages may be built later)."""


def install(app: FastAPI, web_dir: Path) -> None:
    """Serve the build in `web_dir` (index.html and assets/) and compress large answers.

    Call after the API's routers and error handlers: an unknown GET path outside
    `NOT_PAGES` answers the pages instead of the API's 404."""
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MIN_BYTES, compresslevel=GZIP_LEVEL)
    app.mount("/assets", _Assets(directory=web_dir / "assets", check_dir=False), name="assets")
    not_found = app.exception_handlers[HTTPException]

    async def pages_or_not_found(request: Request, exc: Exception) -> Response:
        if is_page(request, exc):
            return page(web_dir)
        answer = not_found(request, exc)
        return await answer if isinstance(answer, Awaitable) else answer

    app.add_exception_handler(404, pages_or_not_found)


def is_page(request: Request, exc: Exception) -> bool:
    """Whether an unmatched request asks for the pages: a GET (or HEAD) of a path outside
    `NOT_PAGES`."""
    path = request.url.path
    return (
        isinstance(exc, HTTPException)
        and request.method in ("GET", "HEAD")
        and not any(path == p or path.startswith(p + "/") for p in NOT_PAGES)
    )


def page(web_dir: Path) -> Response:
    """index.html, or the note (503) that the pages are not built."""
    index = web_dir / "index.html"
    try:
        return HTMLResponse(index.read_bytes(), headers=PAGE_HEADERS)
    except FileNotFoundError:
        return HTMLResponse(NOT_BUILT, 503, headers=PAGE_HEADERS)
