"""The declarative schema and the statement maps rendered from it."""

from __future__ import annotations

import re

import pytest

from graph import ladybug_cypher, neo4j_cypher
from graph.model import Change, FieldGroup
from graph.queries import Query
from graph.schema import SCHEMA


def test_retailer_has_all_five_field_groups_each_field_marked() -> None:
    retailer = SCHEMA.node("Retailer")
    groups = {p.group for p in retailer.properties}
    assert set(FieldGroup) <= groups
    assert all(isinstance(p.change, Change) for p in retailer.properties)
    assert {Change.STATIC, Change.DYNAMIC, Change.DERIVED} <= {
        p.change for p in retailer.properties
    }
    assert all(p.label_zh and p.label_en for p in retailer.properties)
    assert {"lon", "lat"} <= set(retailer.property_names)


def test_every_relationship_joins_declared_node_types() -> None:
    labels = {n.label for n in SCHEMA.nodes}
    for rel in SCHEMA.relationships:
        assert rel.source in labels and rel.target in labels, rel.name


@pytest.mark.parametrize("module", [neo4j_cypher, ladybug_cypher])
def test_each_backend_maps_every_query(module: object) -> None:
    statements = module.statements(SCHEMA)  # type: ignore[attr-defined]
    assert set(statements) == set(Query)


def test_values_are_parameters_never_inlined() -> None:
    for query, text in neo4j_cypher.statements(SCHEMA).items():
        assert not re.search(r"\{\w+: '[^']*'\}", text), query


def test_ladybug_ddl_declares_single_edges_many_to_one() -> None:
    rel = SCHEMA.relationship("IN_AREA")
    assert ladybug_cypher.render_rel_table(rel).endswith("MANY_ONE)")
    node = SCHEMA.node("Retailer")
    assert "PRIMARY KEY(id)" in ladybug_cypher.render_node_table(node)
