"""What the activity generator starts from (plain facts read from a classified store), the
period it covers, and the small geometry and time helpers its parts share."""

from __future__ import annotations

import functools
import math
import zlib
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from care.checkin import EARTH_M
from graph.model import Role

DAY_START = 8 * 60 + 30
"""08:30 in minutes of the day: the working day starts."""
LAST_START = 19 * 60 + 30
"""19:30: a visit that could not start by then is not made that day."""
LUNCH = (12 * 60, 13 * 60 + 30)
"""12:00–13:30: nobody starts a visit over lunch."""
SPEED_KMH = 25.0
"""Travel between shops in town."""


@dataclass(frozen=True)
class ShopFacts:
    """One retailer as the generator needs it (classified: `per_week` > 0 for visits)."""

    id: str
    lon: float
    lat: float
    area: str
    manager: str
    agent: str
    service_class: str
    per_week: float
    visit_minutes: int
    visit_batch: int
    """Its visiting weekday, 1 = Monday … 6 = Saturday."""
    key_account: bool
    business_format: str
    zone: int
    order_batch: str = "上午"
    """上午 (morning) or 下午 (afternoon): when the agent calls on an order day."""


@dataclass(frozen=True)
class TeamFacts:
    """An area's team: members per role (by employee number) and its lead."""

    area: str
    lead: str
    members: dict[Role, tuple[str, ...]]

    def of(self, role: Role) -> tuple[str, ...]:
        return self.members.get(role, ())


@dataclass(frozen=True)
class ActivityFacts:
    shops: tuple[ShopFacts, ...]
    teams: dict[str, TeamFacts]


@dataclass(frozen=True)
class Period:
    """Whole ISO weeks ending on the Saturday `last`.

    >>> p = Period.ending(date(2026, 11, 4), 2)  # a Wednesday: back to Saturday 31 October
    >>> p.first, p.last, len(p.days())
    (datetime.date(2026, 10, 19), datetime.date(2026, 10, 31), 12)
    """

    first: date
    last: date

    @classmethod
    def ending(cls, until: date, weeks: int) -> Period:
        if weeks < 1:
            raise ValueError(f"weeks must be at least 1, not {weeks}")
        last = until - timedelta(days=(until.weekday() - 5) % 7)
        return cls(last - timedelta(days=5 + 7 * (weeks - 1)), last)

    def mondays(self) -> list[date]:
        weeks = (self.last - self.first).days // 7 + 1
        return [self.first + timedelta(days=7 * k) for k in range(weeks)]

    def days(self) -> list[date]:
        """The working days (Monday–Saturday)."""
        return [m + timedelta(days=d) for m in self.mondays() for d in range(6)]


def rng_for(seed: int, purpose: str) -> np.random.Generator:
    """A generator of its own per (seed, purpose): one part's draws never shift another's."""
    return np.random.default_rng([seed, zlib.crc32(purpose.encode())])


def pick(key: str, options: tuple[str, ...]) -> str:
    """A stable choice among `options` by the key's checksum ("" when there are none).

    >>> pick("R1", ("a", "b")) == pick("R1", ("a", "b"))
    True
    """
    return options[zlib.crc32(key.encode()) % len(options)] if options else ""


def offset(lon: float, lat: float, east_m: float, north_m: float) -> tuple[float, float]:
    """The point `east_m` east and `north_m` north of (lon, lat)."""
    dlat = math.degrees(north_m / EARTH_M)
    dlon = math.degrees(east_m / (EARTH_M * math.cos(math.radians(lat))))
    return lon + dlon, lat + dlat


def jittered(rng: np.random.Generator, lon: float, lat: float) -> tuple[float, float]:
    """A GPS fix near the point: σ ≈ 15 m each way, never closer than 2 m nor farther than 60 m."""
    east, north = rng.normal(0.0, 15.0, 2)
    r = math.hypot(east, north)
    scale = min(max(r, 2.0), 60.0) / r if r > 0 else 0.0
    if scale == 0.0:
        return offset(lon, lat, 2.0, 0.0)
    return offset(lon, lat, east * scale, north * scale)


def displaced(
    rng: np.random.Generator, lon: float, lat: float, low: float, high: float
) -> tuple[float, float]:
    """A point `low`–`high` metres from (lon, lat) in a random direction."""
    r, angle = rng.uniform(low, high), rng.uniform(0, 2 * math.pi)
    return offset(lon, lat, r * math.cos(angle), r * math.sin(angle))


def travel_min(metres: float) -> int:
    """Whole minutes to cover `metres` at `SPEED_KMH` (at least 1 between two places).

    >>> travel_min(1000), travel_min(0)
    (3, 0)
    """
    return math.ceil(metres / 1000 / SPEED_KMH * 60) if metres > 0 else 0


def after_lunch(t: int) -> int:
    """A start falling in the lunch break moves to its end.

    >>> after_lunch(12 * 60 + 10), after_lunch(11 * 60)
    (810, 660)
    """
    return LUNCH[1] if LUNCH[0] <= t < LUNCH[1] else t


@functools.lru_cache(maxsize=1 << 17)
def stamp(day: date, minute: int) -> str:
    """Wall-clock text of a minute of a day.

    >>> stamp(date(2026, 11, 23), 570)
    '2026-11-23T09:30'
    """
    return f"{day.isoformat()}T{minute // 60:02d}:{minute % 60:02d}"
