"""The graph as a whole: counts and the integrity check."""

from __future__ import annotations

from dataclasses import dataclass

from graph.integrity import IntegrityReport, check_graph
from graph.principal import AccountRole, Principal
from graph.queries import Query
from graph.repository import graph_stats
from graph.schema import SCHEMA
from graph.session import Session


@dataclass(frozen=True)
class GraphCounts:
    """Nodes per label and relationships per type, each by name."""

    nodes: dict[str, int]
    relationships: dict[str, int]


@dataclass(frozen=True)
class StoreHealth:
    """The store answered: which backend, and the version of the schema it holds."""

    backend: str
    schema_version: str


def store_health(session: Session) -> StoreHealth:
    """Touch the store with the cheapest read; raises `StoreUnavailable` when it cannot."""
    session.read(Query.STAFF, keys=[])
    return StoreHealth(session.dialect.value, SCHEMA.digest)


def graph_counts(session: Session, principal: Principal) -> GraphCounts:
    """Count nodes and relationships; any principal may (they are aggregates)."""
    counts = graph_stats(session)
    return GraphCounts(counts["nodes"], counts["relationships"])


def check_integrity(session: Session, principal: Principal) -> IntegrityReport:
    """Run every integrity check (administrators, planners and supervisors)."""
    principal.require(AccountRole.PLANNER, AccountRole.SUPERVISOR, to="check the graph's integrity")
    return check_graph(session)
