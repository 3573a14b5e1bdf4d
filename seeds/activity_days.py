"""One staff member's day on the road: the shops in route order, the planned times, and the
times actually kept, so that consecutive check-ins are always reachable at town speed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from care.checkin import haversine_m
from seeds.activity_facts import (
    DAY_START,
    LAST_START,
    ShopFacts,
    after_lunch,
    travel_min,
)


@dataclass(slots=True)
class Stop:
    """A visit or an inspection being generated; times are minutes of the day (-1: none)."""

    shop: ShopFacts
    staff: str
    day: date
    minutes: int
    plan_ref: str = ""
    planned_start: int = -1
    planned_end: int = -1
    flag: str = ""
    """Empty (as planned), or missed, neglected, late, short, far, substitute, extra
    (unplanned), original or duplicate (the first and second of a shop's two visits that
    day)."""
    lon: float | None = None
    lat: float | None = None
    start: int = -1
    end: int = -1
    spoof: str = ""

    @property
    def done(self) -> bool:
        return self.start >= 0


def route_order(shops: Sequence[ShopFacts]) -> list[int]:
    """Nearest neighbour from the westernmost shop (positions in degrees scaled to ~km)."""
    if len(shops) <= 2:
        return list(range(len(shops)))
    pts = np.array([[s.lon * 95.0, s.lat * 111.0] for s in shops])
    left = np.ones(len(shops), dtype=bool)
    at = int(np.argmin(pts[:, 0]))
    order = [at]
    left[at] = False
    while left.any():
        d = np.where(left, np.hypot(*(pts - pts[at]).T), np.inf)
        at = int(np.argmin(d))
        order.append(at)
        left[at] = False
    return order


def plan_times(stops: Sequence[Stop]) -> None:
    """Planned start and end of stops in route order: from 08:30, each lasting its minutes,
    travelling between shops at town speed, none starting over lunch."""
    t, prev = DAY_START, None
    for s in stops:
        if prev is not None:
            t += travel_min(haversine_m(prev.lon, prev.lat, s.shop.lon, s.shop.lat))
        t = after_lunch(t)
        s.planned_start, s.planned_end = t, t + s.minutes
        t, prev = s.planned_end, s.shop


def keep_times(stops: Sequence[Stop], wanted: Sequence[int], durations: Sequence[int]) -> None:
    """Actual times of stops done in this order: each starts when the staff member can be
    there (travel at town speed from the previous check-in) and not before its `wanted`
    start; one that could not start by `LAST_START` is not done (missed). Stops need their
    check-in position."""
    t, prev = DAY_START, None
    for s, want, minutes in zip(stops, wanted, durations):
        assert s.lon is not None and s.lat is not None
        at = t
        if prev is not None:
            assert prev.lon is not None and prev.lat is not None
            at += travel_min(haversine_m(prev.lon, prev.lat, s.lon, s.lat))
        start = after_lunch(max(at, want))
        if start > LAST_START:
            s.flag, s.lon, s.lat = "missed", None, None
            continue
        s.start, s.end = start, start + minutes
        t, prev = s.end, s
