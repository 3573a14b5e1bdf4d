"""A brute-force visit adherence, written from the issue's definitions alone, for the
benchmark to hold the service's figures against: plain loops over every visit, no arrays and
nothing shared with `care.checkin` or `care.adherence`."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from routing.visits import visits_this_week

EARTH_M = 6_371_008.8


@dataclass(frozen=True)
class RefShop:
    id: str
    lon: float
    lat: float
    area: str
    per_week: float
    minutes: float


@dataclass(frozen=True)
class RefVisit:
    id: str
    retailer: str
    staff: str
    day: date
    status: str
    started_at: str
    ended_at: str
    lon: float | None
    lat: float | None


def metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle metres between two (lon, lat) points."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_M * math.asin(math.sqrt(h))


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def reasons(
    visits: Sequence[RefVisit], shops: Mapping[str, RefShop], max_m: float
) -> dict[str, str]:
    """Each visit's reason for not counting ('' when it is verified)."""
    placed = [v for v in visits if v.lon is not None and v.lat is not None]
    spoofed: set[str] = set()
    for v in placed:
        if metres(_pos(v), (shops[v.retailer].lon, shops[v.retailer].lat)) <= 0.05:
            spoofed.add(v.id)
    by_staff: dict[str, list[RefVisit]] = defaultdict(list)
    for v in placed:
        by_staff[v.staff].append(v)
    for own in by_staff.values():  # every pair within 1e-5° of latitude (~1 m), compared
        own.sort(key=lambda v: _pos(v)[1])
        for i, v in enumerate(own):
            for w in own[i + 1 :]:
                if _pos(w)[1] - _pos(v)[1] > 1e-5:
                    break
                if w.retailer != v.retailer and metres(_pos(v), _pos(w)) <= 0.5:
                    spoofed.update((v.id, w.id))
    by_staff_day: dict[tuple[str, date], list[RefVisit]] = defaultdict(list)
    for v in placed:
        if v.started_at:
            by_staff_day[(v.staff, v.day)].append(v)
    for day_visits in by_staff_day.values():
        day_visits.sort(key=lambda v: (v.started_at, v.id))
        for before, after in zip(day_visits, day_visits[1:]):
            km = metres(_pos(before), _pos(after)) / 1000
            hours = (_at(after.started_at) - _at(before.started_at)).total_seconds() / 3600
            if km > 1 and (hours <= 0 or km / hours > 80):
                spoofed.add(after.id)
    out: dict[str, str] = {}
    for v in visits:
        shop = shops[v.retailer]
        if v.status != "done":
            out[v.id] = "not_done"
        elif v.lon is None or v.lat is None:
            out[v.id] = "no_checkin"
        elif v.id in spoofed:
            out[v.id] = "spoofed"
        elif metres(_pos(v), (shop.lon, shop.lat)) > max_m:
            out[v.id] = "too_far"
        elif (_at(v.ended_at) - _at(v.started_at)).total_seconds() / 60 < shop.minutes / 2:
            out[v.id] = "too_short"
        else:
            out[v.id] = ""
    firsts: dict[tuple[str, date], RefVisit] = {}
    for v in sorted(visits, key=lambda v: (v.started_at, v.id)):
        if out[v.id] == "":
            if (v.retailer, v.day) in firsts:
                out[v.id] = "duplicate"
            else:
                firsts[(v.retailer, v.day)] = v
    return out


def _pos(v: RefVisit) -> tuple[float, float]:
    assert v.lon is not None and v.lat is not None
    return (v.lon, v.lat)


def adherence_by_area(
    visits: Sequence[RefVisit],
    shops: Mapping[str, RefShop],
    mondays: Sequence[date],
    max_m: float = 200.0,
) -> dict[str, dict[str, float]]:
    """Adherence, coverage and over-service per area and ``all`` (shares, 0–1)."""
    why = reasons(visits, shops, max_m)
    last = mondays[-1] + timedelta(days=6)
    verified: dict[tuple[str, date], int] = defaultdict(int)
    for v in visits:
        if why[v.id] == "" and mondays[0] <= v.day <= last:
            verified[(v.retailer, v.day - timedelta(days=v.day.weekday()))] += 1
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for shop in shops.values():
        planned_any = got_any = False
        for monday in mondays:
            planned = visits_this_week(shop.id, shop.per_week, monday.toordinal() // 7)
            got = verified[(shop.id, monday)]
            for key in (shop.area, "all"):
                sums[key][0] += planned
                sums[key][1] += min(got, planned)
                sums[key][2] += max(0, got - planned)
            planned_any |= planned > 0
            got_any |= got > 0
        if planned_any:
            for key in (shop.area, "all"):
                sums[key][3] += 1
                sums[key][4] += got_any
    return {
        key: {
            "adherence": met / planned if planned else 0.0,
            "over_service": over / planned if planned else 0.0,
            "coverage": covered / retailers if retailers else 0.0,
        }
        for key, (planned, met, over, retailers, covered) in sums.items()
    }
