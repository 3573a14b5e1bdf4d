"""`benchmarks.partition_bench` on a folder of small GraphML instances."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from benchmarks.partition_bench import run
from benchmarks.territory_instances import make_instance
from graph.errors import InvalidInput


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two 60-unit instances, the first with a published best diameter of 100."""
    path = tmp_path_factory.mktemp("partition-bench")
    for seed in (1, 2):
        nx.write_graphml(make_instance(60, seed), path / f"small-{seed}.graphml")
    (path / "published.csv").write_text("instance,best\nsmall-1,100.0\n", encoding="utf-8")
    return path


def test_each_instance_is_reported_with_its_gap_to_the_published_best(folder: Path) -> None:
    report = run(folder, districts=3, time_limit_s=10, iterations=20, searches=1)
    rows = report["results"]
    assert isinstance(rows, list) and [r["instance"] for r in rows] == ["small-1", "small-2"]
    first, second = rows
    assert list(first) == [
        "family", "instance", "units", "districts", "balance", "feasible", "contiguous",
        "compactness", "diameter", "diameter_paths", "misses", "seconds", "published_best",
        "gap_pct", "lower_bound", "ratio",
    ]  # fmt: skip
    assert first["family"] == folder.name and first["units"] == 60
    assert 0 < first["lower_bound"] <= first["diameter"]
    assert first["ratio"] == round(first["diameter"] / first["lower_bound"], 3)
    assert first["districts"] == 3 and first["diameter_paths"] == "graph"
    assert first["published_best"] == 100.0 and first["diameter"] > 0
    expected_gap = (
        round(100 * (first["diameter"] - 100.0) / 100.0, 2) if first["feasible"] else None
    )
    assert first["gap_pct"] == expected_gap
    assert second["published_best"] is None and second["gap_pct"] is None
    summary = report["summary"]
    assert isinstance(summary, dict) and list(summary) == [folder.name]
    family = summary[folder.name]
    assert family["instances"] == 2
    assert family["worst_seconds"] == max(r["seconds"] for r in rows)
    assert family["worst_ratio"] == max(r["ratio"] for r in rows)


def test_a_folder_without_instances_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="no .graphml files"):
        run(tmp_path)
