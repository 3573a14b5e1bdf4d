"""``/api/staff/{employee_no}``: what a person serves, as each role may see it — a team lead
only the person's work in their own areas, a viewer nothing."""

from __future__ import annotations

import pytest

from tests.api.checks import ROLES, assert_error, body, outsiders, personal_data
from tests.api.live import Accounts, Api

AGENT, DRIVER, OTHER_INSPECTOR = "HF0021", "HF0042", "HF0023"
"""The city's one agent (every area), a driver of A01–A12, the inspector of A02 only."""


@pytest.mark.parametrize("user", ROLES)
def test_a_team_members_profile_is_read_by_every_role_that_sees_their_area(
    shared_api: Api, accounts: Accounts, area_of: dict[str, str], user: str
) -> None:
    answer = shared_api.get(f"/api/staff/{accounts.lead_staff}", user)
    if user in ("viewer", "lead2"):
        message = assert_error(answer, 403, "forbidden")
        assert user in message and (user == "viewer" or accounts.lead_staff in message)
        return
    profile = body(answer)
    assert profile["employee_no"] == accounts.lead_staff
    assert profile["lead_of"] == [accounts.lead_area]
    own = sorted(r for r, a in area_of.items() if a == accounts.lead_area)
    assert profile["retailers"]["items"] == own and profile["retailers"]["total"] == len(own)


@pytest.mark.parametrize(("person", "user"), [(AGENT, "lead"), (DRIVER, "lead"), (AGENT, "lead2")])
def test_a_team_lead_sees_only_the_part_of_a_persons_work_in_their_area(
    shared_api: Api, accounts: Accounts, area_of: dict[str, str], person: str, user: str
) -> None:
    area = accounts.lead_area if user == "lead" else accounts.other_area
    scoped = body(shared_api.get(f"/api/staff/{person}?limit=1000", user))
    whole = body(shared_api.get(f"/api/staff/{person}?limit=1000", "admin"))
    assert [a["code"] for a in scoped["areas"]] == [area] and scoped["partial"] is True
    assert len(whole["areas"]) > 1 and whole["partial"] is False
    assert scoped["retailers"]["items"] == sorted(r for r, a in area_of.items() if a == area)
    assert not outsiders(scoped, area_of, [area])
    assert whole["retailers"]["total"] > scoped["retailers"]["total"]
    for route in scoped["routes"]:
        assert area in route["areas"]


def test_a_person_of_another_area_only_is_refused_to_a_team_lead(shared_api: Api) -> None:
    message = assert_error(
        shared_api.get(f"/api/staff/{OTHER_INSPECTOR}", "lead"), 403, "forbidden"
    )
    assert OTHER_INSPECTOR in message and "lead" in message
    assert body(shared_api.get(f"/api/staff/{OTHER_INSPECTOR}", "dispatcher"))["areas"]


@pytest.mark.parametrize(("user", "status"), [("admin", 404), ("supervisor", 404), ("lead", 403)])
def test_an_unknown_person_is_404_for_the_whole_city_and_403_for_a_team_lead(
    shared_api: Api, user: str, status: int
) -> None:
    kind = "not_found" if status == 404 else "forbidden"
    assert "HF9999" in assert_error(shared_api.get("/api/staff/HF9999", user), status, kind)


def test_the_retailers_a_person_serves_come_in_pages(shared_api: Api) -> None:
    whole = body(shared_api.get(f"/api/staff/{AGENT}?limit=1000", "planner"))["retailers"]
    page = body(shared_api.get(f"/api/staff/{AGENT}?offset=5&limit=5", "planner"))["retailers"]
    assert page["items"] == whole["items"][5:10] and page["total"] == whole["total"] == 240
    assert_error(shared_api.get(f"/api/staff/{AGENT}?limit=0", "planner"), 422, "invalid_input")


def test_a_viewer_gets_no_profile_and_the_refusal_names_no_one(
    shared_api: Api, personal: frozenset[str]
) -> None:
    for person in (AGENT, DRIVER, "HF9999"):
        message = assert_error(shared_api.get(f"/api/staff/{person}", "viewer"), 403, "forbidden")
        assert personal_data(message, personal) == []
