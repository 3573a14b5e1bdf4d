"""Classify every retailer at a date: the pure core of `crm classify`.

Plain facts in (records, monthly orders, scoring records), plain classes out: the derived
retailer fields to store and, per scheme, the `Assigned` class with its explanation.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from classification.params import ClassParams
from classification.points import ScoreRecord, classify_points
from classification.rules import (
    Assigned,
    category_code,
    classify_grade,
    classify_lifecycle,
    classify_quadrant,
    classify_tier,
    price_structure,
)
from classification.value import (
    ValueInputs,
    classify_value,
    indicators,
    key_account_depth,
    key_account_scope,
    key_accounts,
)
from graph.cycle import cycle_days, month_span, months_before

CARTONS_PER_CASE = 50
HISTORY_MONTHS = 12
SCHEMES = (
    "category",
    "tier",
    "grade",
    "value_segment",
    "service_class",
    "points_class",
    "quadrant",
    "key_account",
    "lifecycle",
)


@dataclass(frozen=True)
class RetailerFacts:
    """What classification reads about one retailer."""

    id: str
    zone: int
    market_type: str
    business_format: str
    outlet_scale: str
    nature: str
    credit_grade: str
    violations_12m: int
    cooperation: str
    model_shop: bool
    trade_area_env: str
    months: dict[str, tuple[float, float, int]]
    """month → (cases, amount in yuan, orders)."""
    scores: tuple[ScoreRecord, ...] = ()


@dataclass(frozen=True)
class Classes:
    """One retailer's classes: derived fields to store and each scheme's assignment."""

    id: str
    fields: dict[str, object]
    assigned: dict[str, Assigned]


@dataclass(frozen=True)
class _Measures:
    avg_cases: float
    avg_amount: float
    cases_12m: float
    amount_12m: float
    price: float
    profit: float
    regularity: float
    loyalty: float
    growth: float
    orders_12m: int


def _measure(f: RetailerFacts, windows: dict[str, list[str]], params: ClassParams) -> _Measures:
    zero = (0.0, 0.0, 0)
    tier, year, loyal = (
        [f.months.get(m, zero) for m in windows[w]] for w in ("tier", "year", "loyalty")
    )
    cases_12m = sum(r[0] for r in year)
    amount_12m = sum(r[1] for r in year)
    price = amount_12m / (cases_12m * CARTONS_PER_CASE) if cases_12m else 0.0
    structure = price_structure(price, params)
    possible = sum(cycle_days(m, f.zone) for m in windows["loyalty"]) or 1
    regularity = min(1.0, sum(r[2] for r in loyal) / possible)
    loyal_cases = [r[0] for r in loyal]
    mean = sum(loyal_cases) / len(loyal_cases)
    spread = (sum((c - mean) ** 2 for c in loyal_cases) / len(loyal_cases)) ** 0.5
    stability = 1 - min(1.0, spread / mean) if mean > 0 else 0.0
    recent = statistics.fmean(loyal_cases[-3:])
    before = statistics.fmean(loyal_cases[-6:-3]) if len(loyal_cases) >= 6 else recent
    return _Measures(
        avg_cases=sum(r[0] for r in tier) / len(tier),
        avg_amount=sum(r[1] for r in tier) / len(tier),
        cases_12m=cases_12m,
        amount_12m=amount_12m,
        price=price,
        profit=amount_12m * params.margin_rate[structure],
        regularity=regularity,
        loyalty=0.6 * regularity + 0.4 * stability,
        growth=(recent - before) / max(before, 0.1),
        orders_12m=sum(r[2] for r in year),
    )


def _splits(measures: Sequence[_Measures], params: ClassParams) -> tuple[float, float]:
    active = [m for m in measures if m.orders_12m > 0] or list(measures)
    volume = params.volume_split
    loyalty = params.loyalty_split
    if volume is None:
        volume = statistics.median(m.avg_cases for m in active) if active else 0.0
    if loyalty is None:
        loyalty = statistics.median(m.loyalty for m in active) if active else 0.0
    return volume, loyalty


def _visits(service: str, lifecycle: str, params: ClassParams) -> tuple[str, Assigned]:
    if lifecycle == "lost":
        service = "problem"
    elif lifecycle == "potential":
        service = "potential"
    policy = params.service_policy[service]
    freq, minutes = float(policy["visits_per_week"]), int(policy["minutes"])
    return service, Assigned(
        "service_class",
        service,
        f"{service}: visits a week {freq:g}, {minutes} minutes each (service policy)",
        {"visits_per_week": freq, "minutes": minutes},
    )


def classify_retailers(
    facts: Sequence[RetailerFacts], as_of: date, params: ClassParams
) -> list[Classes]:
    """Every class of every retailer, computed from history before `as_of`."""
    windows = {
        "tier": months_before(as_of, params.tier_window_months),
        "year": months_before(as_of, HISTORY_MONTHS),
        "loyalty": months_before(as_of, params.loyalty_months),
        "points": months_before(as_of, params.points_window_months),
    }
    labels = {k: month_span(v) for k, v in windows.items()}
    measures = [_measure(f, windows, params) for f in facts]
    values = indicators(
        [
            ValueInputs(
                m.profit,
                m.regularity,
                f.cooperation,
                f.credit_grade,
                f.violations_12m,
                m.growth,
                f.outlet_scale,
                f.model_shop,
                f.trade_area_env,
            )
            for f, m in zip(facts, measures)
        ]
    )
    flags, cut = key_accounts([m.profit for m in measures], params.key_account_share)
    key_rank = {
        i: r
        for r, i in enumerate(
            sorted((i for i, k in enumerate(flags) if k), key=lambda i: -measures[i].profit)
        )
    }
    volume_split, loyalty_split = _splits(measures, params)
    out = []
    for i, (f, m) in enumerate(zip(facts, measures)):
        points_records = [s for s in f.scores if s.month in windows["points"]]
        points, total_points, rebate = classify_points(points_records, labels["points"], params)
        value, service = classify_value(values[i], params)
        ordered = [mo for mo in windows["year"] if f.months.get(mo, (0, 0, 0))[2] > 0]
        life = classify_lifecycle(ordered, windows["year"], params)
        service, visits = _visits(service, str(life.value), params)
        key = _key_account(f, m, flags[i], key_rank.get(i), len(key_rank), cut, params)
        assigned = {
            a.scheme: a
            for a in (
                category_code(f.market_type, f.business_format, f.outlet_scale),
                classify_tier(m.avg_cases, params, labels["tier"]),
                classify_grade(f.outlet_scale, m.price, params),
                value,
                visits,
                points,
                classify_quadrant(m.avg_cases, m.loyalty, volume_split, loyalty_split),
                key,
                life,
            )
        }
        out.append(
            Classes(f.id, _fields(assigned, m, total_points, rebate, as_of, params), assigned)
        )
    return out


def _key_account(
    f: RetailerFacts,
    m: _Measures,
    flag: bool,
    rank: int | None,
    count: int,
    cut: float,
    params: ClassParams,
) -> Assigned:
    share = f"{params.key_account_share:.0%}"
    inputs: dict[str, object] = {"profit_12m": round(m.profit, 2), "cut": round(cut, 2)}
    if not flag or rank is None:
        return Assigned(
            "key_account",
            False,
            f"not a key account: 12-month gross profit {m.profit:,.0f} yuan is "
            f"below the cut of {cut:,.0f} for {share} of profit",
            inputs,
        )
    scope = key_account_scope(f.business_format, f.outlet_scale, f.nature)
    depth = key_account_depth(rank, count)
    inputs |= {"rank": rank + 1, "key_accounts": count, "scope": scope, "depth": depth}
    return Assigned(
        "key_account",
        True,
        f"key account no. {rank + 1} of {count} (together {share} of gross profit):"
        f" 12-month gross profit {m.profit:,.0f} yuan; {scope} scope, {depth}",
        inputs,
    )


def _fields(
    assigned: dict[str, Assigned],
    m: _Measures,
    points: float,
    rebate: float,
    as_of: date,
    params: ClassParams,
) -> dict[str, object]:
    a = {k: v.value for k, v in assigned.items()}
    visits = assigned["service_class"].inputs
    key = assigned["key_account"].inputs
    return {
        "avg_monthly_cases": round(m.avg_cases, 4),
        "avg_monthly_amount": round(m.avg_amount, 2),
        "avg_carton_price": round(m.price, 2),
        "purchase_cases_12m": round(m.cases_12m, 4),
        "purchase_amount_12m": round(m.amount_12m, 2),
        "order_frequency": round(m.orders_12m / HISTORY_MONTHS, 3),
        "category_code": a["category"],
        "tier": a["tier"],
        "grade": a["grade"],
        "customer_class": f"{a['category']} 第{a['tier']}档 第{a['grade']}级",
        "price_structure": price_structure(m.price, params),
        "value_score": assigned["value_segment"].inputs["score"],
        "value_segment": a["value_segment"],
        "service_class": a["service_class"],
        "incentive_points": points,
        "points_class": a["points_class"],
        "rebate_rate": rebate,
        "quadrant": a["quadrant"],
        "key_account": a["key_account"],
        "key_scope": key.get("scope", ""),
        "key_depth": key.get("depth", ""),
        "lifecycle": a["lifecycle"],
        "visit_frequency_per_week": visits["visits_per_week"],
        "visit_minutes": visits["minutes"],
        "classified_on": as_of,
        "class_explanations": json.dumps(
            {k: {"class": v.value, "text": v.text} for k, v in assigned.items()},
            ensure_ascii=False,
        ),
    }


def class_changes(previous: dict[str, object], classes: Classes) -> list[tuple[str, str, str, str]]:
    """(scheme, old, new, reason) for each scheme whose stored class differs; nothing for a
    retailer never classified before."""
    if not previous.get("classified_on"):
        return []
    stored = {
        "category": previous.get("category_code"),
        "tier": previous.get("tier"),
        "grade": previous.get("grade"),
        "value_segment": previous.get("value_segment"),
        "service_class": previous.get("service_class"),
        "points_class": previous.get("points_class"),
        "quadrant": previous.get("quadrant"),
        "key_account": previous.get("key_account"),
        "lifecycle": previous.get("lifecycle"),
    }
    out = []
    for scheme in SCHEMES:
        new = classes.assigned[scheme]
        if str(stored[scheme]) != str(new.value):
            out.append((scheme, str(stored[scheme]), str(new.value), new.text))
    return out
