"""Reads that callers need, as plain data: counts, areas, teams, retailers."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from graph.errors import NotFound
from graph.model import Role
from graph.queries import Query
from graph.rows import Row
from graph.schema import SCHEMA
from graph.store import GraphStore

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
    nodes = {str(r["label"]): int(r["n"]) for r in store.read(Query.NODE_COUNTS)}
    rels = {str(r["type"]): int(r["n"]) for r in store.read(Query.REL_COUNTS)}
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
        zone=area["zone"],
        team=team,
        lead=next((m.employee_no for m in team if m.lead), None),
        retailers=store.read(Query.AREA_RETAILERS, code=code),
        neighbours=store.read(Query.AREA_NEIGHBOURS, code=code),
        counts={"retailers": int(area["retailers"]), **counts},
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


def retailer_profile(store: GraphStore, retailer_id: str) -> dict[str, object]:
    """Everything `crm retailer show` prints: fields by group with their labels and kind,
    classes with explanations, class history, pending change requests, the team."""
    row = get_retailer(store, retailer_id)
    groups: dict[str, list[dict[str, object]]] = {}
    for p in SCHEMA.node("Retailer").properties:
        if p.name == "class_explanations" or p.group is None:
            continue
        groups.setdefault(p.group.value, []).append(
            {
                "field": p.name,
                "label_zh": p.label_zh,
                "label_en": p.label_en,
                "change": p.change.value,
                "value": row[p.name],
            }
        )
    explained = json.loads(row["class_explanations"]) if row["class_explanations"] else {}
    requests = store.read(Query.RETAILER_CHANGE_REQUESTS, id=retailer_id)
    return {
        "id": retailer_id,
        "name": row["name"],
        "fields": groups,
        "classified_on": row["classified_on"],
        "classes": explained,
        "class_history": store.read(Query.RETAILER_CLASS_HISTORY, id=retailer_id),
        "pending_change_requests": [r for r in requests if r["status"] == "pending"],
        "audit": store.read(Query.RETAILER_AUDIT, id=retailer_id),
        "team": retailer_team(store, retailer_id),
    }
