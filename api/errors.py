"""Errors as HTTP answers: every domain error has its status and one body shape,
``{"error", "message", "details"}``; nothing answers with a stack trace."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException
from starlette.routing import Match

from graph.errors import DomainError
from graph.serialise import to_data

log = logging.getLogger(__name__)

STATUS = {
    "not_found": 404,
    "invalid_input": 422,
    "forbidden": 403,
    "conflict": 409,
    "infeasible": 422,
    "unauthenticated": 401,
    "too_many_attempts": 429,
    "store_unavailable": 503,
    "store_busy": 503,
}
"""The HTTP status of each kind of domain error."""


class ErrorBody(BaseModel):
    """The body of every error answer."""

    error: str = Field(description="the kind: not_found, invalid_input, forbidden, conflict, …")
    message: str = Field(description="what went wrong, for a person to act on")
    details: Any = Field(None, description="what the kind carries, e.g. each rejected row")


MEANING = {
    400: "the request body could not be read",
    401: "no valid bearer token or API key",
    403: "outside the caller's role or areas",
    404: "no such object",
    409: "the object's state forbids it, or the graph changed meanwhile",
    422: "invalid input, or a plan that cannot be met",
    429: "too many failed sign-ins: wait a few minutes",
    503: "the store is busy or unavailable: try again",
}
"""What each error status means, as the OpenAPI document says."""


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI responses for error `statuses` (all of `MEANING` when none are given)."""
    return {s: {"model": ErrorBody, "description": MEANING[s]} for s in statuses or MEANING}


def error_body(error: str, message: str, details: object = None) -> dict[str, object]:
    return {"error": error, "message": message, "details": to_data(details)}


def _domain(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    status = STATUS.get(exc.kind, 400)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    if status == 429 and isinstance(exc.details, dict) and "retry_after_s" in exc.details:
        headers["Retry-After"] = str(int(exc.details["retry_after_s"]))
    return JSONResponse(error_body(exc.kind, exc.message, exc.details), status, headers)


def _invalid(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [
        {
            "where": ".".join(str(p) for p in e.get("loc", ())),
            "message": str(e.get("msg", "")),
        }
        for e in exc.errors()
    ]
    message = "; ".join(f"{p['where']}: {p['message']}" for p in problems) or "invalid request"
    return JSONResponse(error_body("invalid_input", message, problems), 422)


def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    kind = {
        400: "invalid_input",
        401: "unauthenticated",
        403: "forbidden",
        404: "not_found",
        405: "not_allowed",
    }
    message = str(exc.detail)
    headers = exc.headers
    if exc.status_code == 400:
        message += ": send JSON encoded as UTF-8, or the form the endpoint documents"
    elif exc.status_code == 405:
        headers = {"Allow": ", ".join(_allowed(request))}
        message = f"{request.method} is not allowed here; use {headers['Allow']}"
    body = error_body(kind.get(exc.status_code, "error"), message)
    return JSONResponse(body, exc.status_code, headers)


def _allowed(request: Request) -> list[str]:
    """Every method some route of the app answers on the request's path (Starlette's own
    answer names only the first route's)."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches(request.scope)
        if match is Match.PARTIAL:
            methods |= getattr(route, "methods", None) or set()
    return sorted(methods)


def _internal(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error in %s %s", request.method, request.url.path, exc_info=exc)
    body = error_body("internal", "the server failed on this request; it has been logged")
    return JSONResponse(body, 500)


def install(app: FastAPI) -> None:
    """Answer every error the app can raise in the one shape."""
    app.add_exception_handler(DomainError, _domain)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(Exception, _internal)
