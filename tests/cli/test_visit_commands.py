"""`crm interactions log|list|import` and `crm visits adherence` in-process, on a copy of the
routed test city."""

from __future__ import annotations

import json
from pathlib import Path

from seeds.city import City
from tests.api.live import Accounts, copy_store
from tests.cli.test_commands import run


def test_log_list_import_and_adherence(
    tmp_path: Path, template: tuple[Path, Accounts], tiny_city: City
) -> None:
    store = copy_store(template[0], tmp_path / "graph")
    accounts = template[1]
    shop = sorted(r for r, a in tiny_city.retailer_area.items() if a == accounts.lead_area)[0]
    me = ("--as-staff", accounts.manager_staff, "--role", "staff")
    day = "2026-11-23"
    log = (
        f"interactions log --kind visit --retailer {shop} --day {day} --started {day}T09:30 "
        f"--ended {day}T10:10 --lon 117.25 --lat 31.85 --tasks display,stock --json"
    )
    logged = run(store, *me, *log.split())
    assert logged.exit_code == 0, logged.output
    assert json.loads(logged.stdout)["tasks"] == "display,stock"
    listed = json.loads(run(store, "interactions", "list", shop, "--json").stdout)
    assert listed["total"] == 1
    csv = tmp_path / "calls.csv"
    csv.write_text(
        "kind,retailer,staff,day,reached\n"
        f"call,{shop},NOBODY,2026-11-24,yes\n"
        f"call,{shop},{accounts.manager_staff},2026-11-24,maybe\n",
        encoding="utf-8",
    )
    imported = run(store, "interactions", "import", str(csv))
    assert imported.exit_code == 1 and "2 rejected" in imported.stdout
    report = run(store, "visits", "adherence", "--weeks", "2", "--json")
    assert json.loads(report.stdout)["adherence"]["visits"] == 1
    table = run(store, "visits", "adherence", "--by", "class", "--area", accounts.lead_area)
    assert table.exit_code == 0 and "拜访达成" in table.stdout and "迟到签到: 0" in table.stdout
