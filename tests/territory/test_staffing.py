"""Teams derived from workload follow the rates of DOMAIN.md §2."""

from __future__ import annotations

import math
from collections import Counter, defaultdict

import pytest

from graph.apportion import apportion
from graph.errors import InvalidInput
from graph.model import Role
from territory.params import StaffingParams
from territory.staffing import ServedRetailer, derive_staffing, managers_needed


def _retailers(
    per_area: dict[str, tuple[int, int]], visits: float = 1.0, minutes: float = 11.0
) -> list[ServedRetailer]:
    """`n` retailers an area in zone `zone`, each `visits` a week of `minutes` with travel."""
    out = []
    for area, (n, zone) in per_area.items():
        for i in range(n):
            depot = "DC1" if zone < 3 else "DC2"
            out.append(
                ServedRetailer(
                    f"{area}-{i}",
                    area,
                    zone,
                    depot,
                    visits,
                    0.4,
                    float(i % 20),
                    float(i // 20),
                    visits * minutes,
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
    assert managers == {a: math.ceil(n / (210 * 0.85)) for a, (n, _) in per_area.items()}
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


@pytest.mark.parametrize(
    ("visits", "minutes", "managers"),
    [
        (1.0, 10.0, 3),  # 500 visits: 14.3 days at 35 visits; 5000 minutes: 11.9 days at 7 h
        (1.0, 15.0, 4),  # 7500 minutes: 17.9 days at 7 hours bind
        (2.0, 10.0, 6),  # 1000 visits: 28.6 days at 35 visits bind
        (0.5, 10.0, 2),
    ],
)
def test_an_areas_managers_make_its_policy_visits_at_35_a_day_and_7_hours(
    visits: float, minutes: float, managers: int
) -> None:
    rs = _retailers({"A1": (500, 1)}, visits, minutes)
    s = derive_staffing(rs, [("V1", "DC1")], StaffingParams())
    assert s.count(Role.MANAGER) == managers
    days = managers * 6 * 0.85
    assert 500 * visits <= days * 35 and 500 * visits * minutes <= days * 420


def test_each_manager_has_a_fair_share_of_the_areas_minutes() -> None:
    rs = _retailers({"A1": (400, 1)}, 1.0, 12.0)
    s = derive_staffing(rs, [("V1", "DC1")], StaffingParams())
    minutes: dict[str, float] = defaultdict(float)
    for r in rs:
        minutes[s.manager_of[r.id]] += r.weekly_minutes
    assert max(minutes.values()) <= 6 * 420 * 0.85


@pytest.mark.parametrize("working_days", [5, 6, 7])
def test_fewer_working_days_need_more_managers(working_days: int) -> None:
    params = StaffingParams(working_days=working_days, manager_fill=1.0)
    assert managers_needed(1260.0, 0.0, params) == math.ceil(1260 / (35 * working_days))


def test_a_manager_fill_outside_0_to_1_is_refused() -> None:
    with pytest.raises(InvalidInput, match="manager_fill must be in"):
        StaffingParams(manager_fill=1.2)
