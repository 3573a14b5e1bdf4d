"""Areas in scope: a team lead sees its own, a viewer every area's counts, nobody else's team."""

from __future__ import annotations

import pytest

from graph.errors import Forbidden, NotFound
from graph.principal import LOCAL_ADMIN, AccountRole, Principal
from graph.service.areas import list_areas, show_area
from graph.service.principals import retailer_principal
from graph.session import Session
from seeds.city import City


def test_whole_city_roles_list_every_area_with_its_retailers(
    city_session: Session, tiny_city: City
) -> None:
    for principal in (LOCAL_ADMIN, Principal("v", AccountRole.VIEWER)):
        areas = list_areas(city_session, principal)
        assert [a.code for a in areas] == sorted(a.code for a in tiny_city.areas)
        assert sum(a.retailers for a in areas) == len(tiny_city.retailers)


def test_a_team_lead_lists_only_its_areas(
    city_session: Session, team_lead: Principal, tiny_city: City, first_area: str
) -> None:
    [area] = list_areas(city_session, team_lead)
    assert area.code == first_area
    assert area.retailers == sum(a == first_area for a in tiny_city.retailer_area.values())


def test_a_retailer_lists_no_area(city_session: Session, tiny_city: City) -> None:
    me = retailer_principal(city_session, tiny_city.retailers[0].id)
    assert list_areas(city_session, me) == ()


def test_area_view_has_team_lead_retailers_and_neighbours(
    city_session: Session, tiny_city: City, team_lead: Principal, first_area: str
) -> None:
    view = show_area(city_session, team_lead, first_area)
    assert view.lead == tiny_city.staffing.leads[first_area] == team_lead.staff
    assert sum(1 for m in view.team if m.lead) == 1
    assert [m.role for m in view.team] == sorted(
        (m.role for m in view.team), key=["agent", "manager", "inspector", "driver"].index
    )
    assert {m.role for m in view.team} == {"agent", "manager", "inspector", "driver"}
    ids = sorted(r for r, a in tiny_city.retailer_area.items() if a == first_area)
    assert [r.id for r in view.retailers] == ids
    assert view.counts["retailers"] == len(ids)
    assert all(r.manager == tiny_city.staffing.manager_of[r.id] for r in view.retailers)
    expected = {
        b if a == first_area else a for a, b in tiny_city.area_adjacency if first_area in (a, b)
    }
    assert {n.code for n in view.neighbours} == expected


def test_an_area_outside_the_scope_is_forbidden_whether_or_not_it_exists(
    city_session: Session, team_lead: Principal
) -> None:
    for code in ("A02", "A99"):
        with pytest.raises(Forbidden, match=rf"area {code} is not in the areas of HF0001 \(A01\)"):
            show_area(city_session, team_lead, code)


def test_an_unknown_area_is_not_found_for_the_whole_city(city_session: Session) -> None:
    with pytest.raises(NotFound, match="area A99 not found"):
        show_area(city_session, LOCAL_ADMIN, "A99")


def test_a_viewer_may_not_see_an_areas_team(city_session: Session) -> None:
    with pytest.raises(Forbidden, match="may not read an area's team"):
        show_area(city_session, Principal("v", AccountRole.VIEWER), "A01")
