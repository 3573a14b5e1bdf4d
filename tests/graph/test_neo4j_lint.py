"""Every statement the Neo4j store can send passes Neo4j's own linter, parameters declared."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from graph import neo4j_cypher
from graph.queries import Query
from graph.schema import SCHEMA

ROOT = Path(__file__).resolve().parents[2]
LINTER = ROOT / "tests" / "tools" / "lint_cypher.mjs"


def _declared_params(query: Query) -> dict[str, object]:
    """Each parameter the statement takes, with a value of its kind (lists end in s)."""
    return {name: [] if name.endswith("s") else "" for name in query.value.params}


def _statements() -> list[dict[str, object]]:
    stmts = [
        {"name": q.name, "query": text, "params": _declared_params(q)}
        for q, text in neo4j_cypher.statements(SCHEMA).items()
    ]
    stmts += [
        {"name": f"DDL {i}", "query": ddl, "params": {}}
        for i, ddl in enumerate(neo4j_cypher.render_ddl(SCHEMA))
    ]
    return stmts


def lint(statements: list[dict[str, object]]) -> list[dict[str, object]]:
    """Run the npm linter over statements; its diagnostics as dicts."""
    if shutil.which("node") is None or not (ROOT / "node_modules" / "@neo4j-cypher").exists():
        pytest.fail("the Cypher linter is not installed: run `npm ci` in the repository root")
    schema = {
        "labels": [n.label for n in SCHEMA.nodes],
        "relationshipTypes": [r.name for r in SCHEMA.relationships],
        "propertyKeys": [*SCHEMA.property_keys, "src", "dst"],  # row fields
    }
    out = subprocess.run(
        ["node", str(LINTER)],
        input=json.dumps({"schema": schema, "statements": statements}),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    result: list[dict[str, object]] = json.loads(out.stdout)
    return result


BROKEN = [
    ("MATCH (a:Area {code: $code}) RETURN b", {"code": ""}, "Variable `b` not defined"),
    ("MATCH (a:Area {code: $code}) RETURN a", {}, "Parameter $code is not defined."),
    ("MATCH (a:Area RETURN a", {}, "Invalid input"),
    ("MATCH (a:Aera) RETURN a", {}, "Label Aera is not present"),
]


@pytest.fixture(scope="module")
def diagnostics() -> list[dict[str, object]]:
    """One linter run over every product statement and the known-broken ones."""
    broken = [
        {"name": f"broken {i}", "query": q, "params": p} for i, (q, p, _) in enumerate(BROKEN)
    ]
    return lint(_statements() + broken)


def test_every_neo4j_statement_passes_the_linter(diagnostics: list[dict[str, object]]) -> None:
    found = [d for d in diagnostics if not str(d["name"]).startswith("broken")]
    assert found == [], "\n".join(f"{d['name']}: {d['message']}" for d in found)


@pytest.mark.parametrize("index", range(len(BROKEN)))
def test_the_linter_catches_broken_statements(
    diagnostics: list[dict[str, object]], index: int
) -> None:
    expected = BROKEN[index][2]
    mine = [d for d in diagnostics if d["name"] == f"broken {index}"]
    assert any(expected in str(d["message"]) for d in mine), mine
