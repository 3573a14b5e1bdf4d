"""Weekly visit plans and call lists respect their daily limits."""

from __future__ import annotations

from collections import Counter

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from routing.calls import CallItem, call_lists
from routing.matrix import StraightLine
from routing.visits import VisitItem, VisitParams, plan_week, visits_this_week


def _items(n: int, seed: int, per_week: float = 1.0) -> list[VisitItem]:
    rng = np.random.default_rng(seed)
    return [
        VisitItem(
            f"R{i}",
            "M1",
            117.3 + rng.normal(0, 0.02),
            31.86 + rng.normal(0, 0.02),
            per_week,
            10.0,
            int(rng.integers(1, 7)),
            1 + i % 3,
        )
        for i in range(n)
    ]


@settings(max_examples=8, deadline=None)
@given(st.integers(20, 260), st.integers(0, 100))
def test_no_day_is_over_35_visits_or_7_hours(n: int, seed: int) -> None:
    plan = plan_week(_items(n, seed), 2026, 48, VisitParams(), StraightLine())
    assert all(len(r.retailers) <= 35 and r.minutes <= 420 for r in plan.routes)
    placed = Counter(v for r in plan.routes for v in r.retailers)
    assert sum(placed.values()) + len(plan.missed) == n
    assert all(c == 1 for c in placed.values())


def test_a_retailer_keeps_its_weekday_from_week_to_week() -> None:
    items = _items(60, 3)
    first = plan_week(items, 2026, 48, VisitParams(), StraightLine()).routes
    second = plan_week(items, 2026, 49, VisitParams(), StraightLine()).routes
    day = {v: r.day.weekday() for r in first for v in r.retailers}
    assert all(day[v] == r.day.weekday() for r in second for v in r.retailers)


def test_fortnightly_retailers_alternate_and_twice_weekly_ones_get_two_days() -> None:
    assert [visits_this_week("X", 0.5, w) for w in range(6)].count(1) == 3
    plan = plan_week(_items(20, 4, per_week=2.0), 2026, 48, VisitParams(), StraightLine())
    assert all(c == 2 for c in Counter(v for r in plan.routes for v in r.retailers).values())


def test_call_lists_hold_140_and_put_the_morning_batch_first() -> None:
    items = [
        CallItem(f"R{i}", "A1" if i < 150 else "A2", "Z1", "pm" if i % 3 else "am", i == 7)
        for i in range(200)
    ]
    lists, left = call_lists(items)
    assert left == [] and max(len(v) for v in lists.values()) <= 140
    assert sum(len(v) for v in lists.values()) == 200
    first = lists["A1"]
    batches = ["pm" if int(r[1:]) % 3 else "am" for r in first]
    assert batches == sorted(batches)  # all "am" before "pm"
    assert first[batches.index("pm")] == "R7"  # the key account leads the afternoon batch
