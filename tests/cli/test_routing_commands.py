"""`crm routes ...` as thin adapters: a smoke test in-process on `tiny_city` (the services are
tested in tests/routing/service/, exit statuses in tests/cli/test_commands.py)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from graph.errors import Forbidden, NotFound
from seeds.city import City
from tests.cli.test_commands import run, store_of

PLAN_KEYS = [
    "date",
    "order_date",
    "zone",
    "stops",
    "served",
    "unserved_by_reason",
    "unserved",
    "vehicles",
    "trips",
    "max_load_cases",
    "max_load_share",
    "over_capacity",
    "max_shift_minutes",
    "total_km",
    "engine",
    "seconds",
    "solve_seconds",
    "vehicles_needed",
    "vehicles_available",
    "vehicles_by_depot",
    "bounds",
    "applied",
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, tiny_city: City) -> Path:
    """A store holding `tiny_city`."""
    return store_of(tiny_city, tmp_path_factory.mktemp("routes"))


def test_plan_export_visits_and_calls(store: Path, tmp_path: Path) -> None:
    planned = run(store, "routes", "plan", "--date", "2026-11-26", "--time-limit", "1", "--json")
    report = json.loads(planned.stdout)
    assert list(report) == PLAN_KEYS and report["applied"] is True
    assert (report["order_date"], report["zone"]) == ("2026-11-25", 2)  # ordered the day before
    assert report["served"] + len(report["unserved"]) == report["stops"] == 70
    assert sum(r["stops"] for r in report["unserved_by_reason"]) == len(report["unserved"])
    table = run(store, "routes", "plan", "--date", "2026-11-26", "--time-limit", "1", "--dry-run")
    assert "ordered 2026-11-25" in table.stdout and "bound" in table.stdout
    one_by_one = re.compile(r"^unserved \d+: ", re.MULTILINE)
    assert not one_by_one.search(table.stdout)  # listed one by one only with --verbose
    if report["unserved"]:
        assert "unserved stops by reason" in table.stdout
        args = ("--date", "2026-11-26", "--time-limit", "1", "--dry-run", "--verbose")
        assert one_by_one.search(run(store, "routes", "plan", *args).stdout)
    out = tmp_path / "routes.csv"
    exported = run(store, "routes", "export", "--date", "2026-11-26", "--format", "csv", str(out))
    assert "routes to" in exported.stdout
    assert len(list(csv.reader(out.open(encoding="utf-8")))) == report["served"] + 1
    visits = json.loads(run(store, "routes", "visits", "--week", "2026-W48", "--json").stdout)
    assert list(visits)[:2] == ["week", "managers"] and visits["visits"] == 240
    calls = json.loads(run(store, "routes", "calls", "--date", "2026-11-25", "--json").stdout)
    assert (calls["zone"], calls["calls"]) == (2, 73) and list(calls)[-1] == "lists"
    table = run(store, "routes", "calls", "--date", "2026-11-25")
    assert "calls 2026-11-25, zone 2" in table.stdout and "HF0021" in table.stdout


def test_the_principal_and_errors_reach_the_services(store: Path) -> None:
    as_lead = ("--as-staff", "HF0002", "--role", "team_lead")
    with pytest.raises(Forbidden, match=r"HF0002 \(team_lead\) may not plan delivery routes"):
        run(store, *as_lead, "routes", "plan", "--date", "2026-11-25")
    calls = json.loads(
        run(store, *as_lead, "routes", "calls", "--date", "2026-11-23", "--json").stdout
    )
    assert calls["calls"] == 13  # A02's retailers, not the zone's 71
    with pytest.raises(NotFound, match="^no routes planned for 2030-01-01: plan that date first$"):
        run(store, "routes", "export", "--date", "2030-01-01", "x.csv")
