"""``/api/retailers``: who reads which retailers (a team lead and a staff member only their
areas', a viewer none), one record, who serves it, the export, and governed edits."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from seeds.city import City
from tests.api.checks import ROLES, assert_error, body, outsiders, retailers_in
from tests.api.live import Accounts, Api

READERS = [r for r in ROLES if r != "viewer"]
TEAM_ROLES = {"agent", "manager", "inspector", "driver"}
SCOPED = {"lead": "lead_area", "lead2": "other_area", "manager": "lead_area"}
"""Accounts scoped to one area, and which of `Accounts` it is."""


def _own(accounts: Accounts, user: str) -> str:
    return str(getattr(accounts, SCOPED[user]))


def _first(area_of: dict[str, str], area: str) -> str:
    return min(r for r, a in area_of.items() if a == area)


@pytest.mark.parametrize("user", READERS)
def test_every_reader_lists_exactly_the_retailers_of_its_scope(
    shared_api: Api, accounts: Accounts, area_of: dict[str, str], user: str
) -> None:
    page = body(shared_api.get("/api/retailers?limit=1000", user))
    ids = [r["id"] for r in page["items"]]
    expected = sorted(
        r for r, a in area_of.items() if user not in SCOPED or a == _own(accounts, user)
    )
    assert ids == expected and page["total"] == len(expected)
    assert not outsiders(
        page, area_of, [_own(accounts, user)] if user in SCOPED else area_of.values()
    )


def test_a_team_leads_filters_and_search_never_reach_another_area(
    shared_api: Api, accounts: Accounts, area_of: dict[str, str], tiny_city: City
) -> None:
    other = _first(area_of, accounts.other_area)
    own = _first(area_of, accounts.lead_area)
    names = {r.id: r.name for r in tiny_city.retailers}
    for query in (
        f"q={other}",
        f"q={names[other]}",
        "tier=1",
        "zone=1",
        "zone=2",
        "zone=3",
        "value_segment=core",
        "lifecycle=established",
        "district=340102",
    ):
        page = body(shared_api.get(f"/api/retailers?{query}&limit=1000", "lead"))
        assert not outsiders(page, area_of, [accounts.lead_area]), query
    found = body(shared_api.get(f"/api/retailers?q={names[own]}", "lead"))
    assert own in retailers_in(found, area_of)
    refused = shared_api.get(f"/api/retailers?area={accounts.other_area}", "lead")
    message = assert_error(refused, 403, "forbidden")
    assert accounts.other_area in message and "lead" in message
    assert other not in refused.text


def test_a_viewer_reads_no_retailer_record(
    shared_api: Api, area_of: dict[str, str], personal: frozenset[str]
) -> None:
    rid = min(area_of)
    for path in (
        "/api/retailers",
        f"/api/retailers/{rid}",
        f"/api/retailers/{rid}/team",
        "/api/retailers/export?format=json",
    ):
        message = assert_error(shared_api.get(path, "viewer"), 403, "forbidden")
        assert "viewer" in message and not any(p in message for p in personal)


@pytest.mark.parametrize("user", READERS)
def test_one_record_and_its_team_in_scope_are_read_and_others_refused(
    shared_api: Api, accounts: Accounts, area_of: dict[str, str], user: str
) -> None:
    own = _first(area_of, _own(accounts, user) if user in SCOPED else accounts.other_area)
    profile = body(shared_api.get(f"/api/retailers/{own}", user))
    assert profile["id"] == own
    labels = {
        f["field"]: (f["label_zh"], f["label_en"]) for g in profile["fields"].values() for f in g
    }
    assert labels["licence_no"] == ("专卖许可证号", "monopoly licence number")
    assert {"tier", "value_segment"} <= set(profile["classes"])
    assert profile["team"]["area"] == area_of[own]
    team = body(shared_api.get(f"/api/retailers/{own}/team", user))
    assert {m["role"] for m in team["team"]} == TEAM_ROLES
    if user in SCOPED:
        other = _first(area_of, accounts.other_area if user != "lead2" else accounts.lead_area)
        for path in (f"/api/retailers/{other}", f"/api/retailers/{other}/team"):
            message = assert_error(shared_api.get(path, user), 403, "forbidden")
            assert other in message and user in message


@pytest.mark.parametrize(("user", "status"), [("admin", 404), ("dispatcher", 404), ("lead", 403)])
def test_an_unknown_retailer_is_404_for_the_whole_city_and_403_for_a_scoped_reader(
    shared_api: Api, user: str, status: int
) -> None:
    kind = "not_found" if status == 404 else "forbidden"
    assert "R-NOPE" in assert_error(shared_api.get("/api/retailers/R-NOPE", user), status, kind)


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_a_team_leads_export_holds_their_area_only(
    shared_api: Api, accounts: Accounts, area_of: dict[str, str], fmt: str
) -> None:
    answer = shared_api.get(f"/api/retailers/export?format={fmt}", "lead")
    assert answer.status_code == 200, answer.text
    assert f"retailers.{fmt}" in answer.headers["content-disposition"]
    if fmt == "csv":
        ids = {row["id"] for row in csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig")))}
    elif fmt == "json":
        ids = {row["id"] for row in json.loads(answer.content)}
    else:
        rows = load_workbook(io.BytesIO(answer.content), read_only=True).active.iter_rows(
            values_only=True
        )
        column = next(rows).index("id")
        ids = {str(row[column]) for row in rows}
    assert ids == {r for r, a in area_of.items() if a == accounts.lead_area}


@pytest.mark.parametrize(
    "query",
    ["limit=0", "limit=1001", "offset=-1", "tier=abc", "zone=10", "q=" + "x" * 101],
)
def test_a_malformed_list_query_is_422_naming_the_parameter(shared_api: Api, query: str) -> None:
    message = assert_error(shared_api.get(f"/api/retailers?{query}", "admin"), 422, "invalid_input")
    assert query.split("=")[0] in message


def test_an_export_in_an_unknown_format_is_422(shared_api: Api) -> None:
    answer = shared_api.get("/api/retailers/export?format=pdf", "admin")
    assert "format" in assert_error(answer, 422, "invalid_input")


@pytest.mark.parametrize(
    ("user", "outcome"),
    [
        ("supervisor", "applied"),
        ("admin", "applied"),
        ("lead", "requested"),
        ("manager", "requested"),
        ("planner", 403),
        ("dispatcher", 403),
        ("viewer", 403),
    ],
)
def test_an_edit_applies_or_is_requested_by_role(
    shared_api: Api, accounts: Accounts, area_of: dict[str, str], user: str, outcome: object
) -> None:
    rid = sorted(r for r, a in area_of.items() if a == accounts.lead_area)[1]
    answer = shared_api.patch(
        f"/api/retailers/{rid}", user, json={"changes": {"display_form": f"货架-{user}"}}
    )
    if outcome == 403:
        assert user in assert_error(answer, 403, "forbidden")
        return
    [done] = body(answer)
    assert done["retailer_id"] == rid and done["new"] == f"货架-{user}"
    fields = body(shared_api.get(f"/api/retailers/{rid}", "admin"))["fields"]
    value = {f["field"]: f["value"] for g in fields.values() for f in g}["display_form"]
    if outcome == "applied":
        assert done["id"].startswith("AU-") and value == f"货架-{user}"
    else:
        assert done["id"].startswith("CR-") and done["status"] == "pending"
        assert value != f"货架-{user}"


@pytest.mark.parametrize(("field", "owner"), [("lon", "driver"), ("name", "inspector")])
def test_a_staff_member_may_not_edit_a_field_another_role_owns(
    shared_api: Api, accounts: Accounts, area_of: dict[str, str], field: str, owner: str
) -> None:
    rid = _first(area_of, accounts.lead_area)
    answer = shared_api.patch(f"/api/retailers/{rid}", "manager", json={"changes": {field: "1"}})
    message = assert_error(answer, 403, "forbidden")
    assert field in message and owner in message


def test_a_team_lead_may_not_edit_another_areas_retailer(
    shared_api: Api, accounts: Accounts, area_of: dict[str, str]
) -> None:
    other = _first(area_of, accounts.other_area)
    answer = shared_api.patch(
        f"/api/retailers/{other}", "lead", json={"changes": {"phone": "13800000000"}}
    )
    assert other in assert_error(answer, 403, "forbidden")
    profile = body(shared_api.get(f"/api/retailers/{other}", "admin"))
    assert profile["pending_change_requests"] == []


@pytest.mark.parametrize(
    ("changes", "status", "kind", "says"),
    [
        ({"display_form": "柜台", "nosuch": "1"}, 422, "invalid_input", "nosuch"),
        ({"display_form": "柜台", "phone": "12"}, 422, "invalid_input", "phone"),
        ({"display_form": "柜台", "lon": "200"}, 422, "invalid_input", "136"),
        ({"display_form": "柜台", "floor_area_m2": "many"}, 422, "invalid_input", "floor_area_m2"),
        ({"display_form": "柜台", "tier": "3"}, 403, "forbidden", "derived"),
        ({"display_form": "柜台", "id": "X"}, 403, "forbidden", "key"),
        ({}, 422, "invalid_input", "changes"),
    ],
)
def test_an_edit_with_a_bad_field_or_value_is_refused_before_anything_is_written(
    shared_api: Api,
    area_of: dict[str, str],
    changes: dict[str, str],
    status: int,
    kind: str,
    says: str,
) -> None:
    rid = max(area_of)
    before = body(shared_api.get(f"/api/retailers/{rid}", "admin"))
    answer = shared_api.patch(f"/api/retailers/{rid}", "supervisor", json={"changes": changes})
    assert says in assert_error(answer, status, kind)
    assert body(shared_api.get(f"/api/retailers/{rid}", "admin")) == before


def test_an_edit_of_an_unknown_retailer_is_404(shared_api: Api) -> None:
    answer = shared_api.patch(
        "/api/retailers/R-NOPE", "supervisor", json={"changes": {"display_form": "柜台"}}
    )
    assert "R-NOPE" in assert_error(answer, 404, "not_found")
