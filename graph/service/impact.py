"""What a graph answers and a table does not: if this person leaves, who and what is left
without them, and who could cover."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from graph.model import Role
from graph.principal import AccountRole, Principal
from graph.queries import Query
from graph.repository import ROLE_ORDER
from graph.service.loads import AreaFigures, Load, read_area_figures, read_loads
from graph.service.staff import DrivenRoute, Person, latest_routes, read_person
from graph.session import Session

IMPACT_READERS = (
    AccountRole.PLANNER,
    AccountRole.SUPERVISOR,
    AccountRole.DISPATCHER,
    AccountRole.TEAM_LEAD,
)
"""Roles that may ask what a person's leaving does (a team lead within its areas)."""


@dataclass(frozen=True)
class AreaLoss:
    """An area the person serves in `role`: who of that role stays there (`uncovered` when
    nobody does) and whether the area loses its lead."""

    area: str
    name: str
    role: str
    role_zh: str
    remaining: tuple[str, ...]
    uncovered: bool
    loses_lead: bool
    retailers: int


@dataclass(frozen=True)
class RetailerLoss:
    """Retailers of one area that lose the person in `role`: those whose own manager or agent
    they are (listed in `ids`), or, `via_area`, every retailer of an area where they inspect
    or drive. `still_served` when someone else of the role stays in the area."""

    area: str
    role: str
    retailers: int
    ids: tuple[str, ...]
    via_area: bool
    still_served: bool


@dataclass(frozen=True)
class Candidate:
    """A colleague of the same role who could cover: their areas, the person's areas they
    already serve (`same_area`) or border (`covers`), their current load, the room they have
    left (`spare`, in the load's unit; negative when over capacity) and the share of their
    capacity they would carry if they took the whole of the person's load on top."""

    employee_no: str
    name: str
    role: str
    areas: tuple[str, ...]
    same_area: bool
    covers: tuple[str, ...]
    load: Load
    spare: float
    utilisation_after: float


@dataclass(frozen=True)
class StaffImpact:
    """If this person leaves: the areas that lose them (and which are left with nobody in the
    role), the retailers that lose them, the routes of the latest planned date (`routes_date`)
    that lose their driver, and who could cover, best first: colleagues already in the same
    area, then those of adjacent areas, each by their load after taking the person's on.
    `spare_same_area` and `spare_nearby` add up the room the colleagues of the person's role
    have left in the same areas, and in those and the adjacent ones, to set against the
    person's load (`load.amount`, same unit). `partial` when some of the person's areas are
    outside the principal's scope."""

    employee_no: str
    name: str
    role: str
    role_zh: str
    load: Load
    areas: tuple[AreaLoss, ...]
    retailers: tuple[RetailerLoss, ...]
    routes_date: dt.date | None
    routes: tuple[DrivenRoute, ...]
    candidates: tuple[Candidate, ...]
    spare_same_area: float
    spare_nearby: float
    partial: bool


def staff_impact(session: Session, principal: Principal, employee_no: str) -> StaffImpact:
    """What this person's leaving does (see `StaffImpact`), within the principal's scope.

    Raises `Forbidden` unless the principal is an administrator, planner, supervisor,
    dispatcher or a team lead of one of the person's areas (a viewer sees no names);
    `NotFound` for a whole-city principal when there is no such person."""
    principal.require(*IMPACT_READERS, to="see the impact of a staff member leaving")
    person = read_person(session, principal, employee_no)
    team = [
        (str(e["staff"]), str(e["area"]), str(e["role"])) for e in session.read(Query.TEAM_EDGES)
    ]
    figures = read_area_figures(session)
    loads = read_loads(session, figures)
    day, routes = latest_routes(session, principal, employee_no)
    candidates = _candidates(session, principal, person, team, loads)
    mine = [c for c in candidates if c.role == person.role and c.spare > 0]
    return StaffImpact(
        employee_no=person.employee_no,
        name=person.name,
        role=person.role,
        role_zh=person.role_zh,
        load=loads[employee_no],
        areas=tuple(_area_losses(person, team, {a: f.retailers for a, f in figures.items()})),
        retailers=tuple(_retailer_losses(session, person, team, figures)),
        routes_date=day,
        routes=routes,
        candidates=candidates,
        spare_same_area=round(sum(c.spare for c in mine if c.same_area), 1),
        spare_nearby=round(sum(c.spare for c in mine), 1),
        partial=person.partial,
    )


def _area_losses(
    person: Person, team: list[tuple[str, str, str]], retailers: dict[str, int]
) -> list[AreaLoss]:
    out = []
    for a in person.areas:
        left = tuple(
            sorted(
                s
                for s, area, role in team
                if area == a.code and role == a.role and s != person.employee_no
            )
        )
        out.append(
            AreaLoss(
                a.code, a.name, a.role, a.role_zh, left, not left, a.lead, retailers.get(a.code, 0)
            )
        )
    return out


def _retailer_losses(
    session: Session,
    person: Person,
    team: list[tuple[str, str, str]],
    figures: dict[str, AreaFigures],
) -> list[RetailerLoss]:
    """Own retailers (manager, agent) per area, and whole areas (inspector, driver)."""
    own: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in session.read(Query.STAFF_RETAILERS, employee_no=person.employee_no):
        own[(str(r["area"]), str(r["role"]))].append(str(r["id"]))
    out = []
    for a in person.areas:
        others = any(
            area == a.code and role == a.role and s != person.employee_no for s, area, role in team
        )
        if a.role in (Role.MANAGER.value, Role.AGENT.value):
            ids = tuple(sorted(own.get((a.code, a.role), [])))
            out.append(RetailerLoss(a.code, a.role, len(ids), ids, False, others))
        else:
            area = figures.get(a.code)
            count = area.retailers if area else 0
            out.append(RetailerLoss(a.code, a.role, count, (), True, others))
    return out


def _candidates(
    session: Session,
    principal: Principal,
    person: Person,
    team: list[tuple[str, str, str]],
    loads: dict[str, Load],
) -> tuple[Candidate, ...]:
    """Colleagues of the roles the person holds, in the person's areas or adjacent ones."""
    names = {str(s["employee_no"]): str(s["name"]) for s in session.read(Query.STAFF_LIST)}
    areas_of: dict[str, set[str]] = defaultdict(set)
    for s, area, _ in team:
        areas_of[s].add(area)
    found: dict[str, Candidate] = {}
    mine = loads[person.employee_no]
    for a in person.areas:
        bordering = {str(n["code"]) for n in session.read(Query.AREA_NEIGHBOURS, code=a.code)}
        for s, area, role in team:
            if role != a.role or s == person.employee_no or area not in bordering | {a.code}:
                continue
            if not (principal.areas is None or areas_of[s] & principal.areas):
                continue
            load = loads[s]
            before = found.get(s)
            same = area == a.code or (before is not None and before.same_area)
            covers = tuple(sorted({a.code} | set(before.covers if before else ())))
            after = (load.amount + mine.amount) / load.capacity if load.capacity else 0.0
            found[s] = Candidate(
                s,
                names.get(s, ""),
                role,
                tuple(sorted(areas_of[s])),
                same,
                covers,
                load,
                round(load.capacity - load.amount, 1),
                round(after, 3),
            )
    return tuple(
        sorted(
            found.values(),
            key=lambda c: (
                ROLE_ORDER.index(c.role),
                not c.same_area,
                c.utilisation_after,
                c.employee_no,
            ),
        )
    )
