"""`crm complaints`: a case's life at scripted times, the care record, the list, the report,
the sweep and the alerts, in tables and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.errors import InvalidInput
from seeds.city import City
from tests.api.live import Accounts, copy_store
from tests.cli.test_commands import run


@pytest.fixture(scope="module")
def city_store(tmp_path_factory: pytest.TempPathFactory, template: tuple[Path, Accounts]) -> Path:
    """A copy of the served test city (built once a session for the API tests)."""
    return copy_store(template[0], tmp_path_factory.mktemp("complaints") / "graph")


def _open(store: Path, shop: str, category: str, at: str, *extra: str) -> str:
    options = ["--category", category, "--channel", "phone", "--text", "烟箱破损 damaged"]
    opened = run(store, "complaints", "open", shop, *options, "--now", at, *extra, "--json")
    return str(json.loads(opened.stdout)["case"]["id"])


def _shop(city: City, area: str) -> str:
    return sorted(r for r, a in city.retailer_area.items() if a == area)[0]


def test_a_scripted_case_life(city_store: Path, tiny_city: City) -> None:
    cid = _open(city_store, _shop(tiny_city, "A02"), "delivery", "2026-11-23T09:00")
    run(city_store, "complaints", "respond", cid, "--text", "calls", "--now", "2026-11-23T09:30")
    run(city_store, "complaints", "pause", cid, "--now", "2026-11-23T10:00")
    table = run(city_store, "complaints", "resume", cid, "--now", "2026-11-23T14:00").stdout
    assert "history / 处理记录" in table and "resume" in table
    at = ["--now", "2026-11-23T15:00"]
    with pytest.raises(InvalidInput, match="care record"):
        run(city_store, "complaints", "close", cid, "--care-record", " ", *at)
    assert run(city_store, "complaints", "close", cid, *at).exit_code == 2  # no --care-record
    closed = run(
        city_store, "complaints", "close", cid, "--care-record", "new carton", *at, "--json"
    )
    assert json.loads(closed.stdout)["resolution"]["state"] == "met"
    listed = json.loads(run(city_store, "complaints", "list", "--area", "A02", "--json").stdout)
    assert [(v["case"]["id"], v["case"]["status"]) for v in listed["items"]] == [(cid, "closed")]
    assert cid in run(city_store, "complaints", "show", cid).stdout


def test_sweep_alerts_and_report(city_store: Path, tiny_city: City) -> None:
    cid = _open(
        city_store, _shop(tiny_city, "A04"), "price", "2026-11-02T09:00", "--kind", "request"
    )
    swept = run(city_store, "complaints", "sweep", "--now", "2026-11-04T09:00").stdout
    assert "2 alerts, 1 breach actions" in swept and cid in swept
    alerts = json.loads(run(city_store, "complaints", "alerts", "--json").stdout)["items"]
    assert {a["kind"] for a in alerts if a["case_id"] == cid} == {"warning", "breach"}
    period = ["--since", "2026-11-01", "--until", "2026-11-05", "--now", "2026-11-04T09:00"]
    report = json.loads(run(city_store, "complaints", "report", *period, "--json").stdout)
    assert report["report"]["by_area"][0]["group"] == "A04"
    assert report["report"]["overall"]["first_response_missed"] == 1
    table = run(city_store, "complaints", "report", *period).stdout
    assert "owner role / 负责岗位" in table and "0.0%" in table
    with pytest.raises(InvalidInput, match="--since"):
        run(city_store, "complaints", "report", "--since", "November")
    with pytest.raises(InvalidInput, match="--now"):
        run(city_store, "complaints", "report", "--now", "soon")
