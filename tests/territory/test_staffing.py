"""Teams derived from workload follow the rates of DOMAIN.md §2."""

from __future__ import annotations

import math
from collections import Counter

from graph.apportion import apportion
from graph.model import Role
from territory.params import StaffingParams
from territory.staffing import ServedRetailer, derive_staffing


def _retailers(per_area: dict[str, tuple[int, int]]) -> list[ServedRetailer]:
    out = []
    for area, (n, zone) in per_area.items():
        for i in range(n):
            depot = "DC1" if zone < 3 else "DC2"
            out.append(
                ServedRetailer(
                    f"{area}-{i}", area, zone, depot, 1.0, 0.4, float(i % 20), float(i // 20)
                )
            )
    return out


def test_each_role_follows_its_rate() -> None:
    per_area = {"A1": (500, 1), "A2": (300, 1), "A3": (420, 2), "A4": (100, 3)}
    rs = _retailers(per_area)
    s = derive_staffing(
        rs, [("V1", "DC1"), ("V2", "DC1"), ("V3", "DC1"), ("V4", "DC2")], StaffingParams()
    )
    managers = Counter(a for _, a, r in s.members if r is Role.MANAGER)
    assert managers == {a: math.ceil(n / 210) for a, (n, _) in per_area.items()}
    assert s.count(Role.AGENT) == math.ceil(800 / 140)  # the busiest zone-day
    assert s.count(Role.DRIVER) == 4
    inspectors = Counter(a for _, a, r in s.members if r is Role.INSPECTOR)
    assert inspectors == {a: math.ceil(n / 400) for a, (n, _) in per_area.items()}


def test_every_retailer_has_a_manager_and_agent_of_its_own_area() -> None:
    rs = _retailers({"A1": (250, 1), "A2": (260, 2), "A3": (100, 3)})
    s = derive_staffing(rs, [("V1", "DC1"), ("V2", "DC2")], StaffingParams())
    members = set(s.members)
    for r in rs:
        assert (s.manager_of[r.id], r.area, Role.MANAGER) in members
        assert (s.agent_of[r.id], r.area, Role.AGENT) in members
    assert all(s.roles[lead] is Role.MANAGER for lead in s.leads.values())
    calls = Counter((s.agent_of[r.id], r.zone) for r in rs)
    assert max(calls.values()) <= 140


def test_apportion_gives_everyone_at_least_one_when_it_can() -> None:
    assert apportion([5.0, 0.0, 0.0], 3) == [1, 1, 1]
    assert sum(apportion([0.3, 0.3, 0.4], 7)) == 7
