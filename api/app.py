"""The HTTP API: one FastAPI app over the services, on one database opened at start-up, and
the web pages beside it (`api.frontend`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import version

from fastapi import FastAPI

from api import errors, frontend
from api.case_sweep import CaseSweep
from api.routers import (
    actions,
    areas,
    auth,
    cases,
    change_requests,
    classification,
    health,
    impact,
    imports,
    interactions,
    jobs,
    maps,
    points,
    retailers,
    routes,
    staff,
    surveys,
    territory,
    users,
)
from api.settings import Settings
from api.state import AppState
from api.tokens import load_secret
from graph.database import open_database
from jobs.runner import JobRunner

LINGER_S = 5.0
"""How long the server keeps the embedded store open after its last request (it lets go at
once when another process waits for the store)."""

APP_VERSION = version("tobacco-crm-graph")
ROUTERS = (
    health,
    auth,
    users,
    retailers,
    change_requests,
    areas,
    staff,
    impact,
    classification,
    territory,
    routes,
    maps,
    imports,
    jobs,
    interactions,
    cases,
    surveys,
    points,
    actions,
)

COMMON = errors.responses(400, 401, 403, 404, 409, 422, 503)
"""The error answers an endpoint behind sign-in may give (documented for clients)."""
ERRORS = {health: errors.responses(503), auth: errors.responses()}


def create_app(settings: Settings | None = None) -> FastAPI:
    """The app on the store `settings` name (from the environment when not given)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        database = open_database(
            settings.store, credentials=settings.neo4j_credentials, linger_s=LINGER_S
        )
        runner = JobRunner(database)
        runner.start()  # marks the jobs a stopped server left running as interrupted
        sweep = CaseSweep(database, settings.case_sweep_s)
        sweep.start()
        app.state.crm = AppState(settings, database, load_secret(settings), runner)
        try:
            yield
        finally:
            runner.close()
            sweep.close()
            database.close()

    app = FastAPI(
        title="Tobacco CRM graph API",
        summary="Retailers, areas, teams, territory and routes of a city tobacco distributor",
        version=APP_VERSION,
        lifespan=lifespan,
    )
    errors.install(app)
    for module in ROUTERS:
        app.include_router(module.router, prefix="/api", responses=ERRORS.get(module, COMMON))
    frontend.install(app, settings.web_dir)
    return app
