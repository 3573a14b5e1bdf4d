"""Working-hours clocks: how many working minutes lie between two instants, and when a number
of working minutes from an instant runs out (DOMAIN.md §4a: Monday–Saturday, 08:30–12:00 and
13:30–17:00), with paused intervals left out of both.

>>> cal = WorkCalendar()
>>> cal.add_working_minutes(datetime(2026, 11, 23, 11, 0), 120)  # across lunch
datetime.datetime(2026, 11, 23, 14, 30)
>>> cal.working_minutes(datetime(2026, 11, 28, 16, 0), datetime(2026, 11, 30, 9, 30))
120.0
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

Span = tuple[datetime, datetime]
"""A half-open interval of wall-clock time ``[start, end)``."""
WEEK = range(7)
MAX_IDLE_DAYS = 400
"""A calendar with no working time in this many days in a row has none at all."""


@dataclass(frozen=True)
class WorkCalendar:
    """Working days (Monday = 0), the periods of each day and the holidays off."""

    days: frozenset[int] = frozenset(range(6))
    periods: tuple[tuple[time, time], ...] = (
        (time(8, 30), time(12, 0)),
        (time(13, 30), time(17, 0)),
    )
    holidays: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        if not self.days or not self.days <= set(WEEK):
            raise ValueError(f"working days {sorted(self.days)} must be some of 0 (Monday)..6")
        ends = [t for period in self.periods for t in period]
        if not ends or ends != sorted(ends) or any(a >= b for a, b in self.periods):
            raise ValueError("working periods must be non-empty, ordered and not overlap")

    def spans_of(self, day: date) -> list[Span]:
        """The working periods of `day` (none on a day off).

        >>> WorkCalendar().spans_of(date(2026, 11, 29))  # a Sunday
        []
        """
        if day.weekday() not in self.days or day in self.holidays:
            return []
        return [(datetime.combine(day, a), datetime.combine(day, b)) for a, b in self.periods]

    def open_spans(self, start: datetime, paused: Sequence[Span] = ()) -> Iterator[Span]:
        """The working time from `start` on, in order, less the `paused` intervals."""
        pauses = sorted(paused)
        day, idle = start.date(), 0
        while idle < MAX_IDLE_DAYS:
            spans = self.spans_of(day)
            idle = 0 if spans else idle + 1
            for a, b in spans:
                yield from _less(max(a, start), b, pauses)
            day += timedelta(days=1)
        raise ValueError(f"no working time within {MAX_IDLE_DAYS} days of {start}")

    def working_minutes(self, start: datetime, end: datetime, paused: Sequence[Span] = ()) -> float:
        """Working minutes in ``[start, end)`` outside the `paused` intervals (0 if end ≤ start).

        >>> cal = WorkCalendar()
        >>> cal.working_minutes(datetime(2026, 11, 23, 17, 0), datetime(2026, 11, 24, 8, 30))
        0.0
        >>> monday = datetime(2026, 11, 23, 9, 0)
        >>> cal.working_minutes(monday, monday.replace(hour=10), [(monday.replace(minute=30),
        ...                     monday.replace(hour=9, minute=40))])
        50.0
        """
        total = timedelta()
        if end > start:
            for a, b in self.open_spans(start, paused):
                if a >= end:
                    break
                total += min(b, end) - a
        return total.total_seconds() / 60

    def add_working_minutes(
        self, start: datetime, minutes: float, paused: Sequence[Span] = ()
    ) -> datetime:
        """The first instant by which `minutes` working minutes from `start` (outside
        `paused`) have passed; a start outside hours counts from the next opening.

        >>> WorkCalendar().add_working_minutes(datetime(2026, 11, 28, 18, 0), 30)  # Sat evening
        datetime.datetime(2026, 11, 30, 9, 0)
        """
        if minutes < 0:
            raise ValueError(f"cannot add {minutes} working minutes")
        left = timedelta(minutes=minutes)
        for a, b in self.open_spans(start, paused):
            if b - a >= left:
                return a + left
            left -= b - a
        raise AssertionError("open_spans never ends")  # pragma: no cover


def _less(start: datetime, end: datetime, pauses: Sequence[Span]) -> Iterator[Span]:
    """``[start, end)`` cut by the (sorted) pauses."""
    at = start
    for a, b in pauses:
        if b <= at or a >= end:
            continue
        if a > at:
            yield at, a
        at = max(at, b)
    if at < end:
        yield at, end
