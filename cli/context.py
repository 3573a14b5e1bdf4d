"""What every command shares: the settings and how to open the store they name."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer

from api.settings import Settings
from graph.errors import StoreUnavailable
from graph.store import GraphStore, ladybug_path, open_store


def settings_of(ctx: typer.Context) -> Settings:
    settings = ctx.find_root().obj
    assert isinstance(settings, Settings)
    return settings


@contextmanager
def store_of(ctx: typer.Context, *, create: bool = False) -> Iterator[GraphStore]:
    """Open the store named by ``--store``/``CRM_STORE`` for one command, then close it.

    An embedded store that does not exist yet is created only by commands that fill it
    (`create`); the others say where they looked instead of showing an empty graph."""
    settings = settings_of(ctx)
    url = settings.store
    if url.startswith("ladybug://") and not create and not ladybug_path(url).exists():
        raise StoreUnavailable(
            f"no graph at {ladybug_path(url)}: run `crm seed` (or "
            "`crm import`) first, or point --store / CRM_STORE at it"
        )
    store = open_store(url, credentials=settings.neo4j_credentials)
    try:
        yield store
    finally:
        store.close()
