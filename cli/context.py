"""What every command shares: the settings and how to open the store they name."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer

from api.settings import Settings
from graph.store import GraphStore, open_store


def settings_of(ctx: typer.Context) -> Settings:
    settings = ctx.find_root().obj
    assert isinstance(settings, Settings)
    return settings


@contextmanager
def store_of(ctx: typer.Context) -> Iterator[GraphStore]:
    """Open the store named by ``--store``/``CRM_STORE`` for one command, then close it."""
    settings = settings_of(ctx)
    store = open_store(settings.store, credentials=settings.neo4j_credentials)
    try:
        yield store
    finally:
        store.close()
