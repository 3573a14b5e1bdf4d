"""Seed a graph with a generated city: generate (pure), then write (I/O)."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from graph.errors import Conflict
from graph.principal import AccountRole, Principal
from graph.progress import Progress
from graph.repository import graph_stats
from graph.session import Session
from seeds.city import generate_city
from seeds.params import CityParams
from seeds.writer import write_city

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SeedReport:
    """The city loaded: its size and seed, the seconds spent, and what the graph now holds."""

    retailers: int
    seed: int
    generate_seconds: float
    load_seconds: float
    nodes: dict[str, int]
    relationships: dict[str, int]


def seed_city(
    session: Session,
    principal: Principal,
    params: CityParams,
    seed: int,
    *,
    reset: bool = False,
    progress: Progress | None = None,
) -> SeedReport:
    """Generate the city for (params, seed) and load it. A graph that is not empty is refused
    (`Conflict`) unless `reset`, which empties it first; the same seed gives the same graph."""
    principal.require(AccountRole.ADMIN, to="seed the graph")
    held = graph_stats(session)["nodes"]
    if any(held.values()) and not reset:
        raise Conflict(
            f"the graph already holds {held.get('Retailer', 0)} retailers and "
            f"{sum(held.values())} nodes: reset it to replace them"
        )
    if reset:
        session.clear()
    t0 = time.perf_counter()
    city = generate_city(params, seed, progress=progress)
    t1 = time.perf_counter()
    write_city(session, city, progress=progress)
    t2 = time.perf_counter()
    stats = graph_stats(session)
    log.info("seeded %d retailers in %.1f s", len(city.retailers), t2 - t0)
    return SeedReport(
        len(city.retailers),
        seed,
        round(t1 - t0, 2),
        round(t2 - t1, 2),
        stats["nodes"],
        stats["relationships"],
    )
