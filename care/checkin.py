"""Whether a visit counts: its check-in against the shop's registered point, its length, a
second visit the same day, and positions a fake-location app gives away.

Spoofed check-ins (any of):
- S1 ``exact``: within 0.05 m of the shop's registered point (a real GPS fix never is);
- S2 ``repeated``: the same staff member reported the same position (within 0.5 m) for two or
  more different shops in the period: all of those check-ins;
- S3 ``teleport``: more than 1 km from the same staff member's previous check-in that day,
  at more than 80 km/h.

A visit's reason is the first that applies of `REASONS`; ``""`` means verified. Of a
retailer's visits on one day that pass every other test, the earliest counts and the others
are ``duplicate``. The checks run on columns (numpy) so a city's quarter takes well under a
second.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from graph.geo import EARTH_RADIUS_KM, haversine_km

EARTH_M = EARTH_RADIUS_KM * 1000
EXACT_M = 0.05
REPEAT_M = 0.5
TELEPORT_M = 1000.0
TELEPORT_KMH = 80.0
LATE_MIN = 30.0
REASONS = ("not_done", "no_checkin", "spoofed", "too_far", "too_short", "duplicate")
SPOOFS = ("exact", "repeated", "teleport")
REASON_LABELS = {
    "not_done": ("未完成", "not done"),
    "no_checkin": ("未签到", "no check-in"),
    "spoofed": ("虚假定位", "spoofed position"),
    "too_far": ("签到距离过远", "checked in too far"),
    "too_short": ("拜访时间过短", "too short"),
    "duplicate": ("当日重复拜访", "second visit that day"),
}
"""Each reason in Chinese and English."""
_M_PER_DEG = math.pi * EARTH_M / 180
_CELL_BITS = 24
_EPOCH = datetime(1970, 1, 1)
Floats = NDArray[np.float64]
Ints = NDArray[np.int64]
Mask = NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Visit:
    """The facts of one logged visit the checks need; times ``YYYY-MM-DDTHH:MM``."""

    id: str
    retailer: str
    staff: str
    day: date
    status: str
    started_at: str
    ended_at: str
    planned_start: str
    lon: float | None
    lat: float | None


@dataclass(frozen=True, slots=True)
class Shop:
    """A retailer's registered point and service policy, and where it belongs in reports."""

    id: str
    lon: float | None
    lat: float | None
    per_week: float
    visit_minutes: float
    service_class: str
    area: str
    manager: str


_COLUMNS = tuple(f.name for f in fields(Visit))


@dataclass(frozen=True)
class Visits:
    """Logged visits as columns (entry i of each is visit i), as a store read returns them."""

    ids: Sequence[str]
    retailers: Sequence[str]
    staff: Sequence[str]
    days: Sequence[date]
    statuses: Sequence[str]
    started_at: Sequence[str]
    ended_at: Sequence[str]
    planned_start: Sequence[str]
    lon: Sequence[float | None]
    lat: Sequence[float | None]

    @classmethod
    def of(cls, visits: Iterable[Visit]) -> Visits:
        """The columns of visit records."""
        rows = list(visits)
        return cls(*(tuple(getattr(v, f) for v in rows) for f in _COLUMNS))

    def __len__(self) -> int:
        return len(self.ids)

    @cached_property
    def x(self) -> Floats:
        return np.array([np.nan if v is None else v for v in self.lon], dtype=np.float64)

    @cached_property
    def y(self) -> Floats:
        return np.array([np.nan if v is None else v for v in self.lat], dtype=np.float64)

    @cached_property
    def retailer_codes(self) -> Ints:
        return _codes(self.retailers)

    @cached_property
    def staff_codes(self) -> Ints:
        return _codes(self.staff)

    @cached_property
    def day_numbers(self) -> Ints:
        """Each day's ordinal (1 = Monday 0001-01-01)."""
        return np.array([d.toordinal() for d in self.days], dtype=np.int64)

    @cached_property
    def start(self) -> Floats:
        return _minutes(self.started_at)

    @cached_property
    def end(self) -> Floats:
        return _minutes(self.ended_at)

    @cached_property
    def done(self) -> Mask:
        return np.array([s == "done" for s in self.statuses], dtype=np.bool_)

    @cached_property
    def late(self) -> Mask:
        """Done visits that started more than `LATE_MIN` after their planned start."""
        planned = _minutes(self.planned_start)
        with np.errstate(invalid="ignore"):
            return self.done & (self.start > planned + LATE_MIN)


def _codes(values: Sequence[str]) -> Ints:
    index: dict[str, int] = {}
    return np.array([index.setdefault(v, len(index)) for v in values], dtype=np.int64)


def _minutes(texts: Sequence[str]) -> Floats:
    """Minutes since 1970 of times ``YYYY-MM-DDTHH:MM``; NaN when empty or unreadable."""
    try:
        moments = np.array([t or "NaT" for t in texts], dtype="datetime64[m]")
    except ValueError:
        return np.array([_one_minute(t) for t in texts], dtype=np.float64)
    out = moments.astype(np.int64).astype(np.float64)
    out[np.isnat(moments)] = np.nan
    return out


def _one_minute(text: str) -> float:
    try:
        return (datetime.fromisoformat(text) - _EPOCH).total_seconds() // 60 if text else math.nan
    except ValueError:
        return math.nan


def haversine_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in metres.

    >>> round(haversine_m(117.0, 31.0, 117.0, 31.001), 1)
    111.2
    """
    return 1000 * haversine_km(lon1, lat1, lon2, lat2)


def _haversine(lon1: Floats, lat1: Floats, lon2: Floats, lat2: Floats) -> Floats:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    a = (
        np.sin((p2 - p1) / 2) ** 2
        + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2
    )
    result: Floats = 2 * EARTH_M * np.arcsin(np.minimum(1.0, np.sqrt(a)))
    return result


def _shop_columns(visits: Visits, shops: Mapping[str, Shop]) -> tuple[Floats, Floats, Floats]:
    """The registered point and visit minutes of each visit's shop (NaN when unknown)."""
    nan = (math.nan, math.nan, math.nan)
    facts = {
        s.id: (
            math.nan if s.lon is None else s.lon,
            math.nan if s.lat is None else s.lat,
            s.visit_minutes or 0.0,
        )
        for s in shops.values()
    }
    table = np.array([facts.get(r, nan) for r in visits.retailers], dtype=np.float64)
    table = table.reshape(len(visits), 3)
    return table[:, 0], table[:, 1], table[:, 2]


def spoofs(visits: Visits, shops: Mapping[str, Shop]) -> dict[int, str]:
    """The spoofed check-ins: index in `visits` → the first kind of `SPOOFS` that applies."""
    kinds = _spoof_kinds(visits, shops)
    return {int(i): SPOOFS[kinds[i] - 1] for i in np.flatnonzero(kinds)}


def _spoof_kinds(visits: Visits, shops: Mapping[str, Shop]) -> Ints:
    """Per visit: 0 not spoofed, else 1 + the index of its kind in `SPOOFS`."""
    shop_x, shop_y, _ = _shop_columns(visits, shops)
    with np.errstate(invalid="ignore"):
        exact = _haversine(visits.x, visits.y, shop_x, shop_y) <= EXACT_M
    kinds = np.zeros(len(visits), dtype=np.int64)
    for code, mask in ((3, _teleports(visits)), (2, _repeated(visits)), (1, exact)):
        kinds[mask] = code
    return kinds


def _repeated(visits: Visits) -> Mask:
    """S2: a staff member's check-ins within `REPEAT_M` of one at another shop. Positions
    fall in a grid of `REPEAT_M` cells per staff member; only those with another check-in in
    their 3 × 3 cells are compared exactly."""
    flagged = np.zeros(len(visits), dtype=np.bool_)
    placed = np.flatnonzero(~np.isnan(visits.x) & ~np.isnan(visits.y))
    if len(placed) < 2:
        return flagged
    x, y = visits.x[placed], visits.y[placed]
    scale = math.cos(math.radians(float(np.mean(y))))
    cx = np.floor((x - x.min()) * _M_PER_DEG * scale / REPEAT_M).astype(np.int64)
    cy = np.floor((y - y.min()) * _M_PER_DEG / REPEAT_M).astype(np.int64)
    column = (visits.staff_codes[placed] << _CELL_BITS) + cx + 1
    keys = (column << _CELL_BITS) + cy + 1
    ordered = np.sort(keys)
    near = np.zeros(len(placed), dtype=np.int64)
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            probe = keys + (dx << _CELL_BITS) + dy
            near += np.searchsorted(ordered, probe, "right") - np.searchsorted(ordered, probe)
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    cells = {
        int(i): (int(k) >> _CELL_BITS, int(k) & ((1 << _CELL_BITS) - 1))
        for i, k in zip(placed[near > 1], keys[near > 1], strict=True)
    }
    for i, cell in cells.items():
        grid[cell].append(i)
    for i, (a, b) in cells.items():
        around = [
            j for dx in (-1, 0, 1) for dy in (-1, 0, 1) for j in grid.get((a + dx, b + dy), ())
        ]
        flagged[i] = any(
            visits.retailers[j] != visits.retailers[i]
            and haversine_m(visits.x[i], visits.y[i], visits.x[j], visits.y[j]) <= REPEAT_M
            for j in around
        )
    return flagged


def _teleports(visits: Visits) -> Mask:
    """S3: check-ins too far, too fast from the staff member's previous one that day."""
    flagged = np.zeros(len(visits), dtype=np.bool_)
    start = visits.start
    placed = np.flatnonzero(~np.isnan(visits.x) & ~np.isnan(visits.y) & ~np.isnan(start))
    staff_of = visits.staff_codes
    order = placed[np.lexsort((start[placed], visits.day_numbers[placed], staff_of[placed]))]
    if len(order) < 2:
        return flagged
    prev, this = order[:-1], order[1:]
    same = (staff_of[prev] == staff_of[this]) & (
        visits.day_numbers[prev] == visits.day_numbers[this]
    )
    metres = _haversine(visits.x[prev], visits.y[prev], visits.x[this], visits.y[this])
    hours = (start[this] - start[prev]) / 60
    jump = same & (metres > TELEPORT_M) & ((hours <= 0) | (metres / 1000 > TELEPORT_KMH * hours))
    flagged[this[jump]] = True
    return flagged


def verify(
    visits: Visits, shops: Mapping[str, Shop], *, max_distance_m: float = 200.0
) -> list[str]:
    """Each visit's reason (one of `REASONS`), or ``""`` when it is verified."""
    shop_x, shop_y, shop_minutes = _shop_columns(visits, shops)
    with np.errstate(invalid="ignore"):
        near = _haversine(visits.x, visits.y, shop_x, shop_y) <= max_distance_m
        long_enough = visits.end - visits.start >= shop_minutes / 2
    conditions = [
        ~visits.done,
        np.isnan(visits.x) | np.isnan(visits.y),
        _spoof_kinds(visits, shops) > 0,
        ~near,
        ~long_enough,
    ]
    codes = np.select(conditions, list(range(1, len(conditions) + 1)), 0)
    valid = np.flatnonzero(codes == 0)
    retailer, day = visits.retailer_codes, visits.day_numbers
    order = valid[np.lexsort((valid, visits.start[valid], day[valid], retailer[valid]))]
    same = (retailer[order[1:]] == retailer[order[:-1]]) & (day[order[1:]] == day[order[:-1]])
    codes[order[1:][same]] = len(REASONS)
    labels = np.array(("", *REASONS), dtype=object)
    return list(labels[codes])
