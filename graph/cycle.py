"""The 3-day ordering and delivery cycle (DOMAIN.md §3): which zone's day a date is."""

from __future__ import annotations

from datetime import date

CYCLE_EPOCH = date(2026, 1, 1)
"""Day 1 of the cycle: zone 1 is called on this date, zone 2 the next day, and so on."""


def zone_of_day(day: date, *, zones: int = 3, epoch: date = CYCLE_EPOCH) -> int:
    """The zone (1..zones) that orders on `day`; it is delivered on the following day.

    >>> [zone_of_day(date(2026, 1, d)) for d in (1, 2, 3, 4)]
    [1, 2, 3, 1]
    """
    return (day.toordinal() - epoch.toordinal()) % zones + 1
