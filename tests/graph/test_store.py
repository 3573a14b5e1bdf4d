"""Behaviour every store must share (run on LadybugDB always, on Neo4j when NEO4J_URI is set)."""

from __future__ import annotations

from datetime import date

import pytest

from graph.queries import Query
from graph.repository import graph_stats
from graph.store import GraphStore


def _areas(store: GraphStore) -> dict[str, object]:
    return {a["code"]: a["name"] for a in store.read(Query.AREA_LIST)}


def test_upsert_creates_then_updates_without_duplicates(store: GraphStore) -> None:
    store.write(Query.UPSERT_AREAS, [{"code": "A01", "name": "甲", "name_en": "a"}])
    store.write(
        Query.UPSERT_AREAS,
        [
            {"code": "A01", "name": "乙", "name_en": "b"},
            {"code": "A02", "name": None, "name_en": None},
        ],
    )
    assert _areas(store) == {"A01": "乙", "A02": None}


def test_text_with_line_breaks_commas_and_quotes_round_trips(store: GraphStore) -> None:
    names = {"A01": 'line one\nline "two", 三', "A02": "plain", "A03": "a,b"}
    store.write(
        Query.UPSERT_AREAS, [{"code": c, "name": n, "name_en": n} for c, n in names.items()]
    )
    assert _areas(store) == names


def test_assign_replaces_a_single_edge(store: GraphStore) -> None:
    store.write(Query.UPSERT_AREAS, [{"code": c, "name": c, "name_en": c} for c in ("A1", "A2")])
    store.write(
        Query.UPSERT_ZONES,
        [{"number": 1, "name": "z", "name_en": "z"}, {"number": 2, "name": "y", "name_en": "y"}],
    )
    store.write(Query.SET_AREA_ZONES, [{"src": "A1", "dst": 1}])
    store.write(Query.SET_AREA_ZONES, [{"src": "A1", "dst": 2}, {"src": "A2", "dst": 2}])
    zones = {a["code"]: a["zone"] for a in store.read(Query.AREA_LIST)}
    assert zones == {"A1": 2, "A2": 2}
    assert graph_stats(store)["relationships"]["AREA_IN_ZONE"] == 2


def test_link_merges_and_sets_properties(store: GraphStore) -> None:
    store.write(Query.UPSERT_AREAS, [{"code": c, "name": c, "name_en": c} for c in ("A1", "A2")])
    store.write(Query.LINK_ADJACENT_AREAS, [{"src": "A1", "dst": "A2", "links": 1}])
    store.write(Query.LINK_ADJACENT_AREAS, [{"src": "A1", "dst": "A2", "links": 5}])
    assert store.read(Query.AREA_NEIGHBOURS, code="A2") == [
        {"code": "A1", "name": "A1", "links": 5}
    ]


def test_a_failed_transaction_leaves_nothing(store: GraphStore) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.write(Query.UPSERT_AREAS, [{"code": "A1", "name": "x", "name_en": "x"}])
        raise RuntimeError("boom")
    assert _areas(store) == {}


def test_dates_and_nulls_round_trip(store: GraphStore) -> None:
    store.write(
        Query.UPSERT_ROUTES,
        [
            {
                "id": "R1",
                "date": date(2026, 11, 2),
                "trip": 1,
                "zone": 1,
                "load_cases": None,
                "distance_km": 3.5,
                "start_min": 480,
                "end_min": None,
                "engine": "ortools",
            }
        ],
    )
    stats = graph_stats(store)
    assert stats["nodes"] == {"Route": 1}


def test_clear_empties_the_graph(store: GraphStore) -> None:
    store.write(Query.UPSERT_AREAS, [{"code": "A1", "name": "x", "name_en": "x"}])
    store.clear()
    assert graph_stats(store) == {"nodes": {}, "relationships": {}}
