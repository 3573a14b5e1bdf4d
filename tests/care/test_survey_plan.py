"""The survey wave plan: items, window, and its constraints as properties."""

from __future__ import annotations

import math
from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from care.survey_items import DEFAULT_ITEMS, MAX_ITEMS
from care.survey_plan import Surveyed, check_items, plan_wave, working_days
from graph.errors import InvalidInput

START = date(2026, 12, 7)

retailer_lists = st.lists(
    st.builds(
        Surveyed,
        st.from_regex(r"R[0-9]{3}", fullmatch=True),
        st.sampled_from(["A01", "A02", "A03", None]),
        st.one_of(st.none(), st.integers(-600, 40).map(lambda k: START + timedelta(days=k))),
    ),
    max_size=60,
    unique_by=lambda r: r.retailer,
)


@settings(max_examples=60, deadline=None)
@given(retailer_lists, st.integers(1, 60))
def test_plan_constraints(retailers: list[Surveyed], days: int) -> None:
    plan = plan_wave(retailers, start=START, days=days)
    last = {r.retailer: r.last for r in retailers}
    scheduled = {s.retailer: s for s in plan.schedule}
    # every retailer is scheduled once or left out with a reason
    assert len(scheduled) == len(plan.schedule)
    assert set(scheduled) | {e.retailer for e in plan.excluded} == set(last)
    assert not set(scheduled) & {e.retailer for e in plan.excluded}
    for s in plan.schedule:
        # a working day of the window, never within 180 days of the last survey
        assert plan.starts_on <= s.day <= plan.ends_on and s.day.weekday() < 6
        previous = last[s.retailer]
        assert previous is None or (s.day - previous).days >= 180
    for r in retailers:  # every overdue retailer is in the wave
        if r.last is None or (START - r.last).days > 365:
            assert r.retailer in scheduled and scheduled[r.retailer].overdue
    for e in plan.excluded:
        assert e.last is not None and e.next_due == e.last + timedelta(days=180)
        assert e.next_due > max(working_days(START, days))
    # no day holds more than its share of the retailers that may come any day
    if all(r.last is None or (START - r.last).days >= 180 for r in retailers) and retailers:
        cap = math.ceil(len(retailers) / len(working_days(START, days)))
        assert max(Counter(s.day for s in plan.schedule).values()) <= cap
    assert len(plan.items) <= MAX_ITEMS


def test_overdue_retailers_take_the_first_days() -> None:
    retailers = [Surveyed(f"R{k}", "A", date(2026, 5, 1)) for k in range(6)]
    retailers += [Surveyed("OLD", "A", date(2025, 1, 1)), Surveyed("NEW", "A", None)]
    plan = plan_wave(retailers, start=START, days=6)
    first = [s.retailer for s in plan.schedule if s.day == START]
    assert first == ["NEW", "OLD"]


def test_a_retailer_surveyed_recently_comes_once_it_may() -> None:
    plan = plan_wave([Surveyed("R1", "A", date(2026, 6, 20))], start=START, days=30)
    assert plan.schedule[0].day == date(2026, 12, 17)


def test_a_retailer_due_only_on_the_closing_sunday_waits() -> None:
    sunday = date(2026, 12, 13)
    plan = plan_wave([Surveyed("R1", "A", sunday - timedelta(days=180))], start=START, days=7)
    assert plan.schedule == () and plan.excluded[0].next_due == sunday


def test_areas_are_spread_over_the_days() -> None:
    retailers = [Surveyed(f"{a}{k}", a, None) for a in "XY" for k in range(6)]
    plan = plan_wave(retailers, start=START, days=6)
    per = Counter((s.area, s.day) for s in plan.schedule)
    assert set(per.values()) == {1}


def test_items_default_and_limits() -> None:
    assert check_items(None) == tuple(i.code for i in DEFAULT_ITEMS)
    with pytest.raises(InvalidInput, match="unknown survey item"):
        check_items(["nope"])
    with pytest.raises(InvalidInput, match="at most 20"):
        check_items([DEFAULT_ITEMS[0].code] * 21)
    with pytest.raises(InvalidInput, match="twice"):
        check_items([DEFAULT_ITEMS[0].code] * 2)
    with pytest.raises(InvalidInput, match="at least one"):
        check_items([])


def test_a_window_needs_a_working_day() -> None:
    with pytest.raises(InvalidInput, match="no working day"):
        working_days(date(2026, 12, 6), 1)  # a Sunday
    with pytest.raises(InvalidInput):
        working_days(START, 0)
