"""`crm survey` and `crm actions` in-process on the tiny city."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cli.main import app
from seeds.city import City
from tests.api.test_surveys import answers_csv
from tests.cli.test_commands import store_of


def test_survey_and_actions_commands(tmp_path: Path, tiny_city: City) -> None:
    store = store_of(tiny_city, tmp_path)

    def crm(*args: str) -> str:
        result = CliRunner().invoke(app, ["--store", f"ladybug://{store}", *args])
        assert result.exit_code in (0, 1), result.output
        return result.stdout

    plan = json.loads(crm("survey", "plan", "--start", "2026-12-07", "--days", "14", "--json"))
    assert plan["id"] == "W2026-12-07" and plan["scheduled"] == len(tiny_city.retailers)
    answers = tmp_path / "answers.csv"
    answers.write_bytes(answers_csv(tiny_city))
    report = json.loads(crm("survey", "import", str(answers), "--json"))
    assert len(report["errors"]) == 1 and report["created"] == 3 * len(tiny_city.retailers)
    table = crm("survey", "analyse", "--by", "area")
    assert "wave W2026-12-07: 720 answers" in table and "area A01" in table
    assert "送货准" in table and "必备质" in table and "服务不" in table  # wrapped at 80 columns
    assert "under-service actions" in crm("actions", "derive")
    listed = json.loads(crm("actions", "list", "--status", "open", "--json"))
    assert listed["total"] == len(tiny_city.areas)
    first = listed["items"][0]["id"]
    assert crm("actions", "done", first).strip() == f"{first}: done"
