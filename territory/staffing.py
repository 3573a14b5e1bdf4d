"""Derive each area's four-role team from its workload (DOMAIN.md §2, §4a).

- managers: enough for the weekly visits the class service policy asks of the area's retailers
  at `visits_per_day` and for their minutes of visiting and travel at `day_minutes`, over
  `working_days` filled to `manager_fill` (`managers_needed`: the seed and the re-teaming of a
  design both use it), each manager taking a compact share of the area's visiting minutes;
- agents: a zone's retailers are all called on its day, so a zone needs
  ``ceil(retailers / calls_per_day)`` agents; an agent calls one block of retailers in each zone
  (one area, or two where a block spans a border) and so sits on one or two areas per zone;
- drivers: one per vehicle; on each zone's day a depot's vehicles are shared over that zone's
  areas in proportion to their cases, so a driver sits on about one area per zone;
- inspectors: ``ceil(retailers / retailers_per_inspector)`` per area;
- the lead: the area's first customer manager (a part-time role, DOMAIN.md §2).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from graph.apportion import apportion
from graph.model import Role
from territory.bisection import bisect_balanced
from territory.params import StaffingParams


@dataclass(frozen=True)
class ServedRetailer:
    """What staffing needs to know about one retailer."""

    id: str
    area: str
    zone: int
    depot: str
    weekly_visits: float
    cases_per_delivery: float
    x_km: float
    y_km: float
    weekly_minutes: float
    """Minutes of visiting and travel a week: visits × (visit minutes + travel to the shop)."""


@dataclass(frozen=True)
class Staffing:
    """Who is on which team: roles, team edges, leads and each retailer's own manager/agent."""

    roles: dict[str, Role]
    members: tuple[tuple[str, str, Role], ...]
    """(staff, area, role) team edges."""
    leads: dict[str, str]
    manager_of: dict[str, str]
    agent_of: dict[str, str]
    driver_of: dict[str, str]
    """vehicle → its driver."""

    def count(self, role: Role) -> int:
        return sum(1 for r in self.roles.values() if r is role)


class _Ids:
    def __init__(self, prefix: str) -> None:
        self.prefix, self.n = prefix, 0

    def next(self) -> str:
        self.n += 1
        return f"{self.prefix}{self.n:04d}"


def _by_area(retailers: Sequence[ServedRetailer]) -> dict[str, list[ServedRetailer]]:
    groups: dict[str, list[ServedRetailer]] = defaultdict(list)
    for r in retailers:
        groups[r.area].append(r)
    return dict(sorted(groups.items()))


def managers_needed(visits: float, minutes: float, params: StaffingParams) -> int:
    """Customer managers for `visits` a week taking `minutes` of visiting and travel: each
    makes `visits_per_day` and `day_minutes` a day over `working_days`, filled to
    `manager_fill`.

    >>> managers_needed(400.0, 4000.0, StaffingParams(manager_fill=1.0))  # 400 / 210 visits
    2
    >>> managers_needed(400.0, 6000.0, StaffingParams(manager_fill=1.0))  # 6000 / 2520 minutes
    3
    """
    week = params.working_days * params.manager_fill
    days = max(visits / params.visits_per_day, minutes / params.day_minutes) / week
    return max(1, math.ceil(days - 1e-9))


def _split_managers(
    members: list[ServedRetailer], params: StaffingParams, ids: _Ids
) -> tuple[list[str], dict[str, str], list[ServedRetailer]]:
    """Managers of one area, each retailer's manager, and the retailers in walking order."""
    minutes = np.array([r.weekly_minutes for r in members])
    k = managers_needed(sum(r.weekly_visits for r in members), float(minutes.sum()), params)
    xy = np.array([[r.x_km, r.y_km] for r in members])
    labels = bisect_balanced(xy, minutes, k)
    managers = [ids.next() for _ in range(k)]
    manager_of = {r.id: managers[int(g)] for r, g in zip(members, labels)}
    order = sorted(range(len(members)), key=lambda i: (labels[i], xy[i, 0], xy[i, 1]))
    return managers, manager_of, [members[i] for i in order]


def derive_staffing(
    retailers: Sequence[ServedRetailer],
    vehicles: Sequence[tuple[str, str]],
    params: StaffingParams,
    *,
    prefix: str = "HF",
) -> Staffing:
    """Derive the teams for retailers already placed in areas and zones.

    `vehicles` are (vehicle id, depot id) pairs; retailers name the depot that delivers them.
    """
    ids = _Ids(prefix)
    roles: dict[str, Role] = {}
    members: set[tuple[str, str, Role]] = set()
    leads: dict[str, str] = {}
    manager_of: dict[str, str] = {}
    walk: list[ServedRetailer] = []
    areas = _by_area(retailers)
    for area, group in areas.items():
        managers, mine, ordered = _split_managers(group, params, ids)
        manager_of.update(mine)
        walk.extend(ordered)
        leads[area] = managers[0]
        for m in managers:
            roles[m] = Role.MANAGER
            members.add((m, area, Role.MANAGER))
    agent_of = _assign_agents(walk, params, ids, roles, members)
    for area, group in areas.items():
        for _ in range(math.ceil(len(group) / params.retailers_per_inspector)):
            staff = ids.next()
            roles[staff] = Role.INSPECTOR
            members.add((staff, area, Role.INSPECTOR))
    driver_of = _assign_drivers(retailers, vehicles, ids, roles, members)
    return Staffing(roles, tuple(sorted(members)), leads, manager_of, agent_of, driver_of)


def _assign_agents(
    walk: list[ServedRetailer],
    params: StaffingParams,
    ids: _Ids,
    roles: dict[str, Role],
    members: set[tuple[str, str, Role]],
) -> dict[str, str]:
    by_zone: dict[int, list[ServedRetailer]] = defaultdict(list)
    for r in walk:
        by_zone[r.zone].append(r)
    needed = {z: math.ceil(len(rs) / params.calls_per_day) for z, rs in by_zone.items()}
    agents = [ids.next() for _ in range(max(needed.values(), default=0))]
    agent_of: dict[str, str] = {}
    for zone, rs in by_zone.items():
        for i, block in enumerate(np.array_split(np.arange(len(rs)), needed[zone])):
            for j in block:
                agent_of[rs[j].id] = agents[i]
                members.add((agents[i], rs[j].area, Role.AGENT))
    for a in agents:
        roles[a] = Role.AGENT
    return agent_of


def _assign_drivers(
    retailers: Sequence[ServedRetailer],
    vehicles: Sequence[tuple[str, str]],
    ids: _Ids,
    roles: dict[str, Role],
    members: set[tuple[str, str, Role]],
) -> dict[str, str]:
    driver_of = {v: ids.next() for v, _ in vehicles}
    for d in driver_of.values():
        roles[d] = Role.DRIVER
    fleet: dict[str, list[str]] = defaultdict(list)
    for v, depot in vehicles:
        fleet[depot].append(driver_of[v])
    cases: dict[tuple[int, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for r in retailers:
        cases[(r.zone, r.depot)][r.area] += r.cases_per_delivery
    for (_, depot), per_area in sorted(cases.items()):
        drivers = fleet.get(depot, [])
        if not drivers:
            continue
        names = sorted(per_area)
        if len(drivers) >= len(names):
            counts = apportion([per_area[a] for a in names], len(drivers))
            it = iter(drivers)
            for area, c in zip(names, counts):
                for _ in range(c):
                    members.add((next(it), area, Role.DRIVER))
        else:
            for i, area in enumerate(names):
                members.add((drivers[i % len(drivers)], area, Role.DRIVER))
    return driver_of
