"""The integrity report of `crm graph check`: what must hold for the graph to be usable."""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.model import Role
from graph.queries import Query
from graph.rows import Row
from graph.store import GraphStore

EXAMPLES = 10
"""Offending objects listed per check; the count is always complete."""


@dataclass(frozen=True)
class Check:
    name: str
    description: str
    violations: int
    examples: list[Row] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.violations == 0


@dataclass(frozen=True)
class IntegrityReport:
    checks: list[Check]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "violations": sum(c.violations for c in self.checks),
            "checks": [
                {
                    "name": c.name,
                    "ok": c.ok,
                    "description": c.description,
                    "violations": c.violations,
                    "examples": c.examples[:EXAMPLES],
                }
                for c in self.checks
            ],
        }


def _check(name: str, description: str, rows: list[Row]) -> Check:
    return Check(name, description, len(rows), rows[:EXAMPLES])


def _missing_roles(rows: list[Row]) -> list[Row]:
    needed = {r.value for r in Role}
    out = []
    for row in rows:
        have = {str(x) for x in row["roles"] or [] if x is not None}
        if needed - have:
            out.append({"area": row["code"], "missing": sorted(needed - have)})
    return out


def check_graph(store: GraphStore) -> IntegrityReport:
    """Run every integrity check against the store."""
    links = store.read(Query.CHECK_RETAILER_LINKS)
    leads = [r for r in store.read(Query.CHECK_AREA_LEADS) if r["leads"] != 1]
    return IntegrityReport(
        [
            _check(
                "retailer_memberships",
                "every retailer is in exactly one area, zone and district and has exactly one "
                "customer manager and one call-centre agent",
                links,
            ),
            _check(
                "area_roles",
                "every area has all four roles (agent, manager, inspector, driver)",
                _missing_roles(store.read(Query.CHECK_AREA_ROLES)),
            ),
            _check("area_leads", "every area has exactly one lead", leads),
            _check(
                "lead_in_team",
                "each area lead is a member of that area's team",
                store.read(Query.CHECK_LEAD_IN_TEAM),
            ),
            _check(
                "manager_in_team",
                "a retailer's manager serves its area as a manager",
                store.read(Query.CHECK_MANAGER_IN_TEAM),
            ),
            _check(
                "agent_in_team",
                "a retailer's agent serves its area as an agent",
                store.read(Query.CHECK_AGENT_IN_TEAM),
            ),
            _check(
                "zone_matches_area",
                "a retailer's zone is its area's zone (zones are unions of whole areas)",
                store.read(Query.CHECK_ZONE_MATCHES_AREA),
            ),
            _check(
                "orphan_orders",
                "no order month without its retailer (no dangling history)",
                store.read(Query.CHECK_ORPHAN_ORDERS),
            ),
            _check(
                "self_adjacency",
                "no area is adjacent to itself",
                store.read(Query.CHECK_SELF_ADJACENCY),
            ),
        ]
    )
