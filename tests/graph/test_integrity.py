"""The integrity check passes on a generated city and names what breaks."""

from __future__ import annotations

from datetime import date

from graph.integrity import check_graph
from graph.queries import Query
from graph.repository import get_retailer, graph_stats, retailer_team, show_area
from graph.store import GraphStore
from seeds.city import City


def _failed(store: GraphStore) -> set[str]:
    return {c.name for c in check_graph(store).checks if not c.ok}


def test_a_generated_city_passes_every_check(seeded_store: GraphStore, tiny_city: City) -> None:
    assert _failed(seeded_store) == set()
    stats = graph_stats(seeded_store)
    assert stats["nodes"]["Retailer"] == len(tiny_city.retailers)
    assert stats["relationships"]["IN_AREA"] == len(tiny_city.retailers)


def test_a_retailer_without_area_is_reported(seeded_store: GraphStore, tiny_city: City) -> None:
    rid = tiny_city.retailers[0].id
    seeded_store.write(
        Query.UPSERT_RETAILERS,
        [{"id": "X1", **{k: v for k, v in get_retailer(seeded_store, rid).items() if k != "id"}}],
    )
    report = check_graph(seeded_store)
    memberships = next(c for c in report.checks if c.name == "retailer_memberships")
    assert memberships.violations == 1 and memberships.examples[0]["id"] == "X1"
    assert not report.ok


def test_a_second_lead_is_reported(seeded_store: GraphStore, tiny_city: City) -> None:
    area = tiny_city.areas[0].code
    other = next(
        p
        for p, a, _ in tiny_city.staffing.members
        if a == area and p != tiny_city.staffing.leads[area]
    )
    seeded_store.write(Query.LINK_AREA_LEADS, [{"src": other, "dst": area}])
    assert _failed(seeded_store) == {"area_leads"}


def test_a_team_without_inspector_is_reported(seeded_store: GraphStore, tiny_city: City) -> None:
    area = tiny_city.areas[1].code
    inspectors = [
        p for p, a, r in tiny_city.staffing.members if a == area and r.value == "inspector"
    ]
    seeded_store.write(Query.UNLINK_TEAM_MEMBERS, [{"src": p} for p in inspectors])
    assert "area_roles" in _failed(seeded_store)


def test_area_view_has_team_lead_retailers_and_neighbours(
    seeded_store: GraphStore, tiny_city: City
) -> None:
    area = tiny_city.areas[2].code
    view = show_area(seeded_store, area)
    assert view.lead == tiny_city.staffing.leads[area]
    assert sum(1 for m in view.team if m.lead) == 1
    assert {m.role for m in view.team} == {"agent", "manager", "inspector", "driver"}
    assert len(view.retailers) == sum(1 for a in tiny_city.retailer_area.values() if a == area)
    expected = {b if a == area else a for a, b in tiny_city.area_adjacency if area in (a, b)}
    assert {n["code"] for n in view.neighbours} == expected


def test_who_serves_a_retailer_names_its_own_manager_and_agent(
    seeded_store: GraphStore, tiny_city: City
) -> None:
    rid = tiny_city.retailers[5].id
    team = retailer_team(seeded_store, rid)
    roles = {m["role"] for m in team["team"]}
    assert roles == {"agent", "manager", "inspector", "driver"}
    ids = {m["employee_no"] for m in team["team"]}
    assert tiny_city.staffing.manager_of[rid] in ids
    assert tiny_city.staffing.agent_of[rid] in ids


def test_retailer_fields_round_trip(seeded_store: GraphStore, tiny_city: City) -> None:
    original = tiny_city.retailers[3]
    stored = get_retailer(seeded_store, original.id)
    assert stored["licence_issue_date"] == original.licence_issue_date
    assert isinstance(stored["licence_issue_date"], date)
    assert stored["business_format"] == original.business_format.value
    assert stored["lon"] == original.lon
