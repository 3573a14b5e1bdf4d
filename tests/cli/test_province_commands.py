"""`crm province` as a thin adapter: seed a small province, plan it in this process, and
refuse what makes no sense before any work."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import ray

from graph.errors import InvalidInput, NotFound
from tests.cli.test_commands import run


def test_seed_then_plan_serially_prints_every_city(tmp_path: Path) -> None:
    into = tmp_path / "province"
    seeded = run(tmp_path / "unused", "province", "seed", "--into", str(into), "--cities", "1",
                 "--retailers-per-city", "200", "--json")  # fmt: skip
    assert seeded.exit_code == 0, seeded.output
    assert [c["adcode"] for c in json.loads(seeded.stdout)["cities"]] == ["340100"]
    planned = run(tmp_path / "unused", "province", "plan", "--into", str(into), "--date",
                  "2026-11-24", "--serial", "--json")  # fmt: skip
    assert planned.exit_code == 0, planned.output
    result = json.loads(planned.stdout)
    assert [c["ok"] for c in result["cities"]] == [True] and len(result["digest"]) == 16
    table = run(tmp_path / "unused", "province", "plan", "--into", str(into), "--date",
                "2026-11-24", "--serial")  # fmt: skip
    assert table.exit_code == 0 and "全省计划" in table.stdout
    assert result["digest"] in table.stdout  # a re-run on the same folder plans the same


def test_nonsense_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="cities: 17 must be 1..16"):
        run(tmp_path, "province", "seed", "--into", str(tmp_path / "p"), "--cities", "17")
    with pytest.raises(NotFound, match="holds no province"):
        run(tmp_path, "province", "plan", "--into", str(tmp_path / "none"), "--date", "2026-11-24")
    assert not ray.is_initialized()  # refused before Ray started
    with pytest.raises(InvalidInput, match="is not YYYY-MM-DD"):
        run(tmp_path, "province", "plan", "--into", str(tmp_path), "--date", "24/11/2026")
