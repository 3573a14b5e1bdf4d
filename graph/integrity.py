"""The integrity checks: what must hold for the graph to be usable."""

from __future__ import annotations

from dataclasses import dataclass

from graph.derived import delivery_fields
from graph.model import Role
from graph.queries import Query
from graph.rows import Row
from graph.session import Session

EXAMPLES = 10
"""Offending objects listed per check; the count is always complete."""


@dataclass(frozen=True)
class Check:
    """One rule: how many objects break it and the first few of them."""

    name: str
    ok: bool
    description: str
    violations: int
    examples: tuple[Row, ...]


@dataclass(frozen=True)
class IntegrityReport:
    """Every check; `ok` when none is violated."""

    ok: bool
    violations: int
    checks: tuple[Check, ...]


def _check(name: str, description: str, rows: list[Row]) -> Check:
    return Check(name, not rows, description, len(rows), tuple(rows[:EXAMPLES]))


def _report(checks: list[Check]) -> IntegrityReport:
    return IntegrityReport(
        all(c.ok for c in checks), sum(c.violations for c in checks), tuple(checks)
    )


def _missing_roles(rows: list[Row]) -> list[Row]:
    needed = {r.value for r in Role}
    out = []
    for row in rows:
        have = {str(x) for x in row["roles"] or [] if x is not None}
        if needed - have:
            out.append({"area": row["code"], "missing": sorted(needed - have)})
    return out


def _derived_checks(session: Session) -> list[Check]:
    """A stored derived field that differs from its rule (see `graph.derived`)."""
    fields = delivery_fields(session)
    return [
        _check(
            "delivery_segment",
            "a retailer's delivery segment is Z<zone>-<area> of its current zone and area",
            [x for f in fields if (x := f.stale("delivery_segment"))],
        ),
        _check(
            "delivery_route",
            "a retailer's delivery route is its route on the latest date planned for its zone, "
            "or, before one, its manager's line <area>-<n> in its area",
            [x for f in fields if (x := f.stale("delivery_route"))],
        ),
    ]


def check_graph(session: Session) -> IntegrityReport:
    """Run every integrity check against the graph."""
    links = session.read(Query.CHECK_RETAILER_LINKS)
    leads = [r for r in session.read(Query.CHECK_AREA_LEADS) if r["leads"] != 1]
    return _report(
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
                _missing_roles(session.read(Query.CHECK_AREA_ROLES)),
            ),
            _check("area_leads", "every area has exactly one lead", leads),
            _check(
                "lead_in_team",
                "each area lead is a member of that area's team",
                session.read(Query.CHECK_LEAD_IN_TEAM),
            ),
            _check(
                "manager_in_team",
                "a retailer's manager serves its area as a manager",
                session.read(Query.CHECK_MANAGER_IN_TEAM),
            ),
            _check(
                "agent_in_team",
                "a retailer's agent serves its area as an agent",
                session.read(Query.CHECK_AGENT_IN_TEAM),
            ),
            _check(
                "zone_matches_area",
                "a retailer's zone is its area's zone (zones are unions of whole areas)",
                session.read(Query.CHECK_ZONE_MATCHES_AREA),
            ),
            _check(
                "orphan_orders",
                "no order month without its retailer (no dangling history)",
                session.read(Query.CHECK_ORPHAN_ORDERS),
            ),
            _check(
                "self_adjacency",
                "no area is adjacent to itself",
                session.read(Query.CHECK_SELF_ADJACENCY),
            ),
            *_derived_checks(session),
        ]
    )
