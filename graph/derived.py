"""The retailer fields derived from its memberships and routes, and how they are kept true.

One rule per field. Every write that changes what a field derives from (territory apply,
route planning, openings, imports) calls `refresh_delivery_fields` inside its own
transaction, and `graph.integrity` reports any stored value that differs from its rule:

- `delivery_segment` (送货线段) is ``Z<zone>-<area>``: the retailer's delivery zone
  (``IN_ZONE``) and area (``IN_AREA``).
- `delivery_route` (送货线路) is the planned route that stops at it on the latest delivery
  date planned for its current zone (a ``Route`` of that zone with a ``STOP`` at it; ties
  by route id); while no such route exists, its manager's line ``<area>-<n>``, where n
  numbers the managers serving its area (``SERVES`` as manager) by employee number from 1.

A retailer's area, zone, manager and agent are edges only, never properties, so they cannot
go stale. A retailer without an area or zone, or whose manager does not serve its area, is
left alone here: the membership and team checks report it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from graph.model import Role
from graph.queries import Query
from graph.rows import Row
from graph.session import Session

FIELDS = ("delivery_segment", "delivery_route")


def delivery_segment(zone: int, area: str) -> str:
    """The delivery segment of a retailer of `area` in delivery `zone`.

    >>> delivery_segment(2, "A07")
    'Z2-A07'
    """
    return f"Z{zone}-{area}"


def manager_lines(team: Iterable[Row]) -> dict[tuple[str, str], str]:
    """The line ``<area>-<n>`` of each (area, manager) among team edges ``{staff, area, role}``.

    >>> edges = [("M2", "manager"), ("M1", "manager"), ("D1", "driver")]
    >>> manager_lines({"staff": s, "area": "A01", "role": r} for s, r in edges)
    {('A01', 'M1'): 'A01-1', ('A01', 'M2'): 'A01-2'}
    """
    managers: dict[str, set[str]] = defaultdict(set)
    for edge in team:
        if edge["role"] == Role.MANAGER.value:
            managers[str(edge["area"])].add(str(edge["staff"]))
    return {
        (area, m): f"{area}-{i + 1}"
        for area, staff in sorted(managers.items())
        for i, m in enumerate(sorted(staff))
    }


def latest_routes(stops: Iterable[Row]) -> dict[tuple[str, int], str]:
    """The route of the latest date (then the greatest id) stopping at each retailer, per
    (retailer, zone), from stop rows ``{retailer, route, zone, date}``.

    >>> stops = [("R1", "d1-V1-1", date(2026, 11, 23)), ("R1", "d2-V2-1", date(2026, 11, 26))]
    >>> latest_routes({"retailer": r, "route": t, "zone": 3, "date": d} for r, t, d in stops)
    {('R1', 3): 'd2-V2-1'}
    """
    best: dict[tuple[str, int], tuple[date, str]] = {}
    for stop in stops:
        key = (str(stop["retailer"]), int(stop["zone"]))
        candidate = (stop["date"], str(stop["route"]))
        if key not in best or candidate > best[key]:
            best[key] = candidate
    return {key: route for key, (_, route) in best.items()}


@dataclass(frozen=True)
class DeliveryFields:
    """One retailer's stored delivery fields and what its rules give (None: no rule applies)."""

    id: str
    stored: tuple[str | None, str | None]
    expected: tuple[str | None, str | None]

    @property
    def is_stale(self) -> bool:
        return any(e is not None and s != e for s, e in zip(self.stored, self.expected))

    def stale(self, field: str) -> Row | None:
        """``{id, stored, expected}`` when `field` differs from its rule, else None."""
        i = FIELDS.index(field)
        s, e = self.stored[i], self.expected[i]
        return {"id": self.id, "stored": s, "expected": e} if e is not None and s != e else None


def delivery_fields(session: Session) -> list[DeliveryFields]:
    """Every retailer's delivery fields as stored and as derived from the graph, by id."""
    lines = manager_lines(session.read(Query.TEAM_EDGES))
    routes = latest_routes(session.read(Query.ROUTE_STOP_FACTS))
    out = []
    for r in session.read(Query.DELIVERY_FACTS):
        rid = str(r["id"])
        expected: tuple[str | None, str | None] = (None, None)
        if r["area"] is not None and r["zone"] is not None:
            area, zone = str(r["area"]), int(r["zone"])
            line = lines.get((area, str(r["manager"])))
            expected = (delivery_segment(zone, area), routes.get((rid, zone), line))
        out.append(DeliveryFields(rid, (r["segment"], r["route"]), expected))
    return out


def refresh_delivery_fields(session: Session) -> int:
    """Rewrite every retailer's stale delivery segment and route from the graph as it now is
    (call it inside the transaction that changed the memberships or routes); returns the
    retailers rewritten."""
    rows = [
        {
            "id": f.id,
            **{k: e if e is not None else s for k, s, e in zip(FIELDS, f.stored, f.expected)},
        }
        for f in delivery_fields(session)
        if f.is_stale
    ]
    session.write(Query.SET_RETAILER_DELIVERY, rows)
    return len(rows)
