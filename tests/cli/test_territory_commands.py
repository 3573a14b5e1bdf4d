"""`crm territory ...` and `crm seed perturb` end to end on the embedded store."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from benchmarks.territory_instances import make_instance
from tests.cli.test_commands import crm

KEYS = {
    "areas",
    "zones",
    "balance",
    "tolerance",
    "feasible",
    "misses",
    "contiguous",
    "compactness_km",
    "zone_balance",
    "seconds",
}


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A classified 1,200-retailer store."""
    store = tmp_path_factory.mktemp("territory") / "graph"
    assert crm(store, "seed", "--retailers", "1200").returncode == 0
    assert crm(store, "classify").returncode == 0
    return store


def test_a_dry_run_design_reports_and_writes_nothing(city: Path) -> None:
    before = json.loads(crm(city, "area", "list", "--json").stdout)
    result = crm(
        city,
        "territory",
        "design",
        "--dry-run",
        "--tolerance",
        "customers=0.1,workload=0.1,volume=0.2",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report) >= KEYS and report["applied"] is False
    assert report["areas"] == 20 and report["zones"] == 3 and report["contiguous"] is True
    assert json.loads(crm(city, "area", "list", "--json").stdout) == before


def test_design_then_perturb_then_rebalance(city: Path) -> None:
    design = crm(
        city,
        "territory",
        "design",
        "--tolerance",
        "customers=0.1,workload=0.1,volume=0.2",
        "--json",
    )
    assert design.returncode == 0, design.stderr
    assert json.loads(design.stdout)["applied"] is True
    assert crm(city, "graph", "check").returncode == 0
    perturbed = crm(city, "seed", "perturb", "--open", "60", "--close", "40", "--json")
    assert perturbed.returncode == 0, perturbed.stderr
    assert json.loads(perturbed.stdout)["opened"] == 60
    result = crm(
        city,
        "territory",
        "rebalance",
        "--tolerance",
        "customers=0.1,workload=0.1,volume=0.2",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert {"moved", "moved_fraction", "moved_lower_bound", "relaxed_lower_bound"} <= set(report)
    assert report["moved_fraction"] <= 0.10 and report["moved"] >= report["moved_lower_bound"]
    assert all({"retailer", "from", "to", "reason"} <= set(m) for m in report["moves"])
    assert crm(city, "graph", "check").returncode == 0


def test_strict_turns_a_miss_into_exit_2_with_the_reason(city: Path) -> None:
    result = crm(city, "territory", "design", "--dry-run", "--strict", "--tolerance", "0.001")
    assert result.returncode == 2
    assert "tolerances missed" in result.stderr and "Traceback" not in result.stderr


def test_partition_runs_on_any_graphml(tmp_path: Path) -> None:
    path = tmp_path / "g.graphml"
    nx.write_graphml(make_instance(80, 1), path)
    out = tmp_path / "plan.csv"
    result = crm(
        tmp_path / "unused",
        "territory",
        "partition",
        str(path),
        "--districts",
        "4",
        "--measures",
        "n_customers,demand,workload",
        "--objective",
        "diameter",
        "--time-limit",
        "20",
        "--iterations",
        "30",
        "--out",
        str(out),
        "--json",
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert {
        "districts",
        "balance",
        "feasible",
        "contiguous",
        "compactness",
        "diameter",
        "seconds",
    } <= set(report)
    assert len(out.read_text().splitlines()) == 81
