"""The `crm` command: its entry point in a subprocess (exit statuses, one-line errors) and the
graph and area commands in-process; the services behind them are tested in tests/graph/service/."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from cli.main import app
from graph.database import open_database
from graph.queries import Query
from seeds.city import City
from seeds.writer import write_city


def crm(store: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`crm --store ladybug://STORE ARGS...` in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "cli.main", "--store", f"ladybug://{store}", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def run(store: Path, *args: str) -> Result:
    """`crm --store ladybug://STORE ARGS...` in this process (domain errors are raised)."""
    return CliRunner().invoke(app, ["--store", f"ladybug://{store}", *args], catch_exceptions=False)


def store_of(city: City, directory: Path) -> Path:
    """An embedded store in `directory` holding `city`, written in-process."""
    store = directory / "graph"
    with open_database(f"ladybug://{store}") as db, db.session() as session:
        write_city(session, city)
    return store


@pytest.fixture(scope="module")
def city_store(tmp_path_factory: pytest.TempPathFactory, tiny_city: City) -> Path:
    """A store holding `tiny_city`."""
    return store_of(tiny_city, tmp_path_factory.mktemp("cli"))


def test_graph_and_area_commands_print_json(city_store: Path) -> None:
    check = run(city_store, "graph", "check", "--json")
    assert check.exit_code == 0 and json.loads(check.stdout)["ok"] is True
    assert list(json.loads(check.stdout)["checks"][0]) == [
        "name",
        "ok",
        "description",
        "violations",
        "examples",
    ]
    stats = json.loads(run(city_store, "graph", "stats", "--json").stdout)
    assert list(stats) == ["nodes", "relationships"] and stats["nodes"]["Retailer"] == 240
    areas = json.loads(run(city_store, "area", "list", "--json").stdout)["areas"]
    assert len(areas) == 20 and sum(a["retailers"] for a in areas) == 240
    view = json.loads(run(city_store, "area", "show", "A01", "--json").stdout)
    assert list(view) == [
        "code",
        "name",
        "name_en",
        "zone",
        "team",
        "lead",
        "retailers",
        "neighbours",
        "counts",
    ]
    assert len(view["retailers"]) == view["counts"]["retailers"] == areas[0]["retailers"]


def test_a_team_lead_lists_its_own_area(city_store: Path) -> None:
    result = run(
        city_store, "--as-staff", "HF0001", "--role", "team_lead", "area", "list", "--json"
    )
    assert [a["code"] for a in json.loads(result.stdout)["areas"]] == ["A01"]


@pytest.mark.parametrize(
    "args, status, message",
    [
        (["area", "show", "A99"], 2, "error: area A99 not found"),
        (["--as-staff", "HF0001", "--role", "viewer", "area", "show", "A01"], 3, "may not read"),
    ],
)
def test_errors_are_one_clear_line_with_a_status_by_kind(
    city_store: Path, args: list[str], status: int, message: str
) -> None:
    result = crm(city_store, *args)
    assert result.returncode == status
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_broken_graph_makes_check_exit_1(tmp_path: Path) -> None:
    store = tmp_path / "graph"
    with open_database(f"ladybug://{store}") as db, db.session() as s:
        s.write(Query.UPSERT_AREAS, [{"code": "A1", "name": "x", "name_en": "x"}])
    result = run(store, "graph", "check", "--json")
    assert result.exit_code == 1
    failed = {c["name"] for c in json.loads(result.stdout)["checks"] if not c["ok"]}
    assert failed == {"area_roles", "area_leads"}
