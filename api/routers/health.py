"""``/api/health``: whether the store answers, and the versions."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import version

from fastapi import APIRouter
from fastapi.responses import Response

from api.deps import SessionDep
from api.responses import data
from graph.service.stats import store_health

router = APIRouter(tags=["health"])


@dataclass(frozen=True)
class Health:
    status: str
    store: str
    schema_version: str
    app_version: str


@router.get("/health", response_model=Health, summary="Store reachable, schema and app versions")
def health(session: SessionDep) -> Response:
    found = store_health(session)
    return data(Health("ok", found.backend, found.schema_version, version("tobacco-crm-graph")))
