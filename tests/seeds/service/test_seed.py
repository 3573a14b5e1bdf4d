"""Seeding through the service: the city of the seed lands whole, a graph that holds data is
kept unless reset, and only an administrator seeds."""

from __future__ import annotations

import pytest

from graph.errors import Conflict, Forbidden
from graph.integrity import check_graph
from graph.principal import LOCAL_ADMIN, AccountRole, Principal
from graph.queries import Query
from graph.repository import graph_stats
from graph.session import Session
from seeds.city import City
from seeds.params import CityParams
from seeds.service import seed_city

TINY = CityParams(retailers=240)


def positions(session: Session) -> set[tuple[str, float, float]]:
    """Every retailer's id and position."""
    return {(r["id"], r["lon"], r["lat"]) for r in session.read(Query.RETAILER_POSITIONS)}


def city_positions(city: City) -> set[tuple[str, float, float]]:
    return {(r.id, r.lon, r.lat) for r in city.retailers}


def test_seeding_an_empty_graph_loads_the_city_of_the_seed(
    session: Session, tiny_city: City
) -> None:
    stages: list[tuple[str, int, int]] = []
    report = seed_city(session, LOCAL_ADMIN, TINY, 7, progress=lambda *s: stages.append(s))
    assert (report.retailers, report.seed) == (240, 7)
    assert report.generate_seconds > 0 and report.load_seconds > 0
    stats = graph_stats(session)
    assert (report.nodes, report.relationships) == (stats["nodes"], stats["relationships"])
    assert report.nodes["Retailer"] == 240 and report.relationships["IN_AREA"] == 240
    assert positions(session) == city_positions(tiny_city)
    assert stages[-1] == ("load", 240, 240)
    assert check_graph(session).ok


def test_a_graph_that_holds_a_city_is_replaced_only_when_reset(
    seeded_session: Session, tiny_city: City
) -> None:
    nodes = sum(graph_stats(seeded_session)["nodes"].values())
    with pytest.raises(Conflict) as refused:
        seed_city(seeded_session, LOCAL_ADMIN, TINY, 8)
    assert refused.value.message == (
        f"the graph already holds 240 retailers and {nodes} nodes: reset it to replace them"
    )
    assert positions(seeded_session) == city_positions(tiny_city)
    report = seed_city(seeded_session, LOCAL_ADMIN, TINY, 8, reset=True)
    assert report.nodes["Retailer"] == 240
    assert positions(seeded_session) != city_positions(tiny_city)
    assert check_graph(seeded_session).ok


@pytest.mark.parametrize("role", [AccountRole.PLANNER, AccountRole.DISPATCHER, AccountRole.VIEWER])
def test_only_administrators_seed(session: Session, role: AccountRole) -> None:
    with pytest.raises(Forbidden, match=f"someone \\({role.value}\\) may not seed the graph"):
        seed_city(session, Principal("someone", role), TINY, 7)
    assert graph_stats(session)["nodes"] == {}
