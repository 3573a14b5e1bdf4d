"""If a staff member leaves: the areas, retailers and routes that lose them, and who could
cover, ranked; by scope."""

from __future__ import annotations

from collections import Counter

import pytest

from graph.errors import Forbidden, NotFound
from graph.model import Role
from graph.principal import LOCAL_ADMIN, AccountRole, Principal
from graph.queries import Query
from graph.service.impact import staff_impact
from graph.session import Session
from seeds.city import City
from tests.graph.service.conftest import ROUTED_DAY


def _members(city: City, role: Role) -> dict[str, set[str]]:
    """Each person of `role` and the areas they serve in it."""
    out: dict[str, set[str]] = {}
    for person, area, r in city.staffing.members:
        if r is role:
            out.setdefault(person, set()).add(area)
    return out


def _adjacent(city: City, area: str) -> set[str]:
    return {b if a == area else a for a, b in city.area_adjacency if area in (a, b)}


def test_a_lone_managers_leaving_uncovers_the_area_and_ranks_neighbours_by_load(
    city_session: Session, tiny_city: City, first_area: str
) -> None:
    lead = tiny_city.staffing.leads[first_area]
    impact = staff_impact(city_session, LOCAL_ADMIN, lead)
    own = sorted(r for r, m in tiny_city.staffing.manager_of.items() if m == lead)
    [area] = impact.areas
    # tiny_city's areas have one manager each: nobody is left, and the lead goes too
    assert (area.area, area.role, area.remaining, area.uncovered, area.loses_lead) == (
        first_area,
        "manager",
        (),
        True,
        True,
    )
    [lost] = impact.retailers
    assert (lost.ids, lost.via_area, lost.still_served) == (tuple(own), False, False)
    managers = _members(tiny_city, Role.MANAGER)
    nearby = {p for p, areas in managers.items() if areas & _adjacent(tiny_city, first_area)}
    assert {c.employee_no for c in impact.candidates} == nearby
    visits = Counter(tiny_city.staffing.manager_of.values())
    for c in impact.candidates:
        assert (c.role, c.same_area, c.covers) == ("manager", False, (first_area,))
        assert c.load.amount == visits[c.employee_no]  # unclassified: one visit a week each
        assert c.spare == 210 - visits[c.employee_no]
        assert c.utilisation_after == round((visits[c.employee_no] + len(own)) / 210, 3)
    after = [c.utilisation_after for c in impact.candidates]
    assert after == sorted(after)
    assert impact.spare_same_area == 0
    assert impact.spare_nearby == sum(c.spare for c in impact.candidates)


def test_colleagues_in_the_same_area_come_before_neighbours(
    city_session: Session, tiny_city: City
) -> None:
    drivers = _members(tiny_city, Role.DRIVER)
    person = next(p for p, areas in sorted(drivers.items()) if areas)
    impact = staff_impact(city_session, LOCAL_ADMIN, person)
    same = [c.same_area for c in impact.candidates]
    assert same == sorted(same, reverse=True)
    for c in impact.candidates:
        assert c.same_area == bool(drivers[c.employee_no] & drivers[person])
        assert c.role == "driver" and c.load.unit == "cases a zone-day"
    for loss in impact.areas:
        others = {p for p, areas in drivers.items() if loss.area in areas} - {person}
        assert loss.remaining == tuple(sorted(others)) and loss.uncovered == (not others)
    for lost in impact.retailers:
        assert lost.via_area and lost.ids == ()
        assert lost.retailers == sum(a == lost.area for a in tiny_city.retailer_area.values())


def test_a_colleague_in_the_same_area_ranks_first_even_when_busier(
    seeded_session: Session, tiny_city: City
) -> None:
    """A second manager joins A10 with 3 of its retailers and all of A12's (not adjacent),
    so they are busier than any neighbour but still the first to ask."""
    lead = tiny_city.staffing.leads["A10"]
    ids = {
        a: sorted(r for r, x in tiny_city.retailer_area.items() if x == a) for a in ("A10", "A12")
    }
    taken = ids["A10"][:3] + ids["A12"]
    seeded_session.write(
        Query.UPSERT_STAFF,
        [{"employee_no": "HF0900", "name": "新同事", "phone": "13900000000", "role": "manager"}],
    )
    seeded_session.write(
        Query.LINK_TEAM_MEMBERS, [{"src": "HF0900", "dst": "A10", "role": "manager"}]
    )
    seeded_session.write(Query.SET_RETAILER_MANAGERS, [{"src": r, "dst": "HF0900"} for r in taken])
    impact = staff_impact(seeded_session, LOCAL_ADMIN, lead)
    [area] = impact.areas
    assert (area.remaining, area.uncovered, area.loses_lead) == (("HF0900",), False, True)
    [lost] = impact.retailers
    assert lost.still_served and set(lost.ids) == set(ids["A10"]) - set(taken)
    first, *rest = impact.candidates
    assert (first.employee_no, first.same_area, first.load.retailers) == (
        "HF0900",
        True,
        len(taken),
    )
    assert rest and all(not c.same_area for c in rest)
    assert all(c.utilisation_after < first.utilisation_after for c in rest)
    assert impact.spare_same_area == 210 - len(taken)


def test_an_agents_retailers_are_listed_per_area(city_session: Session, tiny_city: City) -> None:
    agent = next(iter(_members(tiny_city, Role.AGENT)))
    impact = staff_impact(city_session, LOCAL_ADMIN, agent)
    expected: dict[str, list[str]] = {}
    for r, a in sorted(tiny_city.staffing.agent_of.items()):
        if a == agent:
            expected.setdefault(tiny_city.retailer_area[r], []).append(r)
    assert {lost.area: list(lost.ids) for lost in impact.retailers} == expected
    assert impact.load.unit == "calls a zone-day" and impact.load.capacity == 140


def test_a_drivers_routes_of_the_latest_date_are_lost(routed_city: Session) -> None:
    rows = routed_city.read(Query.ROUTES_OF_DATE, date=ROUTED_DAY)
    driver = str(rows[0]["driver"])
    mine = Counter(str(r["route"]) for r in rows if r["driver"] == driver)
    impact = staff_impact(routed_city, LOCAL_ADMIN, driver)
    assert impact.routes_date == ROUTED_DAY
    assert {r.route: r.stops for r in impact.routes} == dict(mine)


def test_a_team_lead_sees_only_its_areas_of_a_person(
    city_session: Session, tiny_city: City, team_lead: Principal, first_area: str
) -> None:
    agent = next(iter(_members(tiny_city, Role.AGENT)))
    impact = staff_impact(city_session, team_lead, agent)
    assert [a.area for a in impact.areas] == [first_area] and impact.partial is True
    assert {lost.area for lost in impact.retailers} == {first_area}
    assert all(set(c.areas) & {first_area} for c in impact.candidates)
    with pytest.raises(Forbidden, match="is not in the areas of"):
        staff_impact(city_session, team_lead, tiny_city.staffing.leads["A02"])


@pytest.mark.parametrize(
    "principal",
    [
        Principal("v", AccountRole.VIEWER),
        Principal("s", AccountRole.STAFF, areas=frozenset({"A01"})),
    ],
)
def test_viewers_and_staff_may_not_ask(
    city_session: Session, tiny_city: City, principal: Principal
) -> None:
    with pytest.raises(Forbidden, match="may not see the impact of a staff member leaving"):
        staff_impact(city_session, principal, tiny_city.staffing.leads["A01"])


def test_an_unknown_person_is_not_found(city_session: Session) -> None:
    with pytest.raises(NotFound, match="staff member HF9999 not found"):
        staff_impact(city_session, Principal("p", AccountRole.PLANNER), "HF9999")
