"""Every Cypher statement the Neo4j store sends: DDL rendered from the schema and one
statement per `Query` member. No other module holds Neo4j Cypher."""

from __future__ import annotations

from graph.portable_cypher import (
    NEO4J_ROWS,
    PORTABLE_READS,
    ROWS,
    render_all_nodes,
    render_assign,
    render_children,
    render_link,
    render_node_read,
    render_sets,
    render_unlink,
    upsert_props,
)
from graph.queries import (
    AllNodes,
    Assign,
    Children,
    Link,
    NodeRead,
    Query,
    Read,
    Unlink,
    Upsert,
)
from graph.schema import NodeType, Schema

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


def _upsert(node: NodeType, names: tuple[str, ...]) -> str:
    sets = render_sets("n", upsert_props(node, names), NEO4J_ROWS)
    return f"MERGE (n:{node.label} {{{node.key}: row.{node.key}}}) SET {sets}"


def render(query: Query, schema: Schema) -> str:
    """The one Neo4j statement for `query`."""
    spec = query.value
    if isinstance(spec, Upsert):
        return ROWS + _upsert(schema.node(spec.label), spec.props)
    if isinstance(spec, Assign):
        return ROWS + render_assign(schema, schema.relationship(spec.rel), NEO4J_ROWS)
    if isinstance(spec, Link):
        return ROWS + render_link(schema, schema.relationship(spec.rel), NEO4J_ROWS)
    if isinstance(spec, Unlink):
        return ROWS + render_unlink(schema, schema.relationship(spec.rel), NEO4J_ROWS)
    if isinstance(spec, NodeRead):
        return render_node_read(schema.node(spec.label))
    if isinstance(spec, AllNodes):
        return render_all_nodes(schema.node(spec.label))
    if isinstance(spec, Children):
        return render_children(schema, schema.relationship(spec.rel), spec.order_by)
    assert isinstance(spec, Read)
    return READS[spec.name]


def statements(schema: Schema) -> dict[Query, str]:
    """Every statement, keyed by intention (what the linter test checks)."""
    return {q: render(q, schema) for q in Query}
