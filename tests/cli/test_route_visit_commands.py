"""`crm routes visits`: the figures table, no per-area shortfall where nothing is short, and
`--working-days` (the shortfall itself is tested in tests/routing/service/test_visits.py, where
the day's limits can be cut)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.errors import InvalidInput
from seeds.city import City
from tests.cli.test_commands import run, store_of


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, tiny_city: City) -> Path:
    """A store holding `tiny_city`."""
    return store_of(tiny_city, tmp_path_factory.mktemp("visits"))


def test_a_week_with_room_prints_its_figures_and_no_shortfall(store: Path) -> None:
    table = run(store, "routes", "visits", "--week", "2026-W48").stdout
    assert "moved_to_other_manager" in table and "working_days" in table
    assert "areas short of managers" not in table


def test_the_working_days_reach_the_plan(store: Path) -> None:
    args = ("routes", "visits", "--week", "2026-W48", "--working-days", "1", "--json")
    report = json.loads(run(store, *args).stdout)
    assert report["working_days"] == 1 and report["visits"] == 240
    assert {d["date"] for d in report["days"]} == {"2026-11-23"}


def test_more_than_seven_working_days_are_refused(store: Path) -> None:
    with pytest.raises(InvalidInput, match="working_days must be 1..7, got 8"):
        run(store, "routes", "visits", "--week", "2026-W48", "--working-days", "8")
