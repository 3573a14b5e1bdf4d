"""The other three roles' work in a period: the agents' calls on each retailer's order days
(zone cycle, DOMAIN.md §3) and the driver's delivery the next working day when an order was
taken, and the inspectors' inspections, every shop about once in two to three months, on
routes with check-ins like the managers' visits."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from care.interactions import interaction_id
from graph.care_model import Interaction
from graph.cycle import zone_of_day
from graph.model import Role
from seeds.activity_days import Stop, keep_times, plan_times, route_order
from seeds.activity_facts import ActivityFacts, Period, jittered, pick, stamp

BRANDS = ("黄山", "利群", "中华", "芙蓉王", "玉溪", "南京", "黄鹤楼", "红塔山")
VIOLATIONS = (
    "未明码标价 prices not marked",
    "许可证未悬挂 licence not displayed",
    "超范围经营 trading beyond the licence",
)
INSPECTION_MINUTES = 20


@dataclass(frozen=True)
class Call:
    """A call made: the retailer, its agent, the day and minute, and what came of it."""

    retailer: str
    agent: str
    day: date
    minute: int
    reached: bool
    order_taken: bool
    brands: str


def make_calls(
    facts: ActivityFacts, period: Period, first: date, rng: np.random.Generator
) -> list[Call]:
    """A call to every retailer on each of its zone's order days from `first` on, in its
    order batch (morning or afternoon); about 9 in 10 reached, most of those order."""
    days = [d for d in period.days() if d >= first]
    out = []
    for shop in facts.shops:
        if not shop.agent:
            continue
        mine = [d for d in days if zone_of_day(d) == shop.zone]
        opens = 510 if shop.order_batch != "下午" else 810
        for day, u in zip(mine, rng.random((len(mine), 5)).tolist()):
            reached = u[0] < 0.9
            ordered = reached and u[1] < 0.85
            count = int(u[2] * 3) if reached else 0
            out.append(
                Call(
                    shop.id,
                    shop.agent,
                    day,
                    opens + int(u[3] * 195),
                    reached,
                    ordered,
                    _brands(count, u[4]),
                )
            )
    return out


def _brands(count: int, u: float) -> str:
    """`count` (0–2) different brands, picked by the uniform `u`.

    >>> _brands(2, 0.0), _brands(0, 0.5)
    ('黄山,利群', '')
    """
    first = int(u * len(BRANDS))
    return ",".join(BRANDS[(first + k) % len(BRANDS)] for k in range(count))


def call_record(c: Call, rng: np.random.Generator) -> Interaction:
    start = stamp(c.day, c.minute)
    note = "" if c.reached else "未接通 not reached"
    return _record(
        "call",
        c.retailer,
        c.agent,
        Role.AGENT,
        c.day,
        start,
        stamp(c.day, c.minute + int(rng.integers(2, 7))),
        reached=c.reached,
        order_taken=c.order_taken,
        brands=c.brands,
        notes=note,
    )


def make_deliveries(
    facts: ActivityFacts, calls: list[Call], last: date, rng: np.random.Generator
) -> list[Interaction]:
    """The next working day's delivery of every order taken (by one of the area's drivers)."""
    driver = {s.id: _member(facts, s.id, s.area, Role.DRIVER) for s in facts.shops}
    out = []
    for c in calls:
        day = c.day + timedelta(days=1 if c.day.weekday() < 5 else 2)
        if not c.order_taken or day > last or not driver[c.retailer]:
            continue
        minute = int(rng.integers(540, 990))
        delivered = bool(rng.random() < 0.98)
        signed = delivered and bool(rng.random() < 0.98)
        problem = (
            "店主不在 shop closed"
            if not delivered
            else "未签收 not signed"
            if not signed
            else "外包装破损 damaged carton"
            if rng.random() < 0.01
            else ""
        )
        out.append(
            _record(
                "delivery",
                c.retailer,
                driver[c.retailer],
                Role.DRIVER,
                day,
                stamp(day, minute),
                stamp(day, minute + int(rng.integers(3, 11))),
                delivered=delivered,
                signed=signed,
                problem=problem,
                plan_ref=f"delivery:{day.isoformat()}:{c.retailer}",
            )
        )
    return out


def make_inspections(
    facts: ActivityFacts, period: Period, rng: np.random.Generator
) -> dict[tuple[str, date], list[Stop]]:
    """Each shop inspected every 60–90 days (the first at a random point of its cycle) by one
    of its area's inspectors, per (inspector, day) in route order with check-ins."""
    planned: dict[tuple[str, date], list[Stop]] = defaultdict(list)
    for shop in facts.shops:
        inspector = _member(facts, shop.id, shop.area, Role.INSPECTOR)
        if not inspector:
            continue
        every = int(rng.integers(60, 91))
        day = period.first + timedelta(days=int(rng.integers(0, every)))
        while day <= period.last:
            on = day + timedelta(days=1) if day.weekday() == 6 else day
            if on <= period.last:
                planned[(inspector, on)].append(Stop(shop, inspector, on, INSPECTION_MINUTES))
            day += timedelta(days=every)
    out = {}
    for key in sorted(planned):
        stops = [planned[key][i] for i in route_order([s.shop for s in planned[key]])]
        plan_times(stops)
        for s in stops:
            s.lon, s.lat = jittered(rng, s.shop.lon, s.shop.lat)
        keep_times(
            stops,
            [s.planned_start + int(rng.integers(-8, 9)) for s in stops],
            [int(rng.integers(12, 31)) for _ in stops],
        )
        out[key] = [s for s in stops if s.done]
    return out


def _member(facts: ActivityFacts, shop: str, area: str, role: Role) -> str:
    """The area's member of `role` who serves the shop (a stable pick among them)."""
    team = facts.teams.get(area)
    return pick(shop, tuple(sorted(team.of(role)))) if team else ""


def inspection_record(s: Stop, rng: np.random.Generator) -> Interaction:
    violation = str(rng.choice(VIOLATIONS)) if rng.random() < 0.04 else ""
    return stop_record(
        s,
        "inspection",
        Role.INSPECTOR,
        licence_checked=True,
        result="violation" if violation else "pass",
        violation=violation,
    )


def stop_record(s: Stop, kind: str, role: Role, **extra: object) -> Interaction:
    """The record of a visit or inspection; a missed one has no times nor check-in."""
    done = s.done
    return _record(
        kind,
        s.shop.id,
        s.staff,
        role,
        s.day,
        stamp(s.day, s.start) if done else "",
        stamp(s.day, s.end) if done else "",
        status="done" if done else "missed",
        planned_start=stamp(s.day, s.planned_start) if s.planned_start >= 0 else "",
        planned_end=stamp(s.day, s.planned_end) if s.planned_end >= 0 else "",
        checkin_lon=s.lon if done else None,
        checkin_lat=s.lat if done else None,
        plan_ref=s.plan_ref,
        **extra,
    )


def _record(
    kind: str,
    retailer: str,
    staff: str,
    role: Role,
    day: date,
    started: str,
    ended: str,
    **fields: object,
) -> Interaction:
    logged = ended or f"{day.isoformat()}T17:30"
    values: dict[str, object] = {"status": "done", **fields}
    return Interaction(
        id=interaction_id(kind, staff, retailer, started, day),
        kind=kind,
        retailer_id=retailer,
        staff_id=staff,
        role=str(role),
        day=day,
        started_at=started,
        ended_at=ended,
        logged_by=staff,
        logged_at=logged,
        source="seed",
        **values,  # type: ignore[arg-type]
    )
