"""`crm territory ...` as thin adapters: smoke tests run in-process on `tiny_city`."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner, Result

from benchmarks.territory_instances import make_instance
from cli.main import app
from graph.database import open_database
from graph.errors import Infeasible
from seeds.city import City
from seeds.writer import write_city


def crm(store: Path, *args: str) -> Result:
    """Run `crm --store ladybug://<store> ...` in this process."""
    return CliRunner().invoke(app, ["--store", f"ladybug://{store}", *args])


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, tiny_city: City) -> Path:
    """An embedded store holding `tiny_city`."""
    path = tmp_path_factory.mktemp("territory") / "graph"
    db = open_database(f"ladybug://{path}")
    with db.session() as session:
        write_city(session, tiny_city)
    db.close()
    return path


def test_design_and_rebalance_print_reports_and_strict_fails_on_a_miss(
    store: Path, tmp_path: Path
) -> None:
    quick = ("--areas", "4", "--zones", "2", "--time-limit", "2")
    design = crm(store, "territory", "design", *quick, "--dry-run", "--json")
    assert design.exit_code == 0, design.output
    report = json.loads(design.stdout)
    assert (report["areas"], report["applied"], len(report["area_table"])) == (4, False, 4)
    params = tmp_path / "params.toml"
    params.write_text("rebalance_time_limit_s = 1\n")
    rebalance = crm(
        store, "territory", "rebalance", "--dry-run", "--params", str(params), "--strict"
    )
    assert rebalance.stdout.startswith("moved ") and "dry run, nothing written" in rebalance.stdout
    assert isinstance(rebalance.exception, Infeasible)
    assert rebalance.exception.message.startswith("tolerances missed: ")


def test_rebalance_takes_locks_and_reports_them(store: Path, tiny_city: City) -> None:
    retailer = tiny_city.retailers[0].id
    area = tiny_city.areas[1].code
    args = ("territory", "rebalance", "--dry-run", "--json", "--lock-retailer", retailer)
    result = crm(store, *args, "--lock-area", area)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["locks"] == {"retailers": [retailer], "areas": [area], "pins": {}}
    assert not {m["retailer"] for m in report["moves"]} & {retailer}
    assert all(m["from"] != area for m in report["moves"])


def test_partition_reads_graphml_and_writes_the_plan(tmp_path: Path) -> None:
    path = tmp_path / "g.graphml"
    nx.write_graphml(make_instance(60, 1), path)
    out = tmp_path / "plans" / "plan.csv"
    result = crm(
        tmp_path / "unused",
        *("territory", "partition", str(path), "--districts", "3", "--time-limit", "1"),
        *("--measures", "n_customers,demand,workload", "--out", str(out), "--json"),
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["districts"] == 3 and len(report["district_of"]) == 60
    assert out.read_text().splitlines()[0] == "node,district"
    assert len(out.read_text().splitlines()) == 61


def test_a_move_is_previewed_applied_listed_compared_and_restored(
    store: Path, tiny_city: City
) -> None:
    retailer = tiny_city.retailers[0].id
    source = tiny_city.retailer_area[retailer]
    target = "A01" if source != "A01" else "A02"
    preview = crm(store, "territory", "move", retailer, "--to", target, "--dry-run", "--json")
    assert preview.exit_code == 0, preview.output
    assert json.loads(preview.stdout)["moves"][0]["from"] == source
    applied = crm(store, "territory", "move", retailer, "--to", target)
    assert applied.exit_code == 0, applied.output
    assert "1 retailers change area — applied as manual-" in applied.stdout
    plans = json.loads(crm(store, "territory", "plans", "--json").stdout)
    assert [p["kind"] for p in plans["items"]] == ["manual", "initial"]
    initial = plans["items"][1]["id"]
    listed = crm(store, "territory", "plans", "--offset", "1")
    assert "territory plans 2-2 of 2" in listed.stdout and "manual" not in listed.stdout
    shown = json.loads(crm(store, "territory", "plans", "show", initial, "--json").stdout)
    assert len(shown["areas"]) == 20
    compared = crm(store, "territory", "plans", "compare", initial)
    assert compared.exit_code == 0 and f"{initial} → current: 1 retailers" in compared.stdout
    restored = crm(store, "territory", "plans", "restore", initial, "--dry-run")
    assert restored.exit_code == 0, restored.output
    assert "moves 1 retailers" in restored.stdout and "dry run" in restored.stdout
