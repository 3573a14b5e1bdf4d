"""`crm classify`, `crm retailer ...` and `crm retailers export` end to end."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import openpyxl
import pytest

from territory.class_params import ClassParams
from territory.classify import tier_of
from tests.cli.test_commands import crm


@pytest.fixture(scope="module")
def classified(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 600-retailer store, classified as of 2026-08-01 and then by default."""
    store = tmp_path_factory.mktemp("classify") / "graph"
    assert crm(store, "seed", "--retailers", "600").returncode == 0
    assert crm(store, "classify", "--as-of", "2026-08-01").returncode == 0
    return store


def test_classify_prints_counts_per_scheme_and_the_seconds(classified: Path) -> None:
    result = crm(classified, "classify", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["retailers"] == 600 and report["as_of"] == "2026-11-01"
    assert report["changes"] > 0 and report["seconds"] > 0
    for scheme in (
        "category",
        "tier",
        "grade",
        "value_segment",
        "points_class",
        "quadrant",
        "key_account",
        "lifecycle",
    ):
        assert sum(report["counts"][scheme].values()) == 600


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_export_rows_obey_the_rules(classified: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"retailers.{fmt}"
    assert crm(classified, "retailers", "export", "--format", fmt, str(out)).returncode == 0
    if fmt == "json":
        rows = json.loads(out.read_text(encoding="utf-8"))
    elif fmt == "csv":
        rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    else:
        sheet = openpyxl.load_workbook(out).active
        values = list(sheet.iter_rows(values_only=True))
        rows = [dict(zip(values[0], v)) for v in values[1:]]
    assert len(rows) == 600
    assert list(rows[0])[:13] == [
        "id",
        "name",
        "category_code",
        "avg_monthly_cases",
        "tier",
        "avg_carton_price",
        "grade",
        "value_segment",
        "points_class",
        "quadrant",
        "key_account",
        "lifecycle",
        "visit_frequency_per_week",
    ]
    bounds = ClassParams().tier_upper_bounds
    for row in rows:
        assert int(row["tier"]) == tier_of(float(row["avg_monthly_cases"]), bounds)
        assert re.fullmatch(r"[CX][ZBSNYFQ][123]", str(row["category_code"]))
        assert 1 <= int(row["grade"]) <= 10


def test_show_explains_every_class_and_lists_history(classified: Path) -> None:
    rows = json.loads(crm(classified, "area", "show", "A01", "--json").stdout)["retailers"]
    profile = json.loads(crm(classified, "retailer", "show", rows[0]["id"], "--json").stdout)
    assert set(profile["fields"]) == {"basic", "network", "management", "business", "personal"}
    assert profile["classes"]["tier"]["text"].startswith("tier ")
    assert all(c["text"] for c in profile["classes"].values())
    assert "class_history" in profile and "pending_change_requests" in profile


def test_an_edit_request_is_listed_and_approved(classified: Path) -> None:
    rid = json.loads(crm(classified, "area", "show", "A02", "--json").stdout)["retailers"][0]["id"]
    made = crm(
        classified,
        "retailer",
        "edit",
        rid,
        "phone=13900001111",
        "--by",
        rid,
        "--as",
        "retailer",
        "--json",
    )
    assert made.returncode == 0, made.stderr
    request = json.loads(made.stdout)[0]["id"]
    pending = json.loads(crm(classified, "retailer", "requests", "--json").stdout)["pending"]
    assert request in {p["id"] for p in pending}
    assert crm(classified, "retailer", "approve", request, "--by", "张科长").returncode == 0
    fields = json.loads(crm(classified, "retailer", "show", rid, "--json").stdout)["fields"]
    assert {f["field"]: f["value"] for f in fields["personal"]}["phone"] == "13900001111"
    refused = crm(classified, "retailer", "edit", rid, "tier=1", "--by", "x", "--as", "supervisor")
    assert refused.returncode == 2 and "derived from order data" in refused.stderr
