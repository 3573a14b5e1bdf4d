"""``/api/routes``, ``/api/visits``, ``/api/calls``: who reads a day's routes (and the dates
that have them), visit weeks and call lists (a team lead only their retailers' stops, visits
and calls; a viewer none), the downloads, and who may plan a date."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from seeds.city import City
from tests.api.checks import ROLES, assert_error, body, outsiders, retailers_in
from tests.api.live import ROUTE_DAY, Accounts, Api

DAY = ROUTE_DAY.isoformat()
READS = (f"/api/routes?date={DAY}", f"/api/visits?week_of={DAY}", f"/api/calls?date={DAY}")
SCOPED = {"lead": "lead_area", "lead2": "other_area", "manager": "lead_area"}


def _timeless(found: Any) -> Any:
    """An answer without the seconds it took."""
    return {k: v for k, v in found.items() if k != "seconds"} if isinstance(found, dict) else found


@pytest.fixture(scope="module")
def read(shared_api: Api) -> dict[tuple[str, str], Any]:
    """Each reader's routes, visits and calls of the day."""
    return {
        (user, path): body(shared_api.get(path, user))
        for user in ROLES
        if user != "viewer"
        for path in READS
    }


@pytest.mark.parametrize("user", [r for r in ROLES if r != "viewer"])
def test_each_reader_gets_the_routes_visits_and_calls_of_its_scope(
    read: dict[tuple[str, str], Any],
    accounts: Accounts,
    area_of: dict[str, str],
    user: str,
) -> None:
    for path in READS:
        found = read[(user, path)]
        if user in SCOPED:
            own = getattr(accounts, SCOPED[user])
            assert not outsiders(found, area_of, [own]), path
        else:
            assert _timeless(found) == _timeless(read[("dispatcher", path)]), path
    city = read[("dispatcher", READS[0])]
    assert sum(len(r["stops"]) for r in city) > 50


def test_a_team_leads_routes_are_the_citys_trips_cut_to_their_stops(
    read: dict[tuple[str, str], Any], accounts: Accounts, area_of: dict[str, str]
) -> None:
    city = {r["route"]: r for r in read[("dispatcher", READS[0])]}
    mine = read[("lead", READS[0])]
    own = {r for r, a in area_of.items() if a == accounts.lead_area}
    expected = {s["retailer"] for r in city.values() for s in r["stops"]} & own
    assert expected and {s["retailer"] for r in mine for s in r["stops"]} == expected
    for route in mine:
        assert route["vehicle"] == city[route["route"]]["vehicle"]
    assert retailers_in(read[("lead", READS[2])], area_of) == {
        r for r in retailers_in(read[("dispatcher", READS[2])], area_of) if r in own
    }
    visits = read[("lead", READS[1])]
    assert visits["visits"] == sum(len(d["visits"]) for d in visits["days"]) > 0


def test_a_viewer_reads_no_route_visit_or_call_and_may_not_plan(shared_api: Api) -> None:
    for path in (*READS, f"/api/routes/export?date={DAY}"):
        assert "viewer" in assert_error(shared_api.get(path, "viewer"), 403, "forbidden")


@pytest.mark.parametrize("fmt", ["geojson", "csv", "manifest"])
def test_a_team_leads_downloads_hold_their_stops_only(
    shared_api: Api, accounts: Accounts, area_of: dict[str, str], tiny_city: City, fmt: str
) -> None:
    answer = shared_api.get(f"/api/routes/export?date={DAY}&format={fmt}", "lead")
    assert answer.status_code == 200, answer.text
    assert DAY in answer.headers["content-disposition"]
    text = answer.content.decode("utf-8-sig")
    own = {r for r, a in area_of.items() if a == accounts.lead_area}
    elsewhere = [r for r in tiny_city.retailers if r.id not in own]
    if fmt == "geojson":
        shapes = json.loads(text)["features"]
        points = {
            tuple(round(c, 5) for c in f["geometry"]["coordinates"])
            for f in shapes
            if f["geometry"]["type"] == "Point"
        }
        assert points and not points & {(round(r.lon, 5), round(r.lat, 5)) for r in elsewhere}
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert rows and {row["retailer"] for row in rows} <= own
    else:
        names = {r.name for r in tiny_city.retailers if r.id in own}
        assert any(n in text for n in names)
        assert not [r.address for r in elsewhere if r.address in text]
    assert not outsiders(text, area_of, [accounts.lead_area])


def test_a_team_lead_may_not_ask_for_another_areas_routes(
    shared_api: Api, accounts: Accounts
) -> None:
    answer = shared_api.get(f"/api/routes?date={DAY}&area={accounts.other_area}", "lead")
    message = assert_error(answer, 403, "forbidden")
    assert accounts.other_area in message and "lead" in message
    mine = body(shared_api.get(f"/api/routes?date={DAY}&area={accounts.lead_area}", "lead"))
    assert mine


def test_routes_by_area_and_vehicle_are_those_trips_only(
    read: dict[tuple[str, str], Any], shared_api: Api, area_of: dict[str, str]
) -> None:
    city = read[("dispatcher", READS[0])]
    vehicle = city[0]["vehicle"]
    trips = body(shared_api.get(f"/api/routes?date={DAY}&vehicle={vehicle}", "dispatcher"))
    assert trips == [r for r in city if r["vehicle"] == vehicle]
    area = area_of[city[0]["stops"][0]["retailer"]]
    in_area = body(shared_api.get(f"/api/routes?date={DAY}&area={area}", "planner"))
    assert in_area and not outsiders(in_area, area_of, [area])


def test_the_dates_with_routes_and_each_routes_capacity_and_shift(
    read: dict[tuple[str, str], Any], shared_api: Api
) -> None:
    for user in ("dispatcher", "lead", "manager"):
        assert body(shared_api.get("/api/routes/dates", user)) == [DAY]
    assert_error(shared_api.get("/api/routes/dates", "viewer"), 403, "forbidden")
    for user in ("dispatcher", "lead"):
        routes = read[(user, READS[0])]
        assert all(r["capacity_cases"] >= r["load_cases"] > 0 for r in routes)
        assert {r["shift_min"] for r in routes} == {420}


def test_the_routes_json_is_written_as_every_answer_is(shared_api: Api) -> None:
    raw = shared_api.get(READS[0], "dispatcher").content
    assert raw == json.dumps(json.loads(raw), ensure_ascii=False, separators=(",", ":")).encode()


def test_a_date_without_routes_is_404(shared_api: Api) -> None:
    answer = shared_api.get("/api/routes?date=2027-01-04", "dispatcher")
    assert "2027-01-04" in assert_error(answer, 404, "not_found")


@pytest.mark.parametrize(
    "path",
    [
        "/api/routes",
        "/api/routes?date=tomorrow",
        f"/api/routes/export?date={DAY}&format=pdf",
        "/api/visits?week_of=2026-02-30",
        f"/api/visits?week_of={DAY}&working_days=8",
        f"/api/calls?date={DAY}&per_agent=0",
        f"/api/calls?date={DAY}&per_agent=1001",
    ],
)
def test_a_malformed_route_request_is_422(shared_api: Api, path: str) -> None:
    assert_error(shared_api.get(path, "dispatcher"), 422, "invalid_input")


@pytest.mark.parametrize("user", ["planner", "supervisor", "viewer", "lead", "manager"])
def test_only_a_dispatcher_or_admin_plans_routes(shared_api: Api, user: str) -> None:
    answer = shared_api.post("/api/routes/plan", user, json={"date": "2026-12-08"})
    message = assert_error(answer, 403, "forbidden")
    assert user in message and "plan_routes" in message
    assert body(shared_api.get("/api/jobs", user))["total"] == 0


@pytest.mark.parametrize(
    "plan",
    [
        {},
        {"date": "2026-12-08", "zone": 0},
        {"date": "2026-12-08", "time_limit_s": 0},
        {"date": "2026-12-08", "engine": "magic"},
    ],
)
def test_a_malformed_plan_is_422(shared_api: Api, plan: dict[str, object]) -> None:
    assert_error(shared_api.post("/api/routes/plan", "dispatcher", json=plan), 422, "invalid_input")


def test_a_dispatchers_plan_is_a_job_it_can_follow_and_cancel(shared_api: Api) -> None:
    answer = shared_api.post(
        "/api/routes/plan",
        "dispatcher",
        json={"date": "2026-12-08", "time_limit_s": 1, "dry_run": True},
    )
    assert answer.status_code == 202, answer.text
    job = answer.json()
    assert answer.headers["location"] == f"/api/jobs/{job['id']}"
    assert (job["kind"], job["owner"], job["state"]) == ("plan_routes", "dispatcher", "queued")
    assert job["params"]["date"] == "2026-12-08" and job["params"]["dry_run"] is True
    others = shared_api.get(f"/api/jobs/{job['id']}", "planner")
    assert "planner" in assert_error(others, 403, "forbidden")
    cancelled = shared_api.delete(f"/api/jobs/{job['id']}", "dispatcher")
    assert cancelled.status_code == 200, cancelled.text
    view = cancelled.json()
    assert view["state"] == "cancelled" or view["cancel_requested"] is True


def test_a_replan_is_a_dispatchers_job_that_reports_what_moved(
    shared_api: Api, read: dict[tuple[str, str], Any]
) -> None:
    routes = read[("dispatcher", READS[0])]
    frozen = routes[0]["vehicle"]
    plan = {"date": DAY, "freeze": [frozen], "time_limit_s": 1, "dry_run": True}
    for user in ("planner", "lead"):
        message = assert_error(
            shared_api.post("/api/routes/replan", user, json=plan), 403, "forbidden"
        )
        assert "replan_routes" in message
    answer = shared_api.post("/api/routes/replan", "dispatcher", json=plan)
    assert answer.status_code == 202, answer.text
    job = shared_api.wait_for_job(answer.json()["id"], "dispatcher")
    assert (job["kind"], job["state"]) == ("replan_routes", "done"), job
    result = job["result"]
    assert isinstance(result, dict) and result["frozen"] == [frozen]
    kept = sum(len(r["stops"]) for r in routes if r["vehicle"] == frozen)
    assert result["kept_stops"] == kept and result["plan"]["applied"] is False
    assert all(not m["before"].startswith(f"{frozen}/") for m in result["moved"])


@pytest.mark.parametrize(
    "plan",
    [
        {"date": DAY, "add": [{"retailer": "R1", "cases": 0}]},
        {"date": DAY, "add": [{"retailer": "R1", "cases": 1, "batch": "noon"}]},
        {"date": DAY, "freeze": [""]},
    ],
)
def test_a_malformed_replan_is_422(shared_api: Api, plan: dict[str, object]) -> None:
    answer = shared_api.post("/api/routes/replan", "dispatcher", json=plan)
    assert_error(answer, 422, "invalid_input")
