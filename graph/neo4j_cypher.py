"""Every Cypher statement the Neo4j store sends: DDL rendered from the schema and one
statement per `Query` member. No other module holds Neo4j Cypher."""

from __future__ import annotations

from graph.portable_cypher import (
    PORTABLE_READS,
    render_assign,
    render_link,
    render_node_read,
    render_sets,
    render_unlink,
)
from graph.queries import Assign, Link, NodeRead, Query, Read, Unlink, Upsert
from graph.schema import NodeType, Property, Schema

READS: dict[str, str] = {
    **PORTABLE_READS,
    "node_counts": "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n",
    "rel_counts": "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n",
    "delete_batch": "MATCH (n) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted",
}


def render_ddl(schema: Schema) -> list[str]:
    """Uniqueness constraints on every node key (each also gives an index)."""
    return [
        f"CREATE CONSTRAINT {n.label.lower()}_key IF NOT EXISTS "
        f"FOR (n:{n.label}) REQUIRE n.{n.key} IS UNIQUE"
        for n in schema.nodes
    ]


def _value(prop: Property) -> str:
    return f"row.{prop.name}"


def _upsert(node: NodeType, names: tuple[str, ...]) -> str:
    props = tuple(
        p for p in node.properties if p.name != node.key and (not names or p.name in names)
    )
    return (
        f"UNWIND $rows AS row MERGE (n:{node.label} {{{node.key}: row.{node.key}}}) "
        f"SET {render_sets('n', props, _value)}"
    )


def render(query: Query, schema: Schema) -> str:
    """The one Neo4j statement for `query`."""
    spec = query.value
    if isinstance(spec, Upsert):
        return _upsert(schema.node(spec.label), spec.props)
    if isinstance(spec, Assign):
        return render_assign(schema, schema.relationship(spec.rel), _value)
    if isinstance(spec, Link):
        return render_link(schema, schema.relationship(spec.rel), _value)
    if isinstance(spec, Unlink):
        return render_unlink(schema, schema.relationship(spec.rel))
    if isinstance(spec, NodeRead):
        return render_node_read(schema.node(spec.label))
    assert isinstance(spec, Read)
    return READS[spec.name]


def statements(schema: Schema) -> dict[Query, str]:
    """Every statement, keyed by intention (what the linter test checks)."""
    return {q: render(q, schema) for q in Query}
