"""A staff member's profile: areas and roles, retailers served, routes driven, load; by scope."""

from __future__ import annotations

from collections import Counter

import pytest

from graph.errors import Forbidden, NotFound
from graph.page import PageRequest
from graph.principal import LOCAL_ADMIN, AccountRole, Principal
from graph.queries import Query
from graph.service.staff import staff_profile
from graph.session import Session
from seeds.city import City
from tests.graph.service.conftest import ROUTED_DAY


def test_a_managers_profile_lists_their_area_lead_role_and_own_retailers(
    city_session: Session, tiny_city: City, first_area: str
) -> None:
    lead = tiny_city.staffing.leads[first_area]
    profile = staff_profile(city_session, LOCAL_ADMIN, lead, page=PageRequest(0, 1000))
    own = sorted(r for r, m in tiny_city.staffing.manager_of.items() if m == lead)
    assert (profile.role, profile.role_zh) == ("manager", "客户经理")
    assert [(a.code, a.role, a.lead) for a in profile.areas] == [(first_area, "manager", True)]
    assert profile.lead_of == (first_area,)
    assert list(profile.retailers.items) == own and profile.retailers.total == len(own)
    # unclassified retailers count one visit a week each (DesignParams.default_visits_per_week)
    assert (profile.load.retailers, profile.load.amount) == (len(own), float(len(own)))
    assert profile.load.capacity == 210.0 and profile.load.unit == "visits a week"
    assert profile.partial is False


def test_an_inspector_serves_every_retailer_of_their_areas(
    city_session: Session, tiny_city: City
) -> None:
    inspector, area, _ = next(m for m in tiny_city.staffing.members if m[2].value == "inspector")
    profile = staff_profile(city_session, LOCAL_ADMIN, inspector, page=PageRequest(0, 1000))
    ids = sorted(r for r, a in tiny_city.retailer_area.items() if a == area)
    assert list(profile.retailers.items) == ids
    assert profile.load.amount == len(ids) and profile.load.capacity == 400.0


def test_the_retailers_come_a_page_at_a_time(
    city_session: Session, tiny_city: City, first_area: str
) -> None:
    lead = tiny_city.staffing.leads[first_area]
    whole = staff_profile(city_session, LOCAL_ADMIN, lead, page=PageRequest(0, 1000)).retailers
    page = staff_profile(city_session, LOCAL_ADMIN, lead, page=PageRequest(2, 3)).retailers
    assert page.items == whole.items[2:5] and page.total == whole.total


def test_a_driver_profile_lists_the_routes_of_the_latest_planned_date(
    routed_city: Session,
) -> None:
    rows = routed_city.read(Query.ROUTES_OF_DATE, date=ROUTED_DAY)
    stops = Counter((str(r["route"]), str(r["driver"])) for r in rows)
    driver = str(rows[0]["driver"])
    profile = staff_profile(routed_city, LOCAL_ADMIN, driver)
    assert profile.routes_date == ROUTED_DAY
    assert {(r.route, r.stops) for r in profile.routes} == {
        (route, n) for (route, d), n in stops.items() if d == driver
    }
    assert all(r.areas and r.vehicle for r in profile.routes)


def test_a_team_lead_sees_its_own_team_but_nobody_else(
    city_session: Session, tiny_city: City, team_lead: Principal, first_area: str
) -> None:
    agent = next(
        p for p, a, r in tiny_city.staffing.members if a == first_area and r.value == "agent"
    )
    profile = staff_profile(city_session, team_lead, agent)
    assert [a.code for a in profile.areas] == [first_area]
    assert profile.partial is True  # the city's one agent serves every area
    assert set(profile.retailers.items) <= {
        r for r, a in tiny_city.retailer_area.items() if a == first_area
    }
    other = tiny_city.staffing.leads["A02"]
    for employee_no in (other, "HF9999"):
        with pytest.raises(Forbidden, match=f"staff member {employee_no} is not in the areas"):
            staff_profile(city_session, team_lead, employee_no)


def test_an_unknown_person_is_not_found_and_a_viewer_sees_no_profile(
    city_session: Session, tiny_city: City
) -> None:
    with pytest.raises(NotFound, match="staff member HF9999 not found"):
        staff_profile(city_session, LOCAL_ADMIN, "HF9999")
    with pytest.raises(Forbidden, match="may not read a staff member's profile"):
        staff_profile(
            city_session, Principal("v", AccountRole.VIEWER), tiny_city.staff[0].employee_no
        )
