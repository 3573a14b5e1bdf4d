"""`crm points ...` in-process on one store: the commands parse, call one service and print
(the services are tested in tests/care/service/test_points.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.errors import Forbidden
from seeds.city import City
from tests.cli.test_commands import run, store_of


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, tiny_city: City) -> Path:
    return store_of(tiny_city, tmp_path_factory.mktemp("points"))


def _shop(city: City, area: str) -> str:
    return sorted(r for r, a in city.retailer_area.items() if a == area)[0]


def test_a_manager_scores_its_shop_and_sees_its_points(store: Path, tiny_city: City) -> None:
    shop = _shop(tiny_city, "A02")
    manager = tiny_city.staffing.manager_of[shop]
    as_manager = ("--as-staff", manager, "--role", "staff")
    scores = ("--law", "90", "--cooperation", "80", "--constructive", "70", "--growth", "60")
    done = run(store, *as_manager, "points", "score", shop, "--month", "2026-10", *scores)
    assert done.exit_code == 0 and f"scored {shop} for 2026-10 as manager" in done.stdout
    shown = json.loads(run(store, "points", "show", shop, "--months", "3", "--json").stdout)
    [mine] = [s for s in shown["months"][-1]["scores"] if s["role"] == "manager"]
    assert (mine["staff_id"], mine["points"]) == (manager, 77.0)
    table = run(store, "points", "show", shop).stdout
    assert "points accumulated" in table and "客户经理" in table
    other = _shop(tiny_city, "A03")
    with pytest.raises(Forbidden):
        run(store, *as_manager, "points", "score", other, "--month", "2026-10", *scores)
    assert run(store, "points", "score", shop, "--month", "2026-10", "--law", "101").exit_code == 2


def test_an_import_lists_its_rejected_rows(store: Path, tiny_city: City, tmp_path: Path) -> None:
    shop = _shop(tiny_city, "A04")
    manager = tiny_city.staffing.manager_of[shop]
    file = tmp_path / "scores.csv"
    file.write_text(
        "客户编码,评分人,月份,守法经营,合作配合,建设性,成长性\n"
        f"{shop},{manager},2026-10,90,80,70,60\n"
        f"{shop},{manager},2026-10,90,80,70,\n",
        encoding="utf-8",
    )
    result = run(store, "points", "import", str(file))
    assert result.exit_code == 1
    assert "2 rows, 0 created, 1 updated, 1 rejected" in result.stdout
    report = json.loads(run(store, "points", "import", str(file), "--json").stdout)
    assert report["errors"] == [{"line": 3, "column": "成长性", "message": "empty"}]


def test_the_report_prints_completeness_and_raters(store: Path) -> None:
    table = run(store, "points", "report", "--month", "2026-10").stdout
    assert "completeness / 评分完成率" in table and "flagged raters" in table
    report = json.loads(run(store, "points", "report", "--area", "A05", "--json").stdout)
    assert report["area"] == "A05" and report["report"]["month"] == "2026-10"
    assert {c["area"] for c in report["report"]["completeness"]} == {"A05"}
