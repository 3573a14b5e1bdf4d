"""Every Cypher statement the LadybugDB store sends: DDL rendered from the schema and one
statement (or, for upserts, one statement plan) per `Query` member.

Dialect notes: LadybugDB needs node and rel tables before the first write; `label()` replaces
`labels()`/`type()`; a batch of rows is bound with `LOAD FROM` a CSV file the store writes
(about five times faster than an `UNWIND` of a parameter list, whose per-value conversion
dominates large writes), its columns typed from the schema; and MERGE on a node is slow
on large tables, so an upsert looks its keys up first, then CREATEs the new nodes and SETs the
existing ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.portable_cypher import (
    PORTABLE_READS,
    RowFields,
    edge_columns,
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
from graph.schema import NodeType, Property, RelType, Schema

READS: dict[str, str] = {
    **PORTABLE_READS,
    "node_counts": "MATCH (n) RETURN label(n) AS label, count(*) AS n",
    "rel_counts": "MATCH ()-[r]->() RETURN label(r) AS type, count(*) AS n",
    "delete_batch": "MATCH (n) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted",
}

SHOW_TABLES = "CALL show_tables() RETURN name, type"


@dataclass(frozen=True)
class RowWrite:
    """A write over a batch of rows: the typed fields of each row, and the statement tail that
    reads them as ``row``."""

    columns: tuple[Property, ...]
    tail: str


@dataclass(frozen=True)
class UpsertPlan:
    """Look up which keys exist, CREATE the rest, SET the existing ones."""

    key: str
    lookup: str
    create: RowWrite
    update: RowWrite


def _ref(name: str) -> str:
    return f"c_{name}"


def _carry(names: tuple[str, ...]) -> str:
    return ", ".join(_ref(n) for n in names)


LADYBUG_ROWS = RowFields(_ref, _carry)
"""LadybugDB: rows come from `LOAD FROM` as columns ``c_<field>`` (so key lookups use the
primary-key index, which a struct built from them would defeat)."""


def render_load(columns: tuple[Property, ...], path: str, *, parallel: bool = False) -> str:
    """Bind the rows of a CSV file (a header line, then one line per row) as columns.

    The parallel reader is faster but cannot read a quoted cell that holds a line break.
    """
    typed = ", ".join(f"{_ref(p.name)} {p.type.value}" for p in columns)
    quoted = path.replace("\\", "\\\\").replace("'", "\\'")
    mode = "true" if parallel else "false"
    return f"LOAD WITH HEADERS ({typed}) FROM '{quoted}' (header=true, parallel={mode}) "


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


def render_node_dump(node: NodeType) -> str:
    """Every node of a table with all its properties (for a digest of the graph)."""
    return f"MATCH (n:{node.label}) RETURN n"


def render_edge_dump(rel: RelType, source_key: str, target_key: str) -> str:
    """Every edge of a table: its endpoints' keys and its properties."""
    return (
        f"MATCH (a:{rel.source})-[r:{rel.name}]->(b:{rel.target}) "
        f"RETURN a.{source_key} AS a, b.{target_key} AS b, r"
    )


def _upsert(node: NodeType, names: tuple[str, ...]) -> UpsertPlan:
    key = node.key
    props = upsert_props(node, names)
    key_prop = next(p for p in node.properties if p.name == key)
    fields = ", ".join(f"{p.name}: {_ref(p.name)}" for p in (key_prop, *props))
    columns = (key_prop, *props)
    return UpsertPlan(
        key=key,
        lookup=f"UNWIND $keys AS k MATCH (n:{node.label} {{{key}: k}}) RETURN n.{key} AS key",
        create=RowWrite(columns, f"CREATE (n:{node.label} {{{fields}}})"),
        update=RowWrite(
            columns,
            f"MATCH (n:{node.label} {{{key}: {_ref(key)}}}) "
            f"SET {render_sets('n', props, LADYBUG_ROWS)}",
        ),
    )


Statement = str | RowWrite | UpsertPlan


def render(query: Query, schema: Schema) -> Statement:
    """The LadybugDB read, row write or upsert plan for `query`."""
    spec = query.value
    if isinstance(spec, Upsert):
        return _upsert(schema.node(spec.label), spec.props)
    if isinstance(spec, (Assign, Link, Unlink)):
        rel = schema.relationship(spec.rel)
        if isinstance(spec, Unlink):
            tail = render_unlink(schema, rel, LADYBUG_ROWS)
            return RowWrite(edge_columns(schema, rel, props=False), tail)
        render_edge = render_assign if isinstance(spec, Assign) else render_link
        tail = render_edge(schema, rel, LADYBUG_ROWS)
        return RowWrite(edge_columns(schema, rel), tail)
    if isinstance(spec, NodeRead):
        return render_node_read(schema.node(spec.label))
    if isinstance(spec, AllNodes):
        return render_all_nodes(schema.node(spec.label))
    if isinstance(spec, Children):
        return render_children(schema, schema.relationship(spec.rel), spec.order_by)
    assert isinstance(spec, Read)
    return READS[spec.name]


def statements(schema: Schema) -> dict[Query, Statement]:
    return {q: render(q, schema) for q in Query}
