"""The 3-day ordering and delivery cycle (DOMAIN.md §3): which zone's day a date is."""

from __future__ import annotations

import calendar
import functools
from datetime import date

CYCLE_EPOCH = date(2026, 1, 1)
"""Day 1 of the cycle: zone 1 is called on this date, zone 2 the next day, and so on."""


def zone_of_day(day: date, *, zones: int = 3, epoch: date = CYCLE_EPOCH) -> int:
    """The zone (1..zones) that orders on `day`; it is delivered on the following day.

    >>> [zone_of_day(date(2026, 1, d)) for d in (1, 2, 3, 4)]
    [1, 2, 3, 1]
    """
    return (day.toordinal() - epoch.toordinal()) % zones + 1


def delivery_zone(day: date, *, zones: int = 3, epoch: date = CYCLE_EPOCH) -> int:
    """The zone delivered on `day`: the one that ordered the day before.

    >>> delivery_zone(date(2026, 1, 2)), zone_of_day(date(2026, 1, 1))
    (1, 1)
    """
    return zone_of_day(date.fromordinal(day.toordinal() - 1), zones=zones, epoch=epoch)


def history_months(end: str, count: int) -> list[str]:
    """The `count` months ending with `end` (``YYYY-MM``), oldest first.

    >>> history_months("2026-02", 3)
    ['2025-12', '2026-01', '2026-02']
    """
    year, month = (int(x) for x in end.split("-"))
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


@functools.lru_cache(maxsize=1024)
def cycle_days(month: str, zone: int, zones: int = 3) -> int:
    """Days in `month` on which `zone` orders.

    >>> cycle_days("2026-01", 1)
    11
    """
    year, m = (int(x) for x in month.split("-"))
    days = calendar.monthrange(year, m)[1]
    return sum(zone_of_day(date(year, m, d), zones=zones) == zone for d in range(1, days + 1))


def months_before(day: date, count: int) -> list[str]:
    """The `count` full months before `day`, oldest first.

    >>> months_before(date(2026, 11, 1), 3)
    ['2026-08', '2026-09', '2026-10']
    >>> months_before(date(2026, 11, 15), 1)
    ['2026-10']
    """
    last = f"{day.year - (day.month == 1):04d}-{(day.month - 2) % 12 + 1:02d}"
    return history_months(last, count)


def month_span(months: list[str]) -> str:
    """A short label for a run of months.

    >>> month_span(["2026-08", "2026-09", "2026-10"])
    'Aug–Oct 2026'
    >>> month_span(["2025-12", "2026-01"])
    'Dec 2025–Jan 2026'
    """
    first, last = months[0], months[-1]
    name = calendar.month_abbr
    if first[:4] == last[:4]:
        head = name[int(first[5:])]
        return f"{head}–{name[int(last[5:])]} {last[:4]}" if first != last else f"{head} {last[:4]}"
    return f"{name[int(first[5:])]} {first[:4]}–{name[int(last[5:])]} {last[:4]}"
