"""Every Cypher statement the LadybugDB store sends: DDL rendered from the schema and one
statement (or, for upserts, one statement plan) per `Query` member.

Dialect notes: LadybugDB needs node and rel tables before the first write; `label()` replaces
`labels()`/`type()`; struct fields of a parameter list are typed by inference, so every written
value is CAST to its column type (a batch whose column is all null would otherwise be STRING);
and MERGE on a node is slow on large tables, so an upsert looks its keys up first, then CREATEs
the new nodes and SETs the existing ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.portable_cypher import (
    PORTABLE_READS,
    render_assign,
    render_link,
    render_node_read,
    render_sets,
    render_unlink,
)
from graph.queries import Assign, Link, NodeRead, Query, Read, Unlink, Upsert
from graph.schema import NodeType, Property, RelType, Schema

READS: dict[str, str] = {
    **PORTABLE_READS,
    "node_counts": "MATCH (n) RETURN label(n) AS label, count(*) AS n",
    "rel_counts": "MATCH ()-[r]->() RETURN label(r) AS type, count(*) AS n",
    "delete_batch": "MATCH (n) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted",
}

SHOW_TABLES = "CALL show_tables() RETURN name, type"


@dataclass(frozen=True)
class UpsertPlan:
    """Look up which keys exist, CREATE the rest, SET the existing ones."""

    key: str
    lookup: str
    create: str
    update: str


def _column(p: Property) -> str:
    return f"{p.name} {p.type.value}"


def render_node_table(node: NodeType) -> str:
    cols = ", ".join(_column(p) for p in node.properties)
    return f"CREATE NODE TABLE IF NOT EXISTS {node.label}({cols}, PRIMARY KEY({node.key}))"


def render_rel_table(rel: RelType) -> str:
    parts = [f"FROM {rel.source} TO {rel.target}", *(_column(p) for p in rel.properties)]
    if rel.single:
        parts.append("MANY_ONE")
    return f"CREATE REL TABLE IF NOT EXISTS {rel.name}({', '.join(parts)})"


def render_table_columns(table: str) -> str:
    """Column names of a table (table_info takes no parameters; names come from the schema)."""
    return f"CALL table_info('{table}') RETURN name"


def render_add_column(table: str, prop: Property) -> str:
    return f"ALTER TABLE {table} ADD IF NOT EXISTS {_column(prop)}"


def render_drop_table(table: str) -> str:
    return f"DROP TABLE IF EXISTS {table}"


def _value(prop: Property) -> str:
    return f"CAST(row.{prop.name} AS {prop.type.value})"


def _upsert(node: NodeType, names: tuple[str, ...]) -> UpsertPlan:
    key = node.key
    props = tuple(p for p in node.properties if p.name != key and (not names or p.name in names))
    key_prop = next(p for p in node.properties if p.name == key)
    fields = ", ".join(f"{p.name}: {_value(p)}" for p in (key_prop, *props))
    return UpsertPlan(
        key=key,
        lookup=f"UNWIND $keys AS k MATCH (n:{node.label} {{{key}: k}}) RETURN n.{key} AS key",
        create=f"UNWIND $rows AS row CREATE (n:{node.label} {{{fields}}})",
        update=(
            f"UNWIND $rows AS row MATCH (n:{node.label} {{{key}: row.{key}}}) "
            f"SET {render_sets('n', props, _value)}"
        ),
    )


def render(query: Query, schema: Schema) -> str | UpsertPlan:
    """The LadybugDB statement (or upsert plan) for `query`."""
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


def statements(schema: Schema) -> dict[Query, str | UpsertPlan]:
    return {q: render(q, schema) for q in Query}
