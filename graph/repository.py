"""Reads that callers need, as plain data: counts, areas, teams, retailers."""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.errors import NotFound
from graph.model import Role
from graph.queries import Query
from graph.store import GraphStore, Row

ROLE_ORDER = [r.value for r in Role]


@dataclass(frozen=True)
class TeamMember:
    employee_no: str
    name: str
    phone: str
    role: str
    role_zh: str
    lead: bool


@dataclass(frozen=True)
class AreaView:
    """An area's subgraph: its team (with the lead), its retailers and adjacent areas."""

    code: str
    name: str
    name_en: str
    zone: int | None
    team: list[TeamMember]
    lead: str | None
    retailers: list[Row]
    neighbours: list[Row]
    counts: dict[str, int] = field(default_factory=dict)


def graph_stats(store: GraphStore) -> dict[str, dict[str, int]]:
    """Node counts per label and relationship counts per type."""
    nodes = {str(r["label"]): int(r["n"]) for r in store.read(Query.NODE_COUNTS)}  # type: ignore[call-overload]
    rels = {str(r["type"]): int(r["n"]) for r in store.read(Query.REL_COUNTS)}  # type: ignore[call-overload]
    return {"nodes": dict(sorted(nodes.items())), "relationships": dict(sorted(rels.items()))}


def list_areas(store: GraphStore) -> list[Row]:
    return store.read(Query.AREA_LIST)


def _member(row: Row) -> TeamMember:
    role = str(row["role"])
    return TeamMember(
        str(row["employee_no"]),
        str(row["name"]),
        str(row["phone"]),
        role,
        Role(role).label_zh,
        bool(row["lead"]),
    )


def show_area(store: GraphStore, code: str) -> AreaView:
    """The area's subgraph; `NotFound` when no area has this code."""
    area = next((a for a in store.read(Query.AREA_LIST) if a["code"] == code), None)
    if area is None:
        raise NotFound(f"area {code} not found")
    team = sorted(
        (_member(r) for r in store.read(Query.AREA_TEAM, code=code)),
        key=lambda m: (ROLE_ORDER.index(m.role), m.employee_no),
    )
    counts = {role: sum(m.role == role for m in team) for role in ROLE_ORDER}
    return AreaView(
        code=code,
        name=str(area["name"]),
        name_en=str(area["name_en"]),
        zone=area["zone"],  # type: ignore[arg-type]
        team=team,
        lead=next((m.employee_no for m in team if m.lead), None),
        retailers=store.read(Query.AREA_RETAILERS, code=code),
        neighbours=store.read(Query.AREA_NEIGHBOURS, code=code),
        counts={"retailers": int(area["retailers"]), **counts},  # type: ignore[call-overload]
    )


def retailer_team(store: GraphStore, retailer_id: str) -> dict[str, object]:
    """Who serves a retailer: its own manager and agent, the area's inspectors and drivers,
    and the area lead."""
    rows = store.read(Query.RETAILER_TEAM, id=retailer_id)
    if not rows:
        if not store.read(Query.RETAILERS, keys=[retailer_id]):
            raise NotFound(f"retailer {retailer_id} not found")
        return {"retailer": retailer_id, "area": None, "team": []}
    team = [
        {
            "employee_no": r["employee_no"],
            "name": r["name"],
            "phone": r["phone"],
            "role": r["role"],
            "lead": r["lead"],
        }
        for r in rows
        if r["role"] in (Role.INSPECTOR.value, Role.DRIVER.value)
        or r["own_manager"]
        or r["own_agent"]
        or r["lead"]
    ]
    team.sort(key=lambda m: (ROLE_ORDER.index(str(m["role"])), str(m["employee_no"])))
    return {"retailer": retailer_id, "area": rows[0]["area"], "team": team}


def get_retailer(store: GraphStore, retailer_id: str) -> Row:
    rows = store.read(Query.RETAILERS, keys=[retailer_id])
    if not rows:
        raise NotFound(f"retailer {retailer_id} not found")
    return rows[0]


def retailer_orders(store: GraphStore, retailer_id: str) -> list[Row]:
    return store.read(Query.RETAILER_ORDERS, id=retailer_id)
