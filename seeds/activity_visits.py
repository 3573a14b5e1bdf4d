"""The customer managers' visits of a period: every planned visit (`seeds.activity_plan`)
made, missed, late, short, too far, duplicated or made by another manager of the area, at
realistic rates; a few retailers neglected (never visited) and a few favoured (visited more
than planned). Spoofed check-ins are planted afterwards (`seeds.activity_spoofs`)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

import numpy as np

from graph.model import Role
from seeds.activity_days import Stop, keep_times
from seeds.activity_facts import (
    DAY_START,
    ActivityFacts,
    Period,
    ShopFacts,
    displaced,
    jittered,
)
from seeds.activity_plan import DayKey, planned_visits

TASKS = ("display", "stock", "prices", "competitor", "requests")
"""A visit's tasks: display, stock, marked prices (明码标价), competitor information, requests."""


@dataclass(frozen=True)
class VisitRates:
    """Shares of planned visits that go each way (the rest are done as planned)."""

    missed: float = 0.04
    late: float = 0.06
    """Besides these, visits made for another manager (after the own round) often start late
    too: ≈ 8 % of done visits in all."""
    short: float = 0.03
    far: float = 0.015
    duplicate: float = 0.005
    substitute: float = 0.03
    neglected: float = 0.01
    """Retailers whose every visit of the period is missed (coverage falls short)."""
    favoured: float = 0.02
    """Retailers visited once more than planned in about half the weeks (over-service)."""

    def flags(self) -> tuple[tuple[str, float], ...]:
        return (
            ("missed", self.missed),
            ("late", self.late),
            ("short", self.short),
            ("far", self.far),
            ("duplicate", self.duplicate),
            ("substitute", self.substitute),
        )


def make_visits(
    facts: ActivityFacts, period: Period, rng: np.random.Generator, rates: VisitRates
) -> dict[DayKey, list[Stop]]:
    """The visits as made, per (staff member, day) in the order they were made (missed
    visits last, without times, among them those the day had no time left for); planned
    times are the planned manager's."""
    planned = planned_visits(facts, period)
    others = {code: tuple(sorted(team.of(Role.MANAGER))) for code, team in facts.teams.items()}
    draws = rng.random((len(facts.shops), 2)).tolist()
    neglected = {s.id for s, u in zip(facts.shops, draws) if u[0] < rates.neglected}
    favoured = [s for s, u in zip(facts.shops, draws) if u[1] < rates.favoured]
    made: dict[DayKey, list[Stop]] = defaultdict(list)
    missed: dict[DayKey, list[Stop]] = defaultdict(list)
    for (manager, day), stops in planned.items():
        for stop, u in zip(stops, rng.random(len(stops)).tolist()):
            stop.flag = "neglected" if stop.shop.id in neglected else _flag(u, rates)
            subs = [m for m in others.get(stop.shop.area, ()) if m != manager]
            if stop.flag in ("missed", "neglected"):
                missed[(manager, day)].append(stop)
            elif stop.flag == "substitute" and subs:
                stop.staff = subs[int(rng.integers(len(subs)))]
                made[(stop.staff, day)].append(stop)
            elif stop.flag == "duplicate":
                stop.flag = "original"
                copy = Stop(
                    stop.shop,
                    manager,
                    day,
                    stop.minutes,
                    stop.plan_ref,
                    stop.planned_start,
                    stop.planned_end,
                    "duplicate",
                )
                made[(manager, day)] += [stop, copy]
            else:
                stop.flag = "" if stop.flag == "substitute" else stop.flag
                made[(manager, day)].append(stop)
    for stop in _extra_visits(favoured, planned, period, rng):
        made[(stop.staff, stop.day)].append(stop)
    out: dict[DayKey, list[Stop]] = {}
    for key in sorted({*made, *missed}):
        done = made.get(key, [])
        wanted = [_wanted(s, rng) for s in done]
        order = sorted(
            range(len(done)),
            key=lambda k: (
                done[k].staff != done[k].shop.manager or done[k].flag in ("late", "extra"),
                wanted[k],
                k,
            ),
        )
        done = [done[k] for k in order]
        for s in done:
            s.lon, s.lat = _position(s, rng)
        keep_times(done, [wanted[k] for k in order], [_duration(s, rng) for s in done])
        out[key] = [s for s in done if s.done] + [s for s in done if not s.done and s.plan_ref]
        out[key] += missed.get(key, [])
    return out


def _extra_visits(
    favoured: list[ShopFacts],
    planned: dict[DayKey, list[Stop]],
    period: Period,
    rng: np.random.Generator,
) -> list[Stop]:
    """Unplanned visits (no plan reference) by the favoured retailers' managers, in about
    half the weeks, on a day of the week without a planned visit to the shop."""
    busy = {(s.shop.id, s.day) for stops in planned.values() for s in stops}
    out = []
    for shop in favoured:
        for monday in period.mondays():
            free = [
                monday + timedelta(days=d)
                for d in range(6)
                if (shop.id, monday + timedelta(days=d)) not in busy
            ]
            if free and rng.random() < 0.5:
                day = free[int(rng.integers(len(free)))]
                out.append(Stop(shop, shop.manager, day, max(shop.visit_minutes, 1), flag="extra"))
    return out


def _wanted(stop: Stop, rng: np.random.Generator) -> int:
    """The earliest the visit starts: up to a quarter of an hour before its planned start
    (a manager ahead of time goes on), or 31–75 minutes after it for a late one. Late visits
    and those made for another manager come after the day's own round."""
    if stop.flag == "late":
        return stop.planned_start + int(rng.integers(31, 76))
    if stop.flag == "extra":
        return DAY_START
    return stop.planned_start - int(rng.integers(5, 16))


def _flag(u: float, rates: VisitRates) -> str:
    edge = 0.0
    for flag, share in rates.flags():
        edge += share
        if u < edge:
            return flag
    return ""


def _position(stop: Stop, rng: np.random.Generator) -> tuple[float, float]:
    if stop.flag == "far":
        return displaced(rng, stop.shop.lon, stop.shop.lat, 250.0, 800.0)
    return jittered(rng, stop.shop.lon, stop.shop.lat)


def _duration(stop: Stop, rng: np.random.Generator) -> int:
    """Minutes spent: a short visit under half the policy's minutes, others at least half."""
    half = math.ceil(stop.minutes / 2)
    if stop.flag == "short":
        return int(rng.integers(2, half)) if half > 2 else 1
    return max(half, 2, round(stop.minutes * rng.uniform(0.75, 1.15)))


TASK_SETS = tuple(
    ",".join(t for k, t in enumerate(TASKS) if mask >> k & 1)
    for mask in range(1 << len(TASKS))
    if 2 <= mask.bit_count() <= 4
)
"""Every choice of two to four tasks, in their usual order."""


def visit_tasks(rng: np.random.Generator) -> str:
    return TASK_SETS[int(rng.integers(len(TASK_SETS)))]


def all_stops(days: dict[DayKey, list[Stop]]) -> Iterable[Stop]:
    for stops in days.values():
        yield from stops
