"""The `crm` command end to end, in a subprocess, on the embedded store."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def crm(store: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli.main", "--store", f"ladybug://{store}", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store seeded through the command line with 600 retailers."""
    store = tmp_path_factory.mktemp("cli") / "graph"
    result = crm(store, "seed", "--retailers", "600", "--seed", "7", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["retailers"] == 600
    return store


def test_check_passes_and_stats_count_the_city(seeded: Path) -> None:
    check = crm(seeded, "graph", "check", "--json")
    assert check.returncode == 0, check.stdout
    assert json.loads(check.stdout)["ok"] is True
    stats = json.loads(crm(seeded, "graph", "stats", "--json").stdout)
    assert stats["nodes"]["Retailer"] == 600
    assert (stats["nodes"]["Area"], stats["nodes"]["DeliveryZone"], stats["nodes"]["District"]) == (
        20,
        3,
        7,
    )


def test_area_list_and_show(seeded: Path) -> None:
    areas = json.loads(crm(seeded, "area", "list", "--json").stdout)["areas"]
    assert len(areas) == 20 and sum(a["retailers"] for a in areas) == 600
    view = json.loads(crm(seeded, "area", "show", areas[0]["code"], "--json").stdout)
    assert view["lead"] and len(view["retailers"]) == areas[0]["retailers"]
    assert {m["role"] for m in view["team"]} == {"agent", "manager", "inspector", "driver"}


@pytest.mark.parametrize(
    "args, message",
    [
        (["area", "show", "A99"], "area A99 not found"),
        (["seed", "--retailers", "600"], "pass --reset"),
        (["import", "retailers", "/nonexistent.csv"], "no such file"),
    ],
)
def test_errors_are_one_clear_line_and_exit_2(seeded: Path, args: list[str], message: str) -> None:
    result = crm(seeded, *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_broken_graph_makes_check_exit_1(tmp_path: Path) -> None:
    store = tmp_path / "graph"
    from graph.queries import Query
    from graph.store import open_store

    s = open_store(f"ladybug://{store}")
    s.write(Query.UPSERT_AREAS, [{"code": "A1", "name": "x", "name_en": "x"}])
    s.close()
    result = crm(store, "graph", "check", "--json")
    assert result.returncode == 1
    failed = {c["name"] for c in json.loads(result.stdout)["checks"] if not c["ok"]}
    assert failed == {"area_roles", "area_leads"}
