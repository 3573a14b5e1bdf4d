"""`crm bench graph`: seed-and-load time and read latencies on a fresh store."""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from graph.database import Neo4jCredentials, open_database
from graph.principal import LOCAL_ADMIN
from graph.progress import Progress
from graph.queries import Query
from graph.repository import list_areas, retailer_team, show_area
from graph.session import Session
from seeds.params import CityParams
from seeds.service import seed_city


def _percentiles(samples_ms: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(samples_ms, n=100, method="inclusive")
    return {"p50": round(cuts[49], 2), "p95": round(cuts[94], 2), "max": round(max(samples_ms), 2)}


def _time_ms(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


def measure_reads(session: Session, samples: int, seed: int) -> dict[str, dict[str, float]]:
    """Latency of the area subgraph read and of "who serves retailer X" on random targets."""
    rng = random.Random(seed)
    areas = [a.code for a in list_areas(session)]
    ids = [str(r["id"]) for r in session.read(Query.RETAILER_POSITIONS)]
    show_area(session, areas[0])  # warm caches once, as a server would be
    area_ms = [_time_ms(lambda: show_area(session, rng.choice(areas))) for _ in range(samples)]
    team_ms = [_time_ms(lambda: retailer_team(session, rng.choice(ids))) for _ in range(samples)]
    return {"area_subgraph_ms": _percentiles(area_ms), "who_serves_ms": _percentiles(team_ms)}


def run(
    *,
    retailers: int,
    seed: int,
    samples: int,
    target: str | None,
    credentials: Neo4jCredentials,
    progress: Progress | None = None,
) -> dict[str, object]:
    """Seed a fresh store (a temporary LadybugDB file unless `target` names one, which is
    emptied), then sample read latencies."""
    with tempfile.TemporaryDirectory(prefix="crm-bench-") as tmp:
        url = target or f"ladybug://{Path(tmp) / 'graph'}"
        with open_database(url, credentials=credentials) as db, db.session() as session:
            t = time.perf_counter()
            report = seed_city(
                session,
                LOCAL_ADMIN,
                CityParams(retailers=retailers),
                seed,
                reset=True,
                progress=progress,
            )
            total = time.perf_counter() - t
            reads = measure_reads(session, samples, seed)
    return {
        "store": target or "ladybug (temporary)",
        "retailers": report.retailers,
        "order_months": report.nodes.get("OrderMonth", 0),
        "generate_seconds": report.generate_seconds,
        "load_seconds": report.load_seconds,
        "seed_and_load_seconds": round(total, 2),
        "samples": samples,
        **reads,
    }
