"""Spoofed check-ins planted among generated visits (a fake-location app), one kind per staff
day, and the guard that keeps every genuine check-in clear of the spoof rules:

- ``exact`` (S1): the check-in is the shop's registered point itself;
- ``repeated`` (S2): two consecutive visits to different shops report one identical position;
- ``teleport`` (S3): the day's last check-in comes a minute or two after the previous one,
  3–8 km away.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

import numpy as np

from care.checkin import REPEAT_M, SPOOFS, TELEPORT_KMH, TELEPORT_M, haversine_m
from seeds.activity_days import Stop
from seeds.activity_facts import displaced, offset
from seeds.activity_plan import DayKey


def too_fast(a: Stop, b: Stop) -> bool:
    """S3 between consecutive check-ins: more than 1 km at more than 80 km/h."""
    assert a.lon is not None and a.lat is not None and b.lon is not None and b.lat is not None
    metres = haversine_m(a.lon, a.lat, b.lon, b.lat)
    hours = (b.start - a.start) / 60
    return metres > TELEPORT_M and (hours <= 0 or metres / 1000 / hours > TELEPORT_KMH)


def plant_spoofs(days: dict[DayKey, list[Stop]], per_kind: int, rng: np.random.Generator) -> None:
    """Spoof `per_kind` check-ins of each kind (repeated ones in pairs, so at least
    `per_kind` check-ins), each on a staff day of its own."""
    wanted = {"exact": per_kind, "repeated": math.ceil(per_kind / 2), "teleport": per_kind}
    keys = list(days)
    for n, i in enumerate(rng.permutation(len(keys))):
        done = [s for s in days[keys[int(i)]] if s.done]
        for kind in SPOOFS[n % 3 :] + SPOOFS[: n % 3]:
            if wanted[kind] > 0 and _plant(kind, done, rng):
                wanted[kind] -= 1
                break
        if not any(wanted.values()):
            return


def _plant(kind: str, done: list[Stop], rng: np.random.Generator) -> bool:
    plain = [j for j, s in enumerate(done) if s.flag == ""]
    if kind == "exact" and plain:
        s = done[plain[int(rng.integers(len(plain)))]]
        s.lon, s.lat, s.spoof = s.shop.lon, s.shop.lat, "exact"
        return True
    if kind == "repeated":
        return _repeat(done)
    if kind == "teleport" and len(done) >= 2 and done[-1].flag == "":
        a, b = done[-2], done[-1]
        assert a.lon is not None and a.lat is not None
        length = b.end - b.start
        b.start = a.start + int(rng.integers(1, 3))
        b.end = b.start + length
        b.lon, b.lat = displaced(rng, a.lon, a.lat, 3000.0, 8000.0)
        b.spoof = "teleport"
        return True
    return False


def _repeat(done: list[Stop]) -> bool:
    """The closest consecutive pair of plain visits to different shops reports one position,
    unless that would make the next check-in look like a teleport."""
    pairs = [
        (
            j,
            haversine_m(
                done[j].shop.lon, done[j].shop.lat, done[j + 1].shop.lon, done[j + 1].shop.lat
            ),
        )
        for j in range(len(done) - 1)
        if done[j].flag == done[j + 1].flag == "" and done[j].shop.id != done[j + 1].shop.id
    ]
    if not pairs:
        return False
    j = min(pairs, key=lambda p: p[1])[0]
    x, y = done[j], done[j + 1]
    kept = y.lon, y.lat
    y.lon, y.lat = x.lon, x.lat
    if j + 2 < len(done) and too_fast(y, done[j + 2]):
        y.lon, y.lat = kept
        return False
    x.spoof = y.spoof = "repeated"
    return True


def separate(stops: Iterable[Stop]) -> int:
    """Nudge genuine check-ins that happen to lie within `REPEAT_M` of the same staff member's
    check-in at another shop by about a metre and a half; returns how many moved."""
    moved = 0
    by_staff: dict[str, list[Stop]] = defaultdict(list)
    for s in stops:
        if s.done:
            by_staff[s.staff].append(s)
    for mine in by_staff.values():
        grid: dict[tuple[int, int], list[Stop]] = defaultdict(list)
        for s in sorted(mine, key=lambda s: s.spoof == ""):
            while s.spoof == "" and _clash(s, grid):
                assert s.lon is not None and s.lat is not None
                s.lon, s.lat = offset(s.lon, s.lat, 1.0, 1.0)
                moved += 1
            grid[_cell(s)].append(s)
    return moved


def _cell(s: Stop) -> tuple[int, int]:
    """A cell of about a metre: clashes are looked for in the 3 × 3 cells around."""
    assert s.lon is not None and s.lat is not None
    return round(s.lon * 1e5), round(s.lat * 1e5)


def _clash(s: Stop, grid: dict[tuple[int, int], list[Stop]]) -> bool:
    assert s.lon is not None and s.lat is not None
    cx, cy = _cell(s)
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            for o in grid.get((cx + dx, cy + dy), ()):
                assert o.lon is not None and o.lat is not None
                if o.shop.id != s.shop.id and haversine_m(s.lon, s.lat, o.lon, o.lat) <= REPEAT_M:
                    return True
    return False
