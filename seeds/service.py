"""Seed a store with a generated city: generate (pure), then write (I/O)."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from graph.errors import Conflict
from graph.repository import graph_stats
from graph.store import GraphStore
from seeds.city import Progress, generate_city
from seeds.params import CityParams
from seeds.writer import write_city

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SeedReport:
    retailers: int
    seed: int
    generate_seconds: float
    load_seconds: float
    nodes: dict[str, int]
    relationships: dict[str, int]


def seed_city(
    store: GraphStore,
    params: CityParams,
    seed: int,
    *,
    reset: bool = False,
    progress: Progress | None = None,
) -> SeedReport:
    """Generate the city for (params, seed) and load it; refuses a non-empty graph unless
    `reset`, which empties it first."""
    held = graph_stats(store)["nodes"]
    if any(held.values()) and not reset:
        raise Conflict(
            f"the graph already holds {held.get('Retailer', 0)} retailers and "
            f"{sum(held.values())} nodes: pass --reset to replace it"
        )
    if reset:
        store.clear()
    t0 = time.perf_counter()
    city = generate_city(params, seed, progress=progress)
    t1 = time.perf_counter()
    write_city(store, city, progress=progress)
    t2 = time.perf_counter()
    stats = graph_stats(store)
    log.info("seeded %d retailers in %.1f s", len(city.retailers), t2 - t0)
    return SeedReport(
        len(city.retailers),
        seed,
        round(t1 - t0, 2),
        round(t2 - t1, 2),
        stats["nodes"],
        stats["relationships"],
    )
