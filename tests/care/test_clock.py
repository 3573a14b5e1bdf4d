"""The working-hours clock: edge cases by hand, properties by hypothesis, and a minute-by-minute
count as the reference."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from care.clock import WorkCalendar

CAL = WorkCalendar()
MONDAY = datetime(2026, 11, 23)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A time `day` days after Monday 23 November 2026."""
    return MONDAY + timedelta(days=day, hours=hour, minutes=minute)


def counted(start: datetime, end: datetime, paused: list[tuple[datetime, datetime]]) -> int:
    """Working minutes by walking every minute (the reference)."""
    n, t = 0, start
    while t < end:
        clock = t.time()
        working = t.weekday() < 6 and (
            time(8, 30) <= clock < time(12) or time(13, 30) <= clock < time(17)
        )
        n += working and not any(a <= t < b for a, b in paused)
        t += timedelta(minutes=1)
    return n


@pytest.mark.parametrize(
    ("start", "end", "minutes"),
    [
        (at(0, 16, 30), at(1, 9), 60),  # overnight
        (at(0, 11, 30), at(0, 14), 60),  # across lunch
        (at(0, 12), at(0, 13, 30), 0),  # lunch itself
        (at(5, 16), at(7, 9, 30), 120),  # over Sunday
        (at(6, 8), at(6, 18), 0),  # Sunday
        (at(0, 7), at(0, 8, 30), 0),  # before opening
        (at(0, 9), at(0, 9), 0),
        (at(1, 9), at(0, 9), 0),  # end before start
        (at(0, 8, 30), at(1, 8, 30), 420),  # a whole day
    ],
)
def test_working_minutes_edge_cases(start: datetime, end: datetime, minutes: int) -> None:
    assert CAL.working_minutes(start, end) == minutes == counted(start, end, [])


def test_a_pause_across_a_weekend_is_left_out() -> None:
    paused = [(at(5, 10), at(7, 10))]  # Saturday 10:00 to Monday 10:00
    assert CAL.working_minutes(at(4, 16), at(7, 12), paused) == 60 + 90 + 120
    assert CAL.add_working_minutes(at(4, 16), 60 + 90 + 1, paused) == at(7, 10, 1)


@pytest.mark.parametrize(
    ("start", "minutes", "due"),
    [
        (at(6, 10), 30, at(7, 9)),  # Sunday: from Monday's opening
        (at(0, 7), 0, at(0, 8, 30)),  # before opening, nothing to add
        (at(0, 8, 30), 210, at(0, 12)),  # ends on the lunch bell, not after lunch
        (at(0, 8, 30), 211, at(0, 13, 31)),
        (at(0, 16, 59), 2, at(1, 8, 31)),  # overnight
        (at(5, 16), 120, at(7, 9, 30)),  # Saturday to Monday
        (at(0, 9, 0), 0.5, at(0, 9, 0) + timedelta(seconds=30)),
    ],
)
def test_add_working_minutes(start: datetime, minutes: float, due: datetime) -> None:
    assert CAL.add_working_minutes(start, minutes) == due


def test_days_periods_and_holidays_are_configurable() -> None:
    weekdays = WorkCalendar(
        days=frozenset(range(5)),
        periods=((time(9), time(17)),),
        holidays=frozenset({date(2026, 11, 30)}),
    )
    assert weekdays.working_minutes(at(4, 16), at(8, 10)) == 60 + 60  # Sat, Sun, holiday Mon
    assert weekdays.add_working_minutes(at(5, 9), 1) == at(8, 9, 1)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"days": frozenset()},
        {"days": frozenset({7})},
        {"periods": ()},
        {"periods": ((time(13), time(12)),)},
        {"periods": ((time(9), time(12)), (time(11), time(14)))},
    ],
)
def test_bad_calendars_are_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        WorkCalendar(**kwargs)  # type: ignore[arg-type]


def test_negative_minutes_are_refused() -> None:
    with pytest.raises(ValueError, match="cannot add"):
        CAL.add_working_minutes(at(0, 9), -1)


starts = st.integers(0, 14 * 24 * 60).map(lambda m: MONDAY + timedelta(minutes=m))
pauses = st.lists(
    st.tuples(st.integers(0, 20 * 24 * 60), st.integers(1, 3 * 24 * 60)), max_size=3
).map(
    lambda ps: [(MONDAY + timedelta(minutes=a), MONDAY + timedelta(minutes=a + d)) for a, d in ps]
)


@settings(max_examples=60, deadline=None)
@given(starts, st.integers(0, 3000), pauses)
def test_adding_then_measuring_gives_the_minutes_back(
    start: datetime, minutes: int, paused: list[tuple[datetime, datetime]]
) -> None:
    due = CAL.add_working_minutes(start, minutes, paused)
    assert CAL.working_minutes(start, due, paused) == minutes
    if minutes:  # the first such instant: a minute earlier there were fewer
        assert CAL.working_minutes(start, due - timedelta(minutes=1), paused) < minutes


@settings(max_examples=60, deadline=None)
@given(starts, st.integers(0, 3000), st.integers(0, 3000), pauses)
def test_the_due_time_grows_with_the_minutes(
    start: datetime, a: int, b: int, paused: list[tuple[datetime, datetime]]
) -> None:
    low, high = sorted((a, b))
    assert CAL.add_working_minutes(start, low, paused) <= CAL.add_working_minutes(
        start, high, paused
    )


@settings(max_examples=15, deadline=None)
@given(starts, st.integers(0, 3 * 24 * 60), pauses)
def test_working_minutes_equal_a_minute_by_minute_count(
    start: datetime, length: int, paused: list[tuple[datetime, datetime]]
) -> None:
    end = start + timedelta(minutes=length)
    assert CAL.working_minutes(start, end, paused) == counted(start, end, paused)
