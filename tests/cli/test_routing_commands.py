"""`crm routes ...` end to end on the embedded store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_commands import crm


@pytest.fixture(scope="module")
def routed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A classified 1,500-retailer store with the routes of 2026-11-24 planned."""
    store = tmp_path_factory.mktemp("routes") / "graph"
    assert crm(store, "seed", "--retailers", "1500").returncode == 0
    assert crm(store, "classify").returncode == 0
    result = crm(store, "routes", "plan", "--date", "2026-11-24", "--time-limit", "10", "--json")
    assert result.returncode == 0, result.stderr
    return store


def test_plan_reports_the_day(routed: Path) -> None:
    report = json.loads(
        crm(
            routed,
            "routes",
            "plan",
            "--date",
            "2026-11-24",
            "--time-limit",
            "10",
            "--dry-run",
            "--json",
        ).stdout
    )
    for key in (
        "stops",
        "served",
        "unserved",
        "vehicles",
        "trips",
        "max_load_cases",
        "max_shift_minutes",
        "total_km",
        "engine",
        "seconds",
    ):
        assert key in report
    assert report["served"] + len(report["unserved"]) == report["stops"]
    assert report["max_shift_minutes"] <= 420 and report["over_capacity"] == []
    assert all(u["reason"] for u in report["unserved"])


@pytest.mark.parametrize(
    "fmt, check",
    [
        ("geojson", lambda text: json.loads(text)["type"] == "FeatureCollection"),
        ("csv", lambda text: text.startswith("route,vehicle,plate,driver")),
        ("manifest", lambda text: "Delivery manifest" in text and "Signature" in text),
    ],
)
def test_exports(routed: Path, tmp_path: Path, fmt: str, check: object) -> None:
    out = tmp_path / f"routes.{fmt}"
    result = crm(routed, "routes", "export", "--date", "2026-11-24", "--format", fmt, str(out))
    assert result.returncode == 0, result.stderr
    assert check(out.read_text(encoding="utf-8"))  # type: ignore[operator]


def test_visits_and_calls(routed: Path) -> None:
    visits = json.loads(crm(routed, "routes", "visits", "--week", "2026-W48", "--json").stdout)
    assert visits["managers"] > 0 and visits["max_visits_per_day"] <= 35
    assert visits["max_day_minutes"] <= 420
    calls = json.loads(crm(routed, "routes", "calls", "--date", "2026-11-24", "--json").stdout)
    assert calls["max_calls_per_agent"] <= 140 and calls["calls"] > 0


@pytest.mark.parametrize(
    "args, message",
    [
        (["routes", "plan", "--date", "tomorrow"], "is not a date"),
        (["routes", "visits", "--week", "48"], "use YYYY-Www"),
        (["routes", "export", "--date", "2030-01-01", "x.csv"], "no routes planned"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(routed: Path, args: list[str], message: str) -> None:
    result = crm(routed, *args)
    assert result.returncode == 2 and message in result.stderr
