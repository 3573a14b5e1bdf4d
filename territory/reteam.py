"""Teams follow new areas while keeping people: the freshly derived posts are filled by the
existing staff who already served most of the same retailers (a maximum-overlap matching per
role); only posts nobody fits get new people, and the lead stays where they can."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from graph.model import Role
from territory.staffing import Staffing


@dataclass(frozen=True)
class StaffChange:
    staff: str
    role: str
    old_areas: list[str]
    new_areas: list[str]


def _served(staffing: Staffing, retailer_area: Mapping[str, str]) -> dict[str, set[str]]:
    """The retailers each person serves: their own ones (managers, agents) or those of their
    areas (inspectors, drivers)."""
    out: dict[str, set[str]] = defaultdict(set)
    for r, m in staffing.manager_of.items():
        out[m].add(r)
    for r, a in staffing.agent_of.items():
        out[a].add(r)
    by_area: dict[str, set[str]] = defaultdict(set)
    for r, area in retailer_area.items():
        by_area[area].add(r)
    for person, area, role in staffing.members:
        if role in (Role.INSPECTOR, Role.DRIVER):
            out[person] |= by_area[area]
    return out


def _next_ids(existing: set[str], count: int) -> list[str]:
    numbers = [int(m.group(2)) for s in existing if (m := re.fullmatch(r"(\D*)(\d+)", s))]
    prefix = next(
        (m.group(1) for s in sorted(existing) if (m := re.fullmatch(r"(\D*)\d+", s))), "HF"
    )
    start = max(numbers, default=0) + 1
    return [f"{prefix}{i:04d}" for i in range(start, start + count)]


def carry_over(
    new: Staffing, old: Staffing, new_area: Mapping[str, str], old_area: Mapping[str, str]
) -> tuple[Staffing, list[StaffChange]]:
    """Rename the new posts to existing people where they overlap most; report who moved."""
    new_served, old_served = _served(new, new_area), _served(old, old_area)
    rename: dict[str, str] = {}
    for vehicle, post in new.driver_of.items():
        if vehicle in old.driver_of:
            rename[post] = old.driver_of[vehicle]
    for role in (Role.MANAGER, Role.AGENT, Role.INSPECTOR):
        posts = sorted(p for p, r in new.roles.items() if r is role)
        people = sorted(p for p, r in old.roles.items() if r is role)
        if posts and people:
            overlap = np.array(
                [[len(new_served[p] & old_served[s]) for s in people] for p in posts]
            )
            for i, j in zip(*linear_sum_assignment(-overlap)):
                rename[posts[i]] = people[j]
    fresh = _next_ids(set(old.roles), sum(1 for p in new.roles if p not in rename))
    for post in sorted(p for p in new.roles if p not in rename):
        rename[post] = fresh.pop(0)
    staffing = _renamed(new, rename, old)
    return staffing, _changes(staffing, old)


def _renamed(new: Staffing, rename: Mapping[str, str], old: Staffing) -> Staffing:
    members = tuple(sorted((rename[p], a, r) for p, a, r in new.members))
    managers = defaultdict(set)
    for p, a, r in members:
        if r is Role.MANAGER:
            managers[a].add(p)
    leads = {
        a: old.leads[a] if old.leads.get(a) in managers[a] else rename[p]
        for a, p in new.leads.items()
    }
    return Staffing(
        {rename[p]: r for p, r in new.roles.items()},
        members,
        leads,
        {r: rename[p] for r, p in new.manager_of.items()},
        {r: rename[p] for r, p in new.agent_of.items()},
        {v: rename[p] for v, p in new.driver_of.items()},
    )


def _changes(new: Staffing, old: Staffing) -> list[StaffChange]:
    def areas(s: Staffing) -> dict[str, set[str]]:
        out: dict[str, set[str]] = defaultdict(set)
        for p, a, _ in s.members:
            out[p].add(a)
        return out

    before, after = areas(old), areas(new)
    out = []
    for person in sorted(set(before) | set(after)):
        if before.get(person, set()) != after.get(person, set()):
            role = (new.roles.get(person) or old.roles[person]).value
            out.append(
                StaffChange(
                    person,
                    role,
                    sorted(before.get(person, set())),
                    sorted(after.get(person, set())),
                )
            )
    return out
