"""Reads the services build on, as plain data: counts, areas, teams, retailers.

Nothing here knows who is asking: the services in `graph.service` check the principal and
filter by its areas before they call these.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from graph.errors import NotFound
from graph.model import Role
from graph.queries import Query
from graph.rows import Row
from graph.session import Session

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
class AreaSummary:
    code: str
    name: str
    name_en: str
    zone: int | None
    retailers: int


@dataclass(frozen=True)
class AreaRetailer:
    id: str
    name: str
    lon: float
    lat: float
    avg_monthly_cases: float
    manager: str | None
    agent: str | None


@dataclass(frozen=True)
class Neighbour:
    code: str
    name: str
    links: int


@dataclass(frozen=True)
class AreaView:
    """An area's subgraph: its team (with the lead), its retailers and adjacent areas;
    `counts` holds the retailers and the team members per role."""

    code: str
    name: str
    name_en: str
    zone: int | None
    team: tuple[TeamMember, ...]
    lead: str | None
    retailers: tuple[AreaRetailer, ...]
    neighbours: tuple[Neighbour, ...]
    counts: dict[str, int]


@dataclass(frozen=True)
class RetailerTeam:
    """Who serves a retailer (`area` None when it is in no area)."""

    retailer: str
    area: str | None
    team: tuple[TeamMember, ...]


@dataclass(frozen=True)
class RetailerSummary:
    """One line of the retailer list."""

    id: str
    name: str
    area: str | None
    zone: int | None
    district: str
    licence_no: str
    address: str
    category_code: str
    tier: int
    grade: int
    value_segment: str
    lifecycle: str
    avg_monthly_cases: float
    key_account: bool


@dataclass(frozen=True)
class RetailerFilter:
    """What a retailer list is narrowed to: each field given must match (`text` is found in
    the name, licence number or address)."""

    area: str | None = None
    zone: int | None = None
    district: str | None = None
    tier: int | None = None
    grade: int | None = None
    value_segment: str | None = None
    lifecycle: str | None = None
    text: str | None = None


def graph_stats(session: Session) -> dict[str, dict[str, int]]:
    """Node counts per label and relationship counts per type."""
    nodes = {str(r["label"]): int(r["n"]) for r in session.read(Query.NODE_COUNTS)}
    rels = {str(r["type"]): int(r["n"]) for r in session.read(Query.REL_COUNTS)}
    return {"nodes": dict(sorted(nodes.items())), "relationships": dict(sorted(rels.items()))}


def list_areas(session: Session) -> tuple[AreaSummary, ...]:
    """Every area with its zone and retailer count, by code."""
    return tuple(AreaSummary(**r) for r in session.read(Query.AREA_LIST))


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


def _team(rows: list[Row]) -> tuple[TeamMember, ...]:
    """Members by role (agent, manager, inspector, driver), then employee number."""
    members = (_member(r) for r in rows)
    return tuple(sorted(members, key=lambda m: (ROLE_ORDER.index(m.role), m.employee_no)))


def show_area(session: Session, code: str) -> AreaView:
    """The area's subgraph; `NotFound` when no area has this code."""
    area = next((a for a in list_areas(session) if a.code == code), None)
    if area is None:
        raise NotFound(f"area {code} not found")
    team = _team(session.read(Query.AREA_TEAM, code=code))
    counts = {role: sum(m.role == role for m in team) for role in ROLE_ORDER}
    return AreaView(
        code=code,
        name=area.name,
        name_en=area.name_en,
        zone=area.zone,
        team=team,
        lead=next((m.employee_no for m in team if m.lead), None),
        retailers=tuple(AreaRetailer(**r) for r in session.read(Query.AREA_RETAILERS, code=code)),
        neighbours=tuple(Neighbour(**r) for r in session.read(Query.AREA_NEIGHBOURS, code=code)),
        counts={"retailers": area.retailers, **counts},
    )


def retailer_team(session: Session, retailer_id: str) -> RetailerTeam:
    """Who serves a retailer: its own manager and agent, the area's inspectors and drivers,
    and the area lead."""
    rows = session.read(Query.RETAILER_TEAM, id=retailer_id)
    if not rows:
        get_retailer(session, retailer_id)
        return RetailerTeam(retailer_id, None, ())
    serving = [
        r
        for r in rows
        if r["role"] in (Role.INSPECTOR.value, Role.DRIVER.value)
        or r["own_manager"]
        or r["own_agent"]
        or r["lead"]
    ]
    return RetailerTeam(retailer_id, str(rows[0]["area"]), _team(serving))


def get_retailer(session: Session, retailer_id: str) -> Row:
    """Every field of one retailer; `NotFound` when there is none with this id."""
    rows = session.read(Query.RETAILERS, keys=[retailer_id])
    if not rows:
        raise NotFound(f"retailer {retailer_id} not found")
    return rows[0]


def retailer_orders(session: Session, retailer_id: str) -> list[Row]:
    return session.read(Query.RETAILER_ORDERS, id=retailer_id)


def retailer_areas(session: Session, retailer_ids: Sequence[str]) -> dict[str, str | None]:
    """The area of each retailer that exists (None when it is in no area)."""
    rows = session.read(Query.RETAILER_AREAS, ids=list(retailer_ids))
    return {str(r["id"]): None if r["area"] is None else str(r["area"]) for r in rows}


def search_retailers(
    session: Session,
    found: RetailerFilter,
    areas: frozenset[str] | None,
    offset: int,
    limit: int,
) -> tuple[tuple[RetailerSummary, ...], int]:
    """One page of the retailers of `areas` (None: every area) that pass `found`, by id, and
    how many pass in all. Searches that name areas start from them."""
    params: dict[str, object] = {
        "zone": found.zone or 0,
        "district": found.district or "",
        "tier": found.tier or 0,
        "grade": found.grade or 0,
        "value_segment": found.value_segment or "",
        "lifecycle": found.lifecycle or "",
        "text": found.text or "",
    }
    page, count = Query.RETAILER_SEARCH, Query.RETAILER_SEARCH_COUNT
    if found.area is not None or areas is not None:  # the service checked `area` is in scope
        params["areas"] = sorted({found.area} if found.area is not None else areas or ())
        page, count = Query.RETAILER_SEARCH_IN_AREAS, Query.RETAILER_SEARCH_IN_AREAS_COUNT
    total = int(session.read(count, **params)[0]["total"])
    if offset >= total:  # LadybugDB 0.22 crashes the process on ORDER BY … SKIP far past the end
        return (), total
    rows = session.read(page, offset=offset, limit=limit, **params)
    return tuple(RetailerSummary(**r) for r in rows), total
