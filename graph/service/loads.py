"""Each staff member's current load in their role, against what one person can carry: the
figure impact answers rank colleagues by and profiles show.

The units are those of `territory.area_report.team_loads`, per person instead of per area:
managers' visits a week (capacity: visits a day × working days, DOMAIN.md §2, §4a), agents'
calls on their busiest zone-day (capacity: calls a day, §2), inspectors' share of their areas'
retailers (capacity: retailers per inspector), drivers' share of their areas' cases on their
busiest zone-day (capacity: their vehicle's cases a day, §4). Inspectors and drivers serve
whole areas, so their share is the area's figure over the people of the role there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from graph.model import Role
from graph.queries import Query
from graph.rows import Row
from graph.session import Session
from territory.design_params import DesignParams
from territory.params import StaffingParams
from territory.plan import DELIVERIES_PER_MONTH

UNITS = {
    Role.MANAGER: "visits a week",
    Role.AGENT: "calls a zone-day",
    Role.INSPECTOR: "retailers",
    Role.DRIVER: "cases a zone-day",
}


@dataclass(frozen=True)
class Load:
    """A person's load in `role`: the retailers they serve (their own, or their share of
    their areas'), the work in `unit`, one person's `capacity` in that unit and the share of
    it the work takes (1.0 = full)."""

    role: str
    retailers: int
    amount: float
    unit: str
    capacity: float
    utilisation: float


@dataclass(frozen=True)
class AreaFigures:
    """An area's zone, retailers and monthly cases."""

    zone: int | None
    retailers: int
    cases: float


def read_area_figures(session: Session) -> dict[str, AreaFigures]:
    """Every area's zone, retailer count and monthly cases, by code."""
    return {
        str(r["area"]): AreaFigures(r["zone"], int(r["retailers"]), float(r["cases"] or 0.0))
        for r in session.read(Query.AREA_VOLUMES)
    }


def read_loads(session: Session, areas: Mapping[str, AreaFigures] | None = None) -> dict[str, Load]:
    """Every staff member's load in their main role, by employee number (`areas`: the
    figures of `read_area_figures`, when already read)."""
    roles = {str(s["employee_no"]): Role(str(s["role"])) for s in session.read(Query.STAFF_LIST)}
    team = [
        (str(e["staff"]), str(e["area"]), Role(str(e["role"])))
        for e in session.read(Query.TEAM_EDGES)
    ]
    vehicle_of = {str(v["staff"]): str(v["vehicle"]) for v in session.read(Query.DRIVER_VEHICLES)}
    fleet = {str(v["id"]): float(v["capacity_cases"]) for v in session.read(Query.FLEET)}
    return person_loads(
        roles,
        team,
        read_area_figures(session) if areas is None else areas,
        session.read(Query.OWN_RETAILER_LOADS),
        {s: fleet[v] for s, v in vehicle_of.items() if v in fleet},
        StaffingParams(),
    )


def person_loads(
    roles: Mapping[str, Role],
    team: Iterable[tuple[str, str, Role]],
    areas: Mapping[str, AreaFigures],
    own: Iterable[Row],
    vehicle_capacity: Mapping[str, float],
    params: StaffingParams,
) -> dict[str, Load]:
    """Each person's load from their team edges, their own retailers (rows of staff, role,
    area, retailers, visits a week and retailers without a visit policy yet) and their
    vehicle's capacity (a driver without one gets the fleet's mean)."""
    default_visits = DesignParams().default_visits_per_week
    count: dict[str, float] = defaultdict(float)
    work: dict[tuple[str, int | None], float] = defaultdict(float)
    for r in own:
        staff, area = str(r["staff"]), r["area"]
        if r["role"] != roles.get(staff):
            continue
        count[staff] += int(r["retailers"])
        zone = areas[area].zone if area in areas else None
        if r["role"] == Role.MANAGER.value:
            visits = float(r["visits"] or 0.0) + int(r["unclassified"]) * default_visits
            work[(staff, None)] += visits
        else:
            work[(staff, zone)] += int(r["retailers"])
    _shared_loads(roles, list(team), areas, count, work)
    mean_capacity = (
        sum(vehicle_capacity.values()) / len(vehicle_capacity) if vehicle_capacity else 0.0
    )
    capacity = {
        Role.MANAGER: float(params.visits_per_week),
        Role.AGENT: float(params.calls_per_day),
        Role.INSPECTOR: float(params.retailers_per_inspector),
    }
    out = {}
    for staff, role in sorted(roles.items()):
        amount = max((w for (s, _), w in work.items() if s == staff), default=0.0)
        cap = capacity.get(role, vehicle_capacity.get(staff, mean_capacity))
        out[staff] = Load(
            role.value,
            round(count[staff]),
            round(amount, 1),
            UNITS[role],
            round(cap, 1),
            round(amount / cap, 3) if cap else 0.0,
        )
    return out


def _shared_loads(
    roles: Mapping[str, Role],
    team: list[tuple[str, str, Role]],
    areas: Mapping[str, AreaFigures],
    count: dict[str, float],
    work: dict[tuple[str, int | None], float],
) -> None:
    """Add inspectors' and drivers' shares of their areas (an inspector's work is their
    retailers, summed over areas; a driver's the cases of each zone-day)."""
    people: dict[tuple[str, Role], int] = defaultdict(int)
    for _, area, role in team:
        people[(area, role)] += 1
    for staff, area, role in team:
        if role not in (Role.INSPECTOR, Role.DRIVER) or roles.get(staff) is not role:
            continue
        figures = areas.get(area)
        if figures is None:
            continue
        n = people[(area, role)]
        count[staff] += figures.retailers / n
        if role is Role.INSPECTOR:
            work[(staff, None)] += figures.retailers / n
        else:
            work[(staff, figures.zone)] += figures.cases / DELIVERIES_PER_MONTH / n
