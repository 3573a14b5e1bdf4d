"""`crm bench ...` as a thin adapter: one in-process smoke test."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from benchmarks.territory_instances import make_instance
from graph.errors import InvalidInput
from tests.cli.test_commands import run


def test_bench_partition_prints_the_figures_and_refuses_a_missing_folder(tmp_path: Path) -> None:
    nx.write_graphml(make_instance(40, 1), tmp_path / "small-1.graphml")
    args = ("bench", "partition", "--instances", str(tmp_path), "--districts", "2")
    result = run(tmp_path / "unused", *args, "--time-limit", "5", "--iterations", "5", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [r["instance"] for r in report["results"]] == ["small-1"]
    assert report["summary"][tmp_path.name]["instances"] == 1
    table = run(tmp_path / "unused", *args, "--time-limit", "5", "--iterations", "5")
    assert table.exit_code == 0 and "by family" in table.stdout
    with pytest.raises(InvalidInput, match="not a directory"):
        run(tmp_path / "unused", "bench", "partition", "--instances", str(tmp_path / "none"))
