"""`crm seed`, `crm seed perturb` and `crm import` as thin adapters: one smoke test each,
run in-process on a 60-retailer embedded store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from cli.main import app
from graph.errors import Conflict, InvalidInput


def crm(store: Path, *args: str) -> Result:
    """Run `crm --store ladybug://<store> ...` in this process."""
    return CliRunner().invoke(app, ["--store", f"ladybug://{store}", *args])


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    """A store seeded through the command line, and what the command printed."""
    store = tmp_path_factory.mktemp("cli") / "graph"
    return store, crm(store, "seed", "--retailers", "60", "--seed", "7", "--json")


def test_seed_prints_its_report_and_refuses_a_full_graph(seeded: tuple[Path, Result]) -> None:
    store, result = seeded
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert list(report) == [
        "retailers",
        "seed",
        "generate_seconds",
        "load_seconds",
        "nodes",
        "relationships",
    ]
    assert (report["retailers"], report["nodes"]["Retailer"]) == (60, 60)
    again = crm(store, "seed", "--retailers", "60")
    assert isinstance(again.exception, Conflict)
    assert "reset it to replace them" in again.exception.message


def test_perturb_prints_its_report(seeded: tuple[Path, Result]) -> None:
    result = crm(seeded[0], "seed", "perturb", "--open", "6", "--close", "4", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert list(report) == ["closed", "opened", "grown", "mean_growth", "hotspot_km", "seconds"]
    assert (report["closed"], report["opened"], len(report["hotspot_km"])) == (4, 6, 2)


def test_import_reads_the_file_and_lists_rejected_rows(
    seeded: tuple[Path, Result], tmp_path: Path
) -> None:
    store = seeded[0]
    retailers = tmp_path / "r.csv"
    retailers.write_text(
        "客户编码,店铺名称,lon,lat,district_adcode,经营业态,经营规模\n"
        "NEW001,新开便利店,117.30,31.86,340103,便利店,小\n",
        encoding="utf-8",
    )
    result = crm(store, "import", "retailers", str(retailers), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["created"] == 1
    orders = tmp_path / "o.csv"
    orders.write_text("客户编码,订单日期,cases\nNEW001,2026-10-03,1\nNOPE,2026-10-03,1\n")
    result = crm(store, "import", "orders", str(orders))
    assert result.exit_code == 1
    assert f"{orders}: 2 rows, 1 created, 0 updated, 1 rejected" in result.stdout
    assert "unknown retailer NOPE" in result.stdout
    missing = crm(store, "import", "orders", str(tmp_path / "missing.csv"))
    assert isinstance(missing.exception, InvalidInput)
    assert missing.exception.message.endswith("missing.csv: no such file")
