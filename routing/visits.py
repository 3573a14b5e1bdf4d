"""Weekly visit plans for customer managers (DOMAIN.md §2, §4a).

Each retailer is visited as often as its class asks (its visits a week: 2 gives two visits
three days apart, 0.5 one visit every other week, spread by a phase of its own) on its own
weekday (`visit_batch`), so it sees its manager on the same day each week. A day over its
limits (35 visits, 7 hours of visiting and travel) hands its visits to the nearest day with
room, a day before one of the retailer's order days first (the manager's advice comes just
before the order). Each day's visits are put in route order (nearest neighbour, then 2-opt).
"""

from __future__ import annotations

import math
import zlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from numpy.typing import NDArray

from graph.cycle import zone_of_day
from routing.matrix import MatrixProvider


@dataclass(frozen=True)
class VisitParams:
    visits_per_day: int = 35
    """§2: about 35 visits a day."""
    day_minutes: int = 420
    """§4a: 7 hours a day of visiting and travel."""
    working_days: int = 6
    """§4a: six visiting days a week (Monday to Saturday)."""


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


@dataclass(frozen=True)
class DayRoute:
    manager: str
    day: date
    retailers: tuple[str, ...]
    minutes: float


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


def _order(points: NDArray[np.float64], dur: NDArray[np.int64]) -> list[int]:
    """Visiting order: nearest neighbour from the westernmost visit, improved by 2-opt."""
    n = len(points)
    if n <= 2:
        return list(range(n))
    left = set(range(n))
    tour = [int(np.argmin(points[:, 0]))]
    left.discard(tour[0])
    while left:
        last = tour[-1]
        nxt = min(left, key=lambda j: dur[last, j])
        tour.append(nxt)
        left.discard(nxt)
    improved = True
    while improved:
        improved = False
        for i in range(n - 2):
            for j in range(i + 2, n - 1):
                a, b, c, d = tour[i], tour[i + 1], tour[j], tour[j + 1]
                if dur[a, c] + dur[b, d] < dur[a, b] + dur[c, d]:
                    tour[i + 1 : j + 1] = reversed(tour[i + 1 : j + 1])
                    improved = True
    return tour


def _day_minutes(items: Sequence[VisitItem], matrix: MatrixProvider) -> tuple[list[int], float]:
    if not items:
        return [], 0.0
    pts = np.array([[i.lon, i.lat] for i in items])
    _, dur = matrix.matrices([tuple(p) for p in pts])
    order = _order(pts, dur)
    travel = sum(int(dur[a, b]) for a, b in zip(order, order[1:])) / 60
    return order, travel + sum(i.minutes for i in items)


def plan_week(
    items: Sequence[VisitItem], year: int, week: int, params: VisitParams, matrix: MatrixProvider
) -> tuple[list[DayRoute], list[dict[str, str]]]:
    """Every manager's days of the week, in route order, and the visits that did not fit."""
    days = week_days(year, week, params.working_days)
    index = date.fromisocalendar(year, week, 1).toordinal() // 7
    by_manager: dict[str, list[VisitItem]] = defaultdict(list)
    for it in items:
        by_manager[it.manager].append(it)
    routes, missed = [], []
    for manager, mine in sorted(by_manager.items()):
        plan: dict[int, list[VisitItem]] = defaultdict(list)
        waiting = []
        for it in sorted(mine, key=lambda i: i.retailer):
            count = visits_this_week(it.retailer, it.per_week, index)
            base = (it.weekday - 1) % params.working_days
            step = max(1, params.working_days // max(count, 1))
            waiting += [(it, (base + k * step) % params.working_days) for k in range(count)]
        for it, d in waiting:
            plan[d].append(it)
        overflow = _trim(plan, params, matrix)
        for it in overflow:
            if not _place(it, plan, days, params, matrix):
                missed.append(
                    {
                        "retailer": it.retailer,
                        "manager": manager,
                        "reason": "no day of the week has room (35 visits, 7 hours)",
                    }
                )
        for d, visits in sorted(plan.items()):
            order, minutes = _day_minutes(visits, matrix)
            routes.append(
                DayRoute(
                    manager, days[d], tuple(visits[i].retailer for i in order), round(minutes, 1)
                )
            )
    return routes, missed


def _trim(
    plan: dict[int, list[VisitItem]], params: VisitParams, matrix: MatrixProvider
) -> list[VisitItem]:
    """Take visits off days over their limits, the ones farthest from the day's centre first."""
    out = []
    for visits in plan.values():
        while len(visits) > params.visits_per_day or (
            visits and _day_minutes(visits, matrix)[1] > params.day_minutes
        ):
            centre = np.mean([[v.lon, v.lat] for v in visits], axis=0)
            far = max(visits, key=lambda v: (v.lon - centre[0]) ** 2 + (v.lat - centre[1]) ** 2)
            visits.remove(far)
            out.append(far)
    return out


def _place(
    it: VisitItem,
    plan: dict[int, list[VisitItem]],
    days: list[date],
    params: VisitParams,
    matrix: MatrixProvider,
) -> bool:
    """Put a visit on a day with room: a day before one of its order days first, then the
    day nearest its own."""

    def before_order(d: int) -> bool:
        return zone_of_day(days[d] + timedelta(days=1)) == it.zone

    base = (it.weekday - 1) % len(days)
    taken = {d for d, vs in plan.items() if any(v.retailer == it.retailer for v in vs)}
    for d in sorted(range(len(days)), key=lambda d: (not before_order(d), abs(d - base))):
        if d in taken or len(plan[d]) >= params.visits_per_day:
            continue
        if _day_minutes([*plan[d], it], matrix)[1] <= params.day_minutes:
            plan[d].append(it)
            return True
    return False
