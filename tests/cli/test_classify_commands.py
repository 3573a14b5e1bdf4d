"""`crm classify`, `crm retailer ...` and `crm retailers ...` in-process, on one store: the
commands parse, call one service and print; the services are tested in their packages."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from graph.errors import Forbidden
from graph.export import LEADING
from seeds.city import City
from tests.cli.test_commands import run, store_of


@pytest.fixture(scope="module")
def classified(tmp_path_factory: pytest.TempPathFactory, tiny_city: City) -> Path:
    """A store holding `tiny_city`, classified as of 2026-08-01."""
    store = store_of(tiny_city, tmp_path_factory.mktemp("classify"))
    assert run(store, "classify", "--as-of", "2026-08-01").exit_code == 0
    return store


def test_classify_prints_todays_json(classified: Path) -> None:
    report = json.loads(run(classified, "classify", "--json").stdout)
    assert list(report) == ["as_of", "retailers", "changes", "seconds", "counts"]
    assert (report["as_of"], report["retailers"]) == ("2026-11-01", 240)
    assert report["changes"] > 0
    assert all(sum(c.values()) == 240 for c in report["counts"].values())


def test_export_writes_the_file(classified: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "retailers.csv"
    result = run(classified, "retailers", "export", "--format", "csv", str(out), "--json")
    assert json.loads(result.stdout) == {"file": str(out), "format": "csv", "retailers": 240}
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == 240 and tuple(rows[0])[: len(LEADING)] == LEADING


def test_a_retailers_request_is_listed_and_approved_by_the_administrator(classified: Path) -> None:
    rid = json.loads(run(classified, "retailers", "list", "--area", "A02", "--json").stdout)[
        "items"
    ][0]["id"]
    made = run(
        classified, "--as-retailer", rid, "retailer", "edit", rid, "phone=13900001111", "--json"
    )
    [request] = json.loads(made.stdout)
    assert (request["requested_by"], request["status"]) == (rid, "pending")
    pending = json.loads(run(classified, "retailer", "requests", "--json").stdout)
    assert request["id"] in {p["id"] for p in pending["pending"]}
    assert run(classified, "retailer", "approve", request["id"], "--by", "x").exit_code == 2
    decided = json.loads(run(classified, "retailer", "approve", request["id"], "--json").stdout)
    assert decided["request"]["decided_by"] == decided["audit"]["changed_by"] == "local-admin"
    profile = json.loads(run(classified, "retailer", "show", rid, "--json").stdout)
    assert list(profile) == [
        "id",
        "name",
        "fields",
        "classified_on",
        "classes",
        "class_history",
        "pending_change_requests",
        "audit",
        "team",
    ]
    assert {f["field"]: f["value"] for f in profile["fields"]["personal"]}["phone"] == "13900001111"
    with pytest.raises(Forbidden, match="derived from order data"):
        run(classified, "retailer", "edit", rid, "tier=1")
