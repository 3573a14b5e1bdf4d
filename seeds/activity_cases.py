"""Complaints and requests of a period, driven through the case engine (`care.cases`) so their
clocks, events and care records are exactly what the service would have written: most answered
within target, a few first responses breached, some paused while waiting on the retailer, and
about one in ten still open at the end of the period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import numpy as np

from care.cases import CaseParams, close, new_case, pause, respond, resume
from care.clock import WorkCalendar
from graph.care_model import Case
from graph.model import Role
from seeds.activity_facts import ActivityFacts, Period, ShopFacts

CASE_PREFIX = "seed-case-"
"""Generated cases' ids start so: a new run deletes the old ones by it."""
CATEGORIES = (
    ("delivery", 0.2, "送货延误，希望按时送达", "delivery late, wants it on time"),
    ("order", 0.15, "订货时系统无法下单", "could not place the order"),
    ("brand_supply", 0.25, "畅销品牌货源不足", "short of the best-selling brands"),
    ("service_attitude", 0.1, "客户经理态度不好", "the manager was impolite"),
    ("price", 0.1, "零售指导价调整疑问", "questions on the retail price change"),
    ("licence", 0.08, "许可证延续办理咨询", "how to renew the licence"),
    ("other", 0.12, "希望提供陈列物料", "asks for display material"),
)
CHANNELS = (("phone", 0.45), ("visit", 0.3), ("hotline_12313", 0.15), ("api", 0.1))
CARE_RECORDS = (
    "已回访，零售户表示满意 followed up, the retailer is satisfied",
    "已上门说明并解决 explained and solved on site",
    "已协调调整并电话回访 adjusted and called back",
)


@dataclass(frozen=True)
class CaseRates:
    share: float = 0.03
    """Cases in the period per retailer."""
    open_share: float = 0.1
    breach_share: float = 0.02


def make_cases(
    facts: ActivityFacts, period: Period, rng: np.random.Generator, rates: CaseRates
) -> tuple[list[Case], tuple[str, ...]]:
    """The cases and the ids of those whose first response was planted late (at least one)."""
    params, cal = CaseParams(), WorkCalendar()
    count = min(len(facts.shops), max(4, round(rates.share * len(facts.shops))))
    opened = max(1, round(rates.open_share * count))
    breached = max(1, round(rates.breach_share * count))
    end = datetime.combine(period.last, time(17, 0))
    days = period.days()
    cases, late = [], []
    picks = rng.choice(len(facts.shops), size=count, replace=False)
    for n, i in enumerate(picks):
        shop = facts.shops[int(i)]
        still_open = n < opened
        breach = opened <= n < opened + breached
        pool = days[-3:] if still_open else days[: max(1, len(days) - 6)]
        at = _working_instant(pool[int(rng.integers(len(pool)))], rng)
        case = _case_of(facts, shop, f"{CASE_PREFIX}{n + 1:05d}", at, params, rng)
        case = _handle(case, at, end, breach, still_open, cal, rng)
        cases.append(case)
        if breach:
            late.append(case.id)
    return cases, tuple(late)


def _working_instant(day: date, rng: np.random.Generator) -> datetime:
    """A random minute of the day's working hours (08:30–12:00, 13:30–17:00)."""
    m = int(rng.integers(0, 420))
    minute = 510 + m if m < 210 else 810 + m - 210
    return datetime.combine(day, time(minute // 60, minute % 60))


def _owner(facts: ActivityFacts, shop: ShopFacts, role: Role) -> str:
    """B's default rule: the shop's manager or agent, else the area's first driver or
    inspector by employee number (the lead when the team has none)."""
    if role is Role.MANAGER:
        return shop.manager
    if role is Role.AGENT:
        return shop.agent
    team = facts.teams.get(shop.area)
    members = sorted(team.of(role)) if team else []
    return members[0] if members else (team.lead if team else shop.manager)


def _case_of(
    facts: ActivityFacts,
    shop: ShopFacts,
    key: str,
    at: datetime,
    params: CaseParams,
    rng: np.random.Generator,
) -> Case:
    cat = CATEGORIES[int(rng.choice(len(CATEGORIES), p=[c[1] for c in CATEGORIES]))]
    channel = CHANNELS[int(rng.choice(len(CHANNELS), p=[c[1] for c in CHANNELS]))][0]
    role = params.owner_role(cat[0])
    by = {"phone": shop.agent, "visit": shop.manager, "hotline_12313": "12313"}.get(
        channel, shop.id
    )
    kind = "complaint" if cat[0] in ("delivery", "service_attitude", "order") else "request"
    return new_case(
        params,
        id=key,
        retailer_id=shop.id,
        kind=kind,
        channel=channel,
        category=cat[0],
        text=f"{cat[2]} {cat[3]}",
        key_account=shop.key_account,
        owner=_owner(facts, shop, role),
        owner_role=role,
        by=by or shop.id,
        now=at,
    )


def _handle(
    case: Case,
    at: datetime,
    end: datetime,
    breach: bool,
    still_open: bool,
    cal: WorkCalendar,
    rng: np.random.Generator,
) -> Case:
    """Respond (late when `breach`), maybe pause and resume, and close with a care record —
    stopping at `end` for a case still open then."""
    first = case.first_response_target_min
    share = rng.uniform(1.1, 1.8) if breach else rng.uniform(0.05, 0.9)
    answered = _minute(cal.add_working_minutes(at, first * share))
    if answered > end:
        return case
    by = case.owner
    case = respond(
        case, text="已联系零售户，正在处理 contacted the retailer, in hand", by=by, now=answered
    )
    last, paused = answered, []
    if rng.random() < 0.15:
        held = _minute(cal.add_working_minutes(answered, rng.uniform(30, 240)))
        back = _minute(cal.add_working_minutes(held, rng.uniform(60, 600)))
        if held > end:
            return case
        case = pause(case, by=by, now=held, note="等待零售户提供材料 waiting on the retailer")
        if back > end or still_open:
            return case
        case = resume(case, cal, by=by, now=back, note="材料已收到 material received")
        last, paused = back, [(held, back)]
    if still_open:
        return case
    done = cal.add_working_minutes(at, case.resolution_target_min * rng.uniform(0.3, 0.9), paused)
    closed = max(_minute(done), last + timedelta(minutes=30))
    record = CARE_RECORDS[int(rng.integers(len(CARE_RECORDS)))]
    return close(case, cal, care_record=record, by=by, now=min(closed, end))


def _minute(at: datetime) -> datetime:
    """Rounded up to the whole minute (records hold minutes)."""
    whole = at.replace(second=0, microsecond=0)
    return whole if whole == at else whole + timedelta(minutes=1)
