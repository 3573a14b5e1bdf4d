"""Weekly visit plans for customer managers (DOMAIN.md §2, §4a).

Each retailer is visited as often as its class asks (its visits a week: 2 gives two visits
three days apart, 0.5 one visit every other week, spread by a phase of its own) on its own
weekday (`visit_batch`), so it sees its manager on the same day each week. A day over its
limits (35 visits, 7 hours of visiting and travel) hands its visits on: to another day of the
same manager (a day before one of the retailer's order days first, as the manager's advice
comes just before the order, then the nearest day), else to another manager of the same area
(the same weekday first, then the nearest day; the nearest colleague first). A visit is missed
only when the area's managers together have no room; the plan then says how many manager-days
the area is short. Each day's visits are put in route order (nearest neighbour, then 2-opt).
"""

from __future__ import annotations

import math
import zlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from graph.cycle import zone_of_day
from graph.errors import InvalidInput
from routing.matrix import MatrixProvider
from routing.visit_days import DayBook, Slot, day_minutes


@dataclass(frozen=True)
class VisitParams:
    visits_per_day: int = 35
    """§2: about 35 visits a day."""
    day_minutes: int = 420
    """§4a: 7 hours a day of visiting and travel."""
    working_days: int = 6
    """§4a: six visiting days a week (Monday to Saturday)."""

    def __post_init__(self) -> None:
        if not 1 <= self.working_days <= 7:
            raise InvalidInput(f"working_days must be 1..7, got {self.working_days}")
        for name in ("visits_per_day", "day_minutes"):
            if getattr(self, name) < 1:
                raise InvalidInput(f"{name} must be ≥ 1, got {getattr(self, name)}")


@dataclass(frozen=True)
class VisitItem:
    retailer: str
    manager: str
    lon: float
    lat: float
    per_week: float
    minutes: float
    weekday: int
    """1 = Monday."""
    zone: int
    area: str = ""
    """The retailer's area; managers hand visits only within it ("": the manager alone)."""


@dataclass(frozen=True)
class DayRoute:
    manager: str
    day: date
    retailers: tuple[str, ...]
    minutes: float


@dataclass(frozen=True)
class Missed:
    retailer: str
    manager: str
    area: str
    reason: str


@dataclass(frozen=True)
class Shortfall:
    """An area whose managers cannot make all its visits of the week."""

    area: str
    manager_days: int
    """Extra manager-days its missed visits need, at 35 visits and 7 hours a day."""
    visits: int
    minutes: float
    """The missed visits' minutes with the area's mean travel per visit."""


@dataclass(frozen=True)
class WeekPlan:
    routes: list[DayRoute]
    missed: list[Missed]
    moved: int
    """Visits made by another manager of the retailer's area than its own."""
    short: list[Shortfall]


def visits_this_week(retailer: str, per_week: float, week_index: int) -> int:
    """How many visits fall in this week: the rate spread over weeks with a phase of the
    retailer's own (so fortnightly retailers alternate weeks and do not all fall together).

    >>> [visits_this_week("R1", 0.5, w) for w in range(4)]
    [0, 1, 0, 1]
    >>> visits_this_week("R1", 2.0, 7)
    2
    """
    phase = (zlib.crc32(retailer.encode()) % 1000) / 1000
    return math.floor(per_week * (week_index + 1) + phase) - math.floor(
        per_week * week_index + phase
    )


def week_days(year: int, week: int, working_days: int) -> list[date]:
    """The working days of an ISO week.

    >>> week_days(2026, 48, 2)
    [datetime.date(2026, 11, 23), datetime.date(2026, 11, 24)]
    """
    monday = date.fromisocalendar(year, week, 1)
    return [monday + timedelta(days=i) for i in range(working_days)]


def plan_week(
    items: Sequence[VisitItem], year: int, week: int, params: VisitParams, matrix: MatrixProvider
) -> WeekPlan:
    """Every manager's days of the week in route order, the visits handed to another manager,
    and the visits no manager of the area had room for."""
    days = week_days(year, week, params.working_days)
    index = date.fromisocalendar(year, week, 1).toordinal() // 7
    book = DayBook(params, matrix)
    n_days = params.working_days
    for it in sorted(items, key=lambda i: (i.manager, i.retailer)):
        count = visits_this_week(it.retailer, it.per_week, index)
        base = (it.weekday - 1) % n_days
        step = max(1, n_days // max(count, 1))
        for k in range(count):
            book.add((it.manager, (base + k * step) % n_days), it)
    overflow = book.trim()
    left = [(it, d) for it, d in overflow if not book.place(it, _own_slots(it, days))]
    colleagues = _colleagues(items)
    reason = (
        f"no manager of the area has room on any of the {n_days} days "
        f"({params.visits_per_day} visits, {params.day_minutes / 60:g} hours a day)"
    )
    missed = [
        Missed(it.retailer, it.manager, it.area, reason)
        for it, d in left
        if not book.place(it, _other_slots(it, d, n_days, colleagues))
    ]
    routes = _routes(book, days, matrix)
    moved = sum(1 for (m, _), vs in book.visits.items() for v in vs if v.manager != m)
    return WeekPlan(routes, missed, moved, _shortfalls(missed, items, routes, params))


def _own_slots(it: VisitItem, days: list[date]) -> list[Slot]:
    """The manager's own days: before one of the retailer's order days first, then nearest."""

    def before_order(d: int) -> bool:
        return zone_of_day(days[d] + timedelta(days=1)) == it.zone

    base = (it.weekday - 1) % len(days)
    ranked = sorted(range(len(days)), key=lambda d: (not before_order(d), abs(d - base)))
    return [(it.manager, d) for d in ranked]


def _colleagues(items: Sequence[VisitItem]) -> dict[str, list[tuple[str, float, float]]]:
    """Per area, its managers and the centre of their own retailers."""
    sums: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for it in items:
        s = sums[(it.area or it.manager, it.manager)]
        s[0], s[1], s[2] = s[0] + it.lon, s[1] + it.lat, s[2] + 1
    out: dict[str, list[tuple[str, float, float]]] = defaultdict(list)
    for (area, manager), (lon, lat, n) in sorted(sums.items()):
        out[area].append((manager, lon / n, lat / n))
    return out


def _other_slots(
    it: VisitItem, day: int, n_days: int, colleagues: dict[str, list[tuple[str, float, float]]]
) -> list[Slot]:
    """Other managers of the area: the same day first, then the nearest; nearest colleague first."""
    others = sorted(
        (c for c in colleagues[it.area or it.manager] if c[0] != it.manager),
        key=lambda c: (c[1] - it.lon) ** 2 + (c[2] - it.lat) ** 2,
    )
    ranked = sorted(range(n_days), key=lambda d: abs(d - day))
    return [(m, d) for d in ranked for m, _, _ in others]


def _routes(book: DayBook, days: list[date], matrix: MatrixProvider) -> list[DayRoute]:
    routes = []
    for (manager, d), visits in sorted(book.visits.items(), key=lambda kv: kv[0]):
        if visits:
            order, minutes = day_minutes(visits, matrix)
            retailers = tuple(visits[i].retailer for i in order)
            routes.append(DayRoute(manager, days[d], retailers, round(minutes, 1)))
    return routes


def _shortfalls(
    missed: list[Missed],
    items: Sequence[VisitItem],
    routes: list[DayRoute],
    params: VisitParams,
) -> list[Shortfall]:
    """Per area with missed visits: the manager-days they need at the day's limits, their
    minutes taken with the area's mean travel per planned visit."""
    item = {it.retailer: it for it in items}
    area_of = {it.manager: it.area or it.manager for it in items}
    travel: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for r in routes:
        t = travel[area_of[r.manager]]
        t[0] += r.minutes - sum(item[v].minutes for v in r.retailers)
        t[1] += len(r.retailers)
    by_area: dict[str, list[Missed]] = defaultdict(list)
    for m in missed:
        by_area[m.area or m.manager].append(m)
    out = []
    for area, ms in sorted(by_area.items()):
        per_visit = travel[area][0] / travel[area][1] if travel[area][1] else 0.0
        minutes = sum(item[m.retailer].minutes + per_visit for m in ms)
        days = max(
            math.ceil(len(ms) / params.visits_per_day),
            math.ceil(minutes / params.day_minutes - 1e-9),
        )
        out.append(Shortfall(area, days, len(ms), round(minutes, 1)))
    return out
