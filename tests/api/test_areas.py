"""``/api/areas``: the areas' metrics by scope (a viewer's without names), one area's team and
retailers, and its subgraph — never another area's retailers for a team lead."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.checks import ROLES, assert_error, body, outsiders, personal_data, retailers_in
from tests.api.live import ROUTE_DAY, Accounts, Api

SCOPED = {"lead": "lead_area", "lead2": "other_area", "manager": "lead_area"}
TEAM_ROLES = {"agent", "manager", "inspector", "driver"}
Metrics = dict[str, list[dict[str, Any]]]


@pytest.fixture(scope="module")
def metrics(shared_api: Api) -> Metrics:
    """Each account's area list (they take a while to compute: read once)."""
    return {user: body(shared_api.get("/api/areas", user)) for user in ROLES}


@pytest.mark.parametrize("user", ROLES)
def test_each_role_gets_the_metrics_of_the_areas_in_its_scope(
    metrics: Metrics, accounts: Accounts, user: str
) -> None:
    codes = [a["code"] for a in metrics[user]]
    if user in SCOPED:
        assert codes == [getattr(accounts, SCOPED[user])]
    else:
        assert codes == [f"A{i:02d}" for i in range(1, 21)]
    for area in metrics[user]:
        assert {t["role"] for t in area["team"]} == TEAM_ROLES
        assert isinstance(area["customers_deviation"], float)
        assert bool(area["members"]) == (user != "viewer")


def test_the_whole_citys_metrics_are_the_same_for_every_whole_city_role(
    metrics: Metrics,
) -> None:
    def figures(user: str) -> list[tuple[object, ...]]:
        return [(a["code"], a["customers"], a["volume"], a["workload"]) for a in metrics[user]]

    assert figures("viewer") == figures("planner") == figures("admin")
    assert sum(a["customers"] for a in metrics["viewer"]) == 240
    lead_row = next(a for a in metrics["admin"] if a["code"] == metrics["lead"][0]["code"])
    assert metrics["lead"][0] == lead_row


def test_a_viewers_metrics_name_no_one(metrics: Metrics, personal: frozenset[str]) -> None:
    assert personal_data(metrics["viewer"], personal) == []
    assert personal_data(metrics["admin"], personal) != []  # the check can see names


@pytest.mark.parametrize("user", ROLES)
def test_one_area_is_read_in_scope_only(
    shared_api: Api, accounts: Accounts, area_of: dict[str, str], user: str
) -> None:
    own = getattr(accounts, SCOPED[user]) if user in SCOPED else accounts.other_area
    for path in (f"/api/areas/{own}", f"/api/areas/{own}/graph"):
        answer = shared_api.get(path, user)
        if user == "viewer":
            assert "viewer" in assert_error(answer, 403, "forbidden")
            continue
        found = body(answer)
        assert found["code"] == own and found["lead"] is not None
        assert retailers_in(found, area_of) == {r for r, a in area_of.items() if a == own}
    if user in SCOPED:
        other = accounts.lead_area if user == "lead2" else accounts.other_area
        for path in (f"/api/areas/{other}", f"/api/areas/{other}/graph"):
            message = assert_error(shared_api.get(path, user), 403, "forbidden")
            assert other in message and user in message


def test_an_areas_graph_has_its_lead_its_team_and_its_routes_of_a_day(
    shared_api: Api, accounts: Accounts, area_of: dict[str, str]
) -> None:
    graph = body(shared_api.get(f"/api/areas/{accounts.lead_area}/graph", "lead"))
    assert graph["lead"] == accounts.lead_staff and set(graph["team"]) == TEAM_ROLES
    kinds = {n["kind"] for n in graph["nodes"]}
    assert kinds == {"area", "lead", "staff", "retailer"}
    nodes = {n["id"] for n in graph["nodes"]}
    assert all(e["source"] in nodes and e["target"] in nodes for e in graph["edges"])
    dated = body(shared_api.get(f"/api/areas/{accounts.lead_area}/graph?date={ROUTE_DAY}", "lead"))
    routes = [n for n in dated["nodes"] if n["kind"] == "route"]
    assert routes and dated["counts"]["routes"] == len(routes)
    stops = [e["target"] for e in dated["edges"] if e["kind"] == "stop"]
    assert stops and not outsiders(stops, area_of, [accounts.lead_area])
    assert not outsiders(dated, area_of, [accounts.lead_area])


@pytest.mark.parametrize(("user", "status"), [("admin", 404), ("planner", 404), ("lead", 403)])
def test_an_unknown_area_is_404_for_the_whole_city_and_403_for_a_team_lead(
    shared_api: Api, user: str, status: int
) -> None:
    kind = "not_found" if status == 404 else "forbidden"
    for path in ("/api/areas/A99", "/api/areas/A99/graph"):
        assert "A99" in assert_error(shared_api.get(path, user), status, kind)


@pytest.mark.parametrize(
    "path",
    [
        "/api/areas/A01/graph?date=07-12-2026",
        "/api/areas/A01/graph?date=2026-13-01",
        "/api/areas/" + "A" * 33,
    ],
)
def test_a_malformed_area_request_is_422(shared_api: Api, path: str) -> None:
    assert_error(shared_api.get(path, "admin"), 422, "invalid_input")
