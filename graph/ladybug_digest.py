"""A digest of everything an embedded graph holds, to tell one state of the store from another.

The crash bench compares the store after a kill with the states before and after each write
transaction of the interrupted command. Internal ids are left out (a recovered store may number
its nodes differently) and so are timestamps written by a command (``YYYY-MM-DDTHH:MM...``),
which differ between two runs of the same command.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from graph import ladybug_cypher as cypher
from graph.ladybug_store import LadybugSession

STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if not k.startswith("_")}
    if isinstance(value, str) and STAMP.match(value):
        return "<time>"
    return value


def graph_digest(session: LadybugSession) -> str:
    """A hash over the sorted nodes (their properties) and edges (endpoint keys, properties)."""
    schema = session.database.schema
    keys = {n.label: n.key for n in schema.nodes}
    lines: list[str] = []
    for node in schema.nodes:
        rows = session._execute(cypher.render_node_dump(node))  # noqa: SLF001 - same package
        lines += [
            f"{node.label} {json.dumps(_plain(r['n']), sort_keys=True, default=str)}" for r in rows
        ]
    for rel in schema.relationships:
        statement = cypher.render_edge_dump(rel, keys[rel.source], keys[rel.target])
        rows = session._execute(statement)  # noqa: SLF001 - same package
        lines += [f"{rel.name} {json.dumps(_plain(r), sort_keys=True, default=str)}" for r in rows]
    return hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()[:16]
