"""A survey wave's plan (document 003: every retailer surveyed at least once a year): its
items (at most 20) and one working day (Monday–Saturday) in the window for each retailer,
never within 180 days of its last survey, balanced per day and per area. Retailers overdue
(last surveyed more than a year before the window, or never) take the first days.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from care.survey_items import DEFAULT_ITEMS, ITEMS_BY_CODE, MAX_ITEMS
from graph.errors import InvalidInput

MIN_GAP_DAYS = 180
"""No retailer is surveyed twice within this many days."""
MAX_GAP_DAYS = 365
"""Every retailer is surveyed at least once in this many days."""
MAX_WINDOW_DAYS = 365
REASON_RECENT = "surveyed_recently"
REASON_TEXT = {REASON_RECENT: ("180 天内已调查", "surveyed within the last 180 days")}
"""Why a retailer is left out of a wave, in Chinese and English."""


@dataclass(frozen=True)
class Surveyed:
    """A retailer to plan for: its area and when it was last surveyed (None: never)."""

    retailer: str
    area: str | None
    last: date | None


@dataclass(frozen=True)
class Scheduled:
    retailer: str
    area: str | None
    day: date
    overdue: bool


@dataclass(frozen=True)
class Exclusion:
    """A retailer left out of the wave, with its last survey and the day it is next due."""

    retailer: str
    area: str | None
    last: date | None
    next_due: date
    reason: str
    reason_zh: str
    reason_en: str


@dataclass(frozen=True)
class SurveyPlan:
    items: tuple[str, ...]
    starts_on: date
    ends_on: date
    schedule: tuple[Scheduled, ...]
    excluded: tuple[Exclusion, ...]


def check_items(items: Sequence[str] | None) -> tuple[str, ...]:
    """The wave's item codes: the defaults when None; unknown, repeated or too many refused.

    >>> check_items(["ordering_ease", "goods_intact"])
    ('ordering_ease', 'goods_intact')
    """
    codes = tuple(i.code for i in DEFAULT_ITEMS) if items is None else tuple(items)
    unknown = [c for c in codes if c not in ITEMS_BY_CODE]
    if unknown:
        raise InvalidInput(
            f"unknown survey item(s): {', '.join(unknown)} (known: {', '.join(ITEMS_BY_CODE)})"
        )
    if not codes:
        raise InvalidInput("a survey needs at least one item")
    if len(codes) > MAX_ITEMS:
        raise InvalidInput(f"a survey asks at most {MAX_ITEMS} items, not {len(codes)}")
    if len(set(codes)) < len(codes):
        raise InvalidInput("a survey item is listed twice")
    return codes


def working_days(start: date, days: int) -> list[date]:
    """The Monday–Saturday days of the window of `days` days from `start`.

    >>> [d.isoformat() for d in working_days(date(2026, 12, 5), 3)]
    ['2026-12-05', '2026-12-07']
    """
    if not 1 <= days <= MAX_WINDOW_DAYS:
        raise InvalidInput(f"a survey window is 1-{MAX_WINDOW_DAYS} days, not {days}")
    window = [start + timedelta(days=k) for k in range(days)]
    out = [d for d in window if d.weekday() < 6]
    if not out:
        raise InvalidInput(f"the window from {start} ({days} days) has no working day")
    return out


def _overdue(r: Surveyed, start: date) -> bool:
    return r.last is None or (start - r.last).days > MAX_GAP_DAYS


def _rank(r: Surveyed, earliest: date, start: date) -> tuple[bool, int, str]:
    """Overdue first, oldest first; then those that may come only late in the window."""
    if _overdue(r, start):
        return False, r.last.toordinal() if r.last else 0, r.retailer
    return True, -earliest.toordinal(), r.retailer


def _fit(
    load: int, area_load: int, day_cap: int, area_cap: int, day: date
) -> tuple[bool, bool, int, int, date]:
    """A day's rank for a retailer: one with room for the day and the area, earliest first;
    failing that, the least full."""
    day_full, area_full = load >= day_cap, area_load >= area_cap
    spill = day_full or area_full
    return day_full, area_full, load * spill, area_load * spill, day


def plan_wave(
    retailers: Sequence[Surveyed],
    *,
    start: date,
    days: int = 30,
    items: Sequence[str] | None = None,
) -> SurveyPlan:
    """Give each retailer one working day of the window, or leave it out with the day it is
    next due when its last survey is less than 180 days before the window's end.

    Overdue retailers are placed first (oldest first) on the earliest days; then those that
    may only come late in the window; each takes the earliest allowed day that has room for
    the day (⌈retailers / days⌉) and for its area (⌈area's retailers / days⌉), else the least
    full one.

    >>> plan = plan_wave([Surveyed("R1", "A", None), Surveyed("R2", "A", date(2026, 9, 1))],
    ...                  start=date(2026, 12, 7), days=7, items=["goods_intact"])
    >>> [(s.retailer, s.day.isoformat()) for s in plan.schedule]
    [('R1', '2026-12-07')]
    >>> [(e.retailer, e.next_due.isoformat()) for e in plan.excluded]
    [('R2', '2027-02-28')]
    """
    codes = check_items(items)
    days_open = working_days(start, days)
    end = start + timedelta(days=days - 1)
    excluded, placeable = [], []
    for r in sorted(retailers, key=lambda r: r.retailer):
        due = r.last + timedelta(days=MIN_GAP_DAYS) if r.last else start
        if due > days_open[-1]:
            zh, en = REASON_TEXT[REASON_RECENT]
            excluded.append(Exclusion(r.retailer, r.area, r.last, due, REASON_RECENT, zh, en))
        else:
            placeable.append((r, max(due, start)))
    day_cap = math.ceil(len(placeable) / len(days_open)) if placeable else 0
    area_size = Counter(r.area for r, _ in placeable)
    area_cap = {a: math.ceil(n / len(days_open)) for a, n in area_size.items()}
    load: Counter[date] = Counter()
    area_load: Counter[tuple[str | None, date]] = Counter()
    schedule = []
    for r, earliest in sorted(placeable, key=lambda p: _rank(p[0], p[1], start)):
        allowed = [d for d in days_open if d >= earliest]
        day = min(
            allowed,
            key=lambda d: _fit(load[d], area_load[(r.area, d)], day_cap, area_cap[r.area], d),
        )
        load[day] += 1
        area_load[(r.area, day)] += 1
        schedule.append(Scheduled(r.retailer, r.area, day, _overdue(r, start)))
    schedule.sort(key=lambda s: (s.day, s.area or "", s.retailer))
    return SurveyPlan(codes, start, end, tuple(schedule), tuple(excluded))
