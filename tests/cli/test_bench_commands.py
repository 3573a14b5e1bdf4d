"""`crm bench partition` end to end on a folder of small GraphML instances."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from benchmarks.territory_instances import make_instance
from tests.cli.test_commands import crm


def test_bench_partition_reports_each_instance_and_the_gap_to_published(tmp_path: Path) -> None:
    for seed in (1, 2):
        nx.write_graphml(make_instance(60, seed), tmp_path / f"small-{seed}.graphml")
    (tmp_path / "published.csv").write_text("instance,best\nsmall-1,100.0\n", encoding="utf-8")
    result = crm(
        tmp_path / "unused",
        "bench",
        "partition",
        "--instances",
        str(tmp_path),
        "--districts",
        "3",
        "--time-limit",
        "10",
        "--iterations",
        "20",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    rows = {r["instance"]: r for r in report["results"]}
    assert set(rows) == {"small-1", "small-2"}
    first = rows["small-1"]
    assert first["published_best"] == 100.0 and first["diameter"] > 0
    if first["feasible"]:
        assert first["gap_pct"] == round(100 * (first["diameter"] - 100.0) / 100.0, 2)
    assert rows["small-2"]["gap_pct"] is None
    assert report["summary"]["instances"] == 2


def test_bench_partition_refuses_a_folder_without_instances(tmp_path: Path) -> None:
    result = crm(tmp_path / "unused", "bench", "partition", "--instances", str(tmp_path))
    assert result.returncode == 2
    assert "no .graphml files" in result.stderr and "Traceback" not in result.stderr
