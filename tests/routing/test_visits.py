"""A manager's full days hand visits to colleagues of the same area; only an area's own
capacity makes visits missed, and then the plan says how many manager-days it is short."""

from __future__ import annotations

from collections import Counter

import pytest

from graph.errors import InvalidInput
from routing.matrix import StraightLine
from routing.visits import VisitItem, VisitParams, WeekPlan, plan_week

ONE_DAY = VisitParams(working_days=1)


def _shops(
    manager: str, area: str, n: int, *, minutes: float = 10.0, spot: int = 0
) -> list[VisitItem]:
    """`n` weekly retailers of one manager on Monday, all at one spot (no travel)."""
    return [
        VisitItem(f"{manager}-{i}", manager, 117.3 + spot * 0.01, 31.86, 1.0, minutes, 1, 1, area)
        for i in range(n)
    ]


def _plan(items: list[VisitItem], params: VisitParams = ONE_DAY) -> WeekPlan:
    return plan_week(items, 2026, 48, params, StraightLine())


def test_a_full_day_hands_its_visits_to_a_colleague_of_the_same_area() -> None:
    plan = _plan(_shops("M1", "A1", 50) + _shops("M2", "A1", 10, spot=1))
    per_manager = Counter(r.manager for r in plan.routes for _ in r.retailers)
    assert plan.missed == [] and plan.short == []
    assert per_manager == {"M1": 35, "M2": 25}
    assert plan.moved == 15


def test_a_colleague_of_another_area_takes_nothing() -> None:
    plan = _plan(_shops("M1", "A1", 50) + _shops("M2", "A2", 10, spot=1))
    assert plan.moved == 0 and len(plan.missed) == 15
    assert {m.area for m in plan.missed} == {"A1"}
    assert [(s.area, s.manager_days, s.visits) for s in plan.short] == [("A1", 1, 15)]


def test_a_manager_uses_their_own_other_days_before_a_colleague() -> None:
    items = _shops("M1", "A1", 50) + _shops("M2", "A1", 10, spot=1)
    plan = _plan(items, VisitParams(working_days=6))
    assert plan.moved == 0 and plan.missed == []
    assert all(
        r.manager == "M1" for r in plan.routes if any(v.startswith("M1") for v in r.retailers)
    )


def test_visits_are_missed_only_when_the_areas_managers_are_all_full() -> None:
    items = [it for m in ("M1", "M2", "M3") for it in _shops(m, "A1", 40)]
    plan = _plan(items)
    assert len(plan.missed) == 15 and plan.moved == 0
    assert all(len(r.retailers) == 35 for r in plan.routes)
    assert [(s.area, s.manager_days, s.visits) for s in plan.short] == [("A1", 1, 15)]


def test_the_manager_days_short_follow_the_day_minutes_when_they_bind() -> None:
    plan = _plan(_shops("M1", "A1", 80, minutes=20.0))
    assert sum(len(r.retailers) for r in plan.routes) == 21  # 21 × 20 = 420 minutes
    (short,) = plan.short
    assert short.visits == 59 and short.minutes == 59 * 20
    assert short.manager_days == 3  # 1180 minutes at 420 a day; 59 visits would need only 2


def test_every_visit_is_planned_once_and_no_day_is_over_its_limits() -> None:
    items = [it for m, n in (("M1", 90), ("M2", 20), ("M3", 10)) for it in _shops(m, "A1", n)]
    plan = _plan(items, VisitParams(working_days=2))
    placed = Counter(v for r in plan.routes for v in r.retailers)
    assert sum(placed.values()) + len(plan.missed) == 120 and set(placed.values()) == {1}
    assert all(len(r.retailers) <= 35 and r.minutes <= 420 for r in plan.routes)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"working_days": 0}, "working_days must be 1..7, got 0"),
        ({"working_days": 8}, "working_days must be 1..7, got 8"),
        ({"visits_per_day": 0}, "visits_per_day must be ≥ 1, got 0"),
    ],
)
def test_bad_visit_parameters_are_refused(kwargs: dict[str, int], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        VisitParams(**kwargs)
