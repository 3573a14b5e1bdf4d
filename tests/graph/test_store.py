"""Behaviour every store must share (run on LadybugDB always, on Neo4j when NEO4J_URI is set)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from graph.queries import Query
from graph.repository import graph_stats
from graph.rows import as_row
from graph.schema import SCHEMA, PropType
from graph.session import Session
from seeds.city import City


def _areas(session: Session) -> dict[str, object]:
    return {a["code"]: a["name"] for a in session.read(Query.AREA_LIST)}


def test_upsert_creates_then_updates_without_duplicates(session: Session) -> None:
    session.write(Query.UPSERT_AREAS, [{"code": "A01", "name": "甲", "name_en": "a"}])
    session.write(
        Query.UPSERT_AREAS,
        [
            {"code": "A01", "name": "乙", "name_en": "b"},
            {"code": "A02", "name": None, "name_en": None},
        ],
    )
    assert _areas(session) == {"A01": "乙", "A02": None}


def test_text_with_line_breaks_commas_and_quotes_round_trips(session: Session) -> None:
    names = {"A01": 'line one\nline "two", 三', "A02": "plain", "A03": "a,b"}
    session.write(
        Query.UPSERT_AREAS, [{"code": c, "name": n, "name_en": n} for c, n in names.items()]
    )
    assert _areas(session) == names


def test_assign_replaces_a_single_edge(session: Session) -> None:
    session.write(Query.UPSERT_AREAS, [{"code": c, "name": c, "name_en": c} for c in ("A1", "A2")])
    session.write(
        Query.UPSERT_ZONES,
        [{"number": 1, "name": "z", "name_en": "z"}, {"number": 2, "name": "y", "name_en": "y"}],
    )
    session.write(Query.SET_AREA_ZONES, [{"src": "A1", "dst": 1}])
    session.write(Query.SET_AREA_ZONES, [{"src": "A1", "dst": 2}, {"src": "A2", "dst": 2}])
    zones = {a["code"]: a["zone"] for a in session.read(Query.AREA_LIST)}
    assert zones == {"A1": 2, "A2": 2}
    assert graph_stats(session)["relationships"]["AREA_IN_ZONE"] == 2


def test_link_merges_and_sets_properties(session: Session) -> None:
    session.write(Query.UPSERT_AREAS, [{"code": c, "name": c, "name_en": c} for c in ("A1", "A2")])
    session.write(Query.LINK_ADJACENT_AREAS, [{"src": "A1", "dst": "A2", "links": 1}])
    session.write(Query.LINK_ADJACENT_AREAS, [{"src": "A1", "dst": "A2", "links": 5}])
    assert session.read(Query.AREA_NEIGHBOURS, code="A2") == [
        {"code": "A1", "name": "A1", "links": 5}
    ]


def test_a_failed_transaction_leaves_nothing(session: Session) -> None:
    with pytest.raises(RuntimeError), session.transaction():
        session.write(Query.UPSERT_AREAS, [{"code": "A1", "name": "x", "name_en": "x"}])
        raise RuntimeError("boom")
    assert _areas(session) == {}


PYTHON_TYPES = {
    PropType.STRING: str,
    PropType.INT64: int,
    PropType.DOUBLE: float,
    PropType.BOOL: bool,
    PropType.DATE: date,
}


def test_every_retailer_property_round_trips_with_its_type(
    session: Session, tiny_city: City
) -> None:
    """Every property of every type comes back equal and of its type; so do nulls."""
    props = SCHEMA.node("Retailer").properties
    assert {p.type for p in props} == set(PropType)
    full = as_row(
        replace(
            tiny_city.retailers[3],
            classified_on=date(2026, 11, 1),
            class_explanations='{"tier": {"class": 7, "text": "a, \\"b\\"\\n c"}}',
            key_account=True,
            model_shop=True,
            monitored=False,
            lon=117.28312345678901,
            registered_capital_wan=-0.125,
            contact_person="",
        )
    )
    empty = {p.name: None for p in props} | {"id": "R-null"}
    session.write(Query.UPSERT_RETAILERS, [full, empty])
    stored = {r["id"]: r for r in session.read(Query.RETAILERS, keys=[full["id"], "R-null"])}
    assert stored[full["id"]] == full
    assert all(type(stored[full["id"]][p.name]) is PYTHON_TYPES[p.type] for p in props)
    assert stored["R-null"] == empty


def test_clear_empties_the_graph(session: Session) -> None:
    session.write(Query.UPSERT_AREAS, [{"code": "A1", "name": "x", "name_en": "x"}])
    session.clear()
    assert graph_stats(session) == {"nodes": {}, "relationships": {}}
