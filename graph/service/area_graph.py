"""An area's graph for drawing: the area lead and the team by role, the retailers with tier
and value class, the neighbouring areas and, for a date, that day's routes through the area;
every node placed (`graph.area_layout`, cached in a `LayoutCache`).

Three reads answer it (four with a date); the layout is computed once per area and team,
retailers and their managers and agents. Given the store's change counter, the whole answer
is kept too, so a repeated request costs a scope check and a lookup until the store changes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from graph.area_layout import LayoutInput, Position
from graph.errors import NotFound
from graph.layout_cache import LayoutCache
from graph.principal import Principal
from graph.queries import Query
from graph.repository import ROLE_ORDER
from graph.rows import Row
from graph.service.scope import AREA_READERS, outside
from graph.session import Session


@dataclass(frozen=True)
class GraphNode:
    """A node: `kind` is area, lead, staff, retailer or route; `role` a person's team role;
    `tier` and `value_segment` a retailer's classes; `x`, `y` in [-1, 1]."""

    id: str
    kind: str
    label: str
    role: str | None
    tier: int | None
    value_segment: str | None
    x: float
    y: float


@dataclass(frozen=True)
class GraphEdge:
    """An edge: serves, leads (person → area), managed_by, called_by (retailer → person),
    in_area (retailer → area, when its manager is not on the team), adjacent (area → area),
    stop (route → retailer), driven_by (route → person)."""

    source: str
    target: str
    kind: str


@dataclass(frozen=True)
class AreaGraph:
    """An area's subgraph ready to draw: its lead and team (employee numbers per role), the
    counts of retailers, neighbours, routes and people per role, the nodes and the edges."""

    code: str
    name: str
    name_en: str
    zone: int | None
    day: dt.date | None
    lead: str | None
    team: dict[str, tuple[str, ...]]
    counts: dict[str, int]
    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]


def area_graph(
    session: Session,
    principal: Principal,
    code: str,
    *,
    day: dt.date | None = None,
    layouts: LayoutCache,
    version: int | None = None,
) -> AreaGraph:
    """The graph of area `code` (with `day`: that day's routes through it too). With the
    store's change counter `version` (`Database.version()`, read before this call) the answer
    is kept in `layouts` and reused while the counter stays.

    Raises `Forbidden` for a viewer or retailer, or an area outside the principal's scope
    (checked first, so an unknown code outside it is forbidden too), `NotFound` for an
    unknown code otherwise."""
    principal.require(*AREA_READERS, to="read an area's graph")
    if not principal.sees_area(code):
        raise outside(principal, f"area {code}")
    key = ("area-graph", code, day)
    return layouts.answer(key, version, lambda: _read_graph(session, code, day, layouts))


def _read_graph(
    session: Session, code: str, day: dt.date | None, layouts: LayoutCache
) -> AreaGraph:
    head = session.read(Query.AREA_GRAPH_HEAD, code=code)
    if not head:
        raise NotFound(f"area {code} not found")
    team = session.read(Query.AREA_TEAM, code=code)
    retailers = session.read(Query.AREA_GRAPH_RETAILERS, code=code)
    stops = session.read(Query.AREA_ROUTE_STOPS, code=code, date=day) if day else []
    area = f"area:{code}"
    members = {str(m["employee_no"]) for m in team}
    pos = layouts.positions(code, _layout_input(area, head, members, retailers))
    nodes, edges = _areas(area, head, pos)
    _team(area, team, pos, nodes, edges)
    for r in retailers:
        _retailer(area, r, members, pos, nodes, edges)
    routes = _routes(stops, members, pos, nodes, edges)
    by_role = {
        role: tuple(sorted({str(m["employee_no"]) for m in team if m["role"] == role}))
        for role in ROLE_ORDER
    }
    return AreaGraph(
        code=code,
        name=str(head[0]["name"]),
        name_en=str(head[0]["name_en"]),
        zone=head[0]["zone"],
        day=day,
        lead=next((str(m["employee_no"]) for m in team if m["lead"]), None),
        team=by_role,
        counts={
            "retailers": len(retailers),
            "neighbours": sum(1 for h in head if h["neighbour"] is not None),
            "routes": routes,
            **{role: len(ids) for role, ids in by_role.items()},
        },
        nodes=tuple(nodes),
        edges=tuple(edges),
    )


def _layout_input(
    area: str, head: list[Row], members: set[str], retailers: list[Row]
) -> LayoutInput:
    """Hubs: the area, its neighbours and the team; agents linked to the managers whose
    retailers they call (weighted by how many); retailers around their manager, grouped by
    agent."""
    neighbours = sorted(f"area:{h['neighbour']}" for h in head if h["neighbour"] is not None)
    shared: Counter[tuple[str, str]] = Counter(
        (f"staff:{r['manager']}", f"staff:{r['agent']}")
        for r in retailers
        if r["manager"] in members and r["agent"] in members
    )
    most = max(shared.values(), default=1)
    links = [(f"staff:{s}", area, 1.0) for s in sorted(members)]
    links += [(area, n, 1.0) for n in neighbours]
    links += [(m, a, round(n / most, 3)) for (m, a), n in sorted(shared.items())]
    hub = {
        str(r["id"]): f"staff:{r['manager']}" if r["manager"] in members else area
        for r in retailers
    }
    order = sorted(retailers, key=lambda r: (str(r["agent"]), str(r["id"])))
    return LayoutInput(
        hubs=tuple(sorted({area, *neighbours, *(f"staff:{s}" for s in members)})),
        links=tuple(links),
        satellites=tuple((f"retailer:{r['id']}", hub[str(r["id"])]) for r in order),
    )


def _areas(
    area: str, head: list[Row], pos: Mapping[str, Position]
) -> tuple[list[GraphNode], list[GraphEdge]]:
    """The area and its neighbours, with the adjacency edges."""
    nodes = [GraphNode(area, "area", str(head[0]["name"]), None, None, None, *pos[area])]
    edges = []
    for h in head:
        if h["neighbour"] is not None:
            node = f"area:{h['neighbour']}"
            nodes.append(
                GraphNode(node, "area", str(h["neighbour_name"]), None, None, None, *pos[node])
            )
            edges.append(GraphEdge(area, node, "adjacent"))
    return nodes, edges


def _team(
    area: str,
    team: list[Row],
    pos: Mapping[str, Position],
    nodes: list[GraphNode],
    edges: list[GraphEdge],
) -> None:
    """Each member once (the lead as kind lead), with their serves and leads edges."""
    seen: set[str] = set()
    for m in team:
        node = f"staff:{m['employee_no']}"
        if node not in seen:
            seen.add(node)
            kind = "lead" if m["lead"] else "staff"
            nodes.append(
                GraphNode(node, kind, str(m["name"]), str(m["role"]), None, None, *pos[node])
            )
            if m["lead"]:
                edges.append(GraphEdge(node, area, "leads"))
        edges.append(GraphEdge(node, area, "serves"))


def _retailer(
    area: str,
    r: Row,
    members: set[str],
    pos: Mapping[str, Position],
    nodes: list[GraphNode],
    edges: list[GraphEdge],
) -> None:
    node = f"retailer:{r['id']}"
    nodes.append(
        GraphNode(
            node,
            "retailer",
            str(r["name"]),
            None,
            r["tier"],
            r["value_segment"] or None,
            *pos[node],
        )
    )
    if r["manager"] in members:
        edges.append(GraphEdge(node, f"staff:{r['manager']}", "managed_by"))
    else:
        edges.append(GraphEdge(node, area, "in_area"))
    if r["agent"] in members:
        edges.append(GraphEdge(node, f"staff:{r['agent']}", "called_by"))


def _routes(
    stops: list[Row],
    members: set[str],
    pos: Mapping[str, Position],
    nodes: list[GraphNode],
    edges: list[GraphEdge],
) -> int:
    """Add each route (at the centre of its stops in the area) with its stop and driven_by
    edges, and its driver when not on the team; return how many routes."""
    by_route: dict[str, list[Row]] = {}
    for s in stops:
        if f"retailer:{s['retailer']}" in pos:
            by_route.setdefault(str(s["route"]), []).append(s)
    drivers: set[str] = set()
    for route, rows in by_route.items():
        node = f"route:{route}"
        xy = [pos[f"retailer:{r['retailer']}"] for r in rows]
        x = round(sum(p[0] for p in xy) / len(xy), 4)
        y = round(sum(p[1] for p in xy) / len(xy), 4)
        nodes.append(GraphNode(node, "route", route, None, None, None, x, y))
        edges.extend(GraphEdge(node, f"retailer:{r['retailer']}", "stop") for r in rows)
        driver = rows[0]["driver"]
        if driver is None:
            continue
        if driver not in members and driver not in drivers:
            drivers.add(driver)
            nodes.append(
                GraphNode(
                    f"staff:{driver}",
                    "staff",
                    str(rows[0]["driver_name"]),
                    "driver",
                    None,
                    None,
                    x,
                    y,
                )
            )
        edges.append(GraphEdge(node, f"staff:{driver}", "driven_by"))
    return len(by_route)
