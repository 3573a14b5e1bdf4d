"""An area's graph: lead, team, retailers, neighbours and a day's routes, placed; by scope."""

from __future__ import annotations

from collections import Counter

import pytest

from graph.errors import Forbidden, NotFound
from graph.layout_cache import LayoutCache
from graph.principal import LOCAL_ADMIN, AccountRole, Principal
from graph.queries import Query
from graph.service.area_graph import AreaGraph, area_graph
from graph.session import Session
from seeds.city import City
from tests.graph.service.conftest import ROUTED_DAY


def _by_kind(graph: AreaGraph) -> Counter[str]:
    return Counter(n.kind for n in graph.nodes)


def test_the_graph_holds_lead_team_retailers_and_neighbours(
    city_session: Session, tiny_city: City, team_lead: Principal, first_area: str
) -> None:
    graph = area_graph(city_session, team_lead, first_area, layouts=LayoutCache())
    members = {(p, r.value) for p, a, r in tiny_city.staffing.members if a == first_area}
    retailers = sorted(r for r, a in tiny_city.retailer_area.items() if a == first_area)
    neighbours = {
        b if a == first_area else a for a, b in tiny_city.area_adjacency if first_area in (a, b)
    }
    lead = tiny_city.staffing.leads[first_area]
    assert graph.lead == lead == team_lead.staff
    assert {(p, role) for role, people in graph.team.items() for p in people} == members
    assert set(graph.team) == {"agent", "manager", "inspector", "driver"}
    nodes = {n.id: n for n in graph.nodes}
    assert len(nodes) == len(graph.nodes)  # each node once
    assert nodes[f"staff:{lead}"].kind == "lead" and nodes[f"staff:{lead}"].role == "manager"
    assert {n.id.removeprefix("staff:") for n in graph.nodes if n.kind in ("lead", "staff")} == {
        p for p, _ in members
    }
    assert [n.id for n in graph.nodes if n.kind == "retailer"] == [
        f"retailer:{r}" for r in retailers
    ]
    assert {n.id for n in graph.nodes if n.kind == "area"} == {
        f"area:{a}" for a in (*neighbours, first_area)
    }
    assert graph.counts == {
        "retailers": len(retailers),
        "neighbours": len(neighbours),
        "routes": 0,
        **Counter(role for _, role in members),
    }
    records = {str(r["id"]): r for r in city_session.read(Query.RETAILERS, keys=retailers)}
    for n in graph.nodes:
        assert -1 <= n.x <= 1 and -1 <= n.y <= 1
        if n.kind == "retailer":
            record = records[n.id.removeprefix("retailer:")]
            assert (n.label, n.tier, n.value_segment) == (
                record["name"],
                record["tier"],
                record["value_segment"] or None,
            )


def test_each_retailer_links_to_its_own_manager_and_agent(
    city_session: Session, tiny_city: City, first_area: str
) -> None:
    graph = area_graph(city_session, LOCAL_ADMIN, first_area, layouts=LayoutCache())
    edges = {(e.source, e.kind): e.target for e in graph.edges}
    for r, a in tiny_city.retailer_area.items():
        if a == first_area:
            assert (
                edges[(f"retailer:{r}", "managed_by")]
                == f"staff:{tiny_city.staffing.manager_of[r]}"
            )
            assert (
                edges[(f"retailer:{r}", "called_by")] == f"staff:{tiny_city.staffing.agent_of[r]}"
            )
    kinds = Counter(e.kind for e in graph.edges)
    assert kinds["serves"] == sum(a == first_area for _, a, _ in tiny_city.staffing.members)
    assert kinds["leads"] == 1 and kinds["adjacent"] == graph.counts["neighbours"]
    nodes = {n.id for n in graph.nodes}
    assert all(e.source in nodes and e.target in nodes for e in graph.edges)


def test_with_a_date_the_days_routes_through_the_area_are_drawn(routed_city: Session) -> None:
    stops = routed_city.read(Query.ROUTES_OF_DATE, date=ROUTED_DAY)
    ids = [s["retailer"] for s in stops]
    areas = {str(r["id"]): str(r["area"]) for r in routed_city.read(Query.RETAILER_AREAS, ids=ids)}
    area = areas[str(stops[0]["retailer"])]
    mine = [s for s in stops if areas[str(s["retailer"])] == area]
    graph = area_graph(routed_city, LOCAL_ADMIN, area, day=ROUTED_DAY, layouts=LayoutCache())
    routes = {s["route"] for s in mine}
    assert {n.id for n in graph.nodes if n.kind == "route"} == {f"route:{r}" for r in routes}
    assert graph.counts["routes"] == len(routes) and graph.day == ROUTED_DAY
    assert sorted((e.source, e.target) for e in graph.edges if e.kind == "stop") == sorted(
        (f"route:{s['route']}", f"retailer:{s['retailer']}") for s in mine
    )
    driven = {(e.source, e.target) for e in graph.edges if e.kind == "driven_by"}
    assert driven == {(f"route:{s['route']}", f"staff:{s['driver']}") for s in mine}
    without = area_graph(routed_city, LOCAL_ADMIN, area, layouts=LayoutCache())
    assert _by_kind(without)["route"] == 0


def test_the_layout_is_computed_once_and_is_the_same_every_time(
    city_session: Session, first_area: str
) -> None:
    cache = LayoutCache()
    first = area_graph(city_session, LOCAL_ADMIN, first_area, layouts=cache)
    again = area_graph(city_session, LOCAL_ADMIN, first_area, layouts=cache)
    fresh = area_graph(city_session, LOCAL_ADMIN, first_area, layouts=LayoutCache())
    assert cache.computed == 1 and len(cache) == 1
    assert first == again == fresh
    area_graph(city_session, LOCAL_ADMIN, "A02", layouts=cache)
    assert cache.computed == 2


def test_with_the_stores_version_the_answer_is_reused_until_it_changes(
    city_session: Session, team_lead: Principal, first_area: str
) -> None:
    cache = LayoutCache()
    kept = area_graph(city_session, LOCAL_ADMIN, first_area, layouts=cache, version=5)
    assert area_graph(city_session, team_lead, first_area, layouts=cache, version=5) is kept
    again = area_graph(city_session, LOCAL_ADMIN, first_area, layouts=cache, version=6)
    assert again is not kept and again == kept
    with pytest.raises(Forbidden):  # the scope is checked before the cache is
        area_graph(city_session, team_lead, "A02", layouts=cache, version=6)


def test_another_areas_graph_is_forbidden_to_a_team_lead_and_every_graph_to_a_viewer(
    city_session: Session, team_lead: Principal
) -> None:
    for code in ("A02", "A99"):
        with pytest.raises(Forbidden, match=rf"area {code} is not in the areas of"):
            area_graph(city_session, team_lead, code, layouts=LayoutCache())
    with pytest.raises(Forbidden, match="may not read an area's graph"):
        area_graph(city_session, Principal("v", AccountRole.VIEWER), "A01", layouts=LayoutCache())


def test_an_unknown_area_is_not_found(city_session: Session) -> None:
    with pytest.raises(NotFound, match="area A99 not found"):
        area_graph(city_session, LOCAL_ADMIN, "A99", layouts=LayoutCache())
