"""`benchmarks.graph_load` seeds a temporary store and samples its reads."""

from __future__ import annotations

from benchmarks.graph_load import run
from graph.database import Neo4jCredentials


def test_the_load_and_read_figures_come_from_a_fresh_city() -> None:
    stages: set[str] = set()
    report = run(
        retailers=60,
        seed=7,
        samples=20,
        target=None,
        credentials=Neo4jCredentials(),
        progress=lambda stage, done, total: stages.add(stage),
    )
    assert list(report) == [
        "store", "retailers", "order_months", "generate_seconds", "load_seconds",
        "seed_and_load_seconds", "samples", "area_subgraph_ms", "who_serves_ms",
    ]  # fmt: skip
    assert (report["store"], report["retailers"], report["samples"]) == (
        "ladybug (temporary)",
        60,
        20,
    )
    assert report["order_months"] == 708 and stages
    for read in ("area_subgraph_ms", "who_serves_ms"):
        figures = report[read]
        assert isinstance(figures, dict) and 0 < figures["p50"] <= figures["p95"] <= figures["max"]
