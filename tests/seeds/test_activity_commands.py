"""`crm seed activity` as a thin adapter, in process on a 60-retailer embedded store."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner, Result

from cli.main import app
from graph.errors import InvalidInput


def crm(store: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["--store", f"ladybug://{store}", *args])


def test_seed_activity_needs_classes_then_prints_its_report(tmp_path: Path) -> None:
    store = tmp_path / "graph"
    assert crm(store, "seed", "--retailers", "60", "--seed", "7").exit_code == 0
    refused = crm(store, "seed", "activity", "--weeks", "2")
    assert isinstance(refused.exception, InvalidInput)
    assert crm(store, "classify").exit_code == 0
    result = crm(store, "seed", "activity", "--weeks", "2", "--until", "2026-10-28", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["first_day"], report["last_day"]) == ("2026-10-12", "2026-10-24")
    assert report["counts"]["visit"] > 0 and report["counts"]["cases"] >= 4
