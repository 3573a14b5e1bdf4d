"""Process-incentive points (DOMAIN.md §6, document 001): the four people who serve a
retailer score it each month on law-abiding, cooperation, constructiveness and growth (0–100
each). A month's points are the mean over the roles who scored it of each one's weighted
score; points accumulate over the window (累计积分制) and the accumulated total sets the class
against the per-month thresholds times the months of the window."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from classification.params import ClassParams
from classification.rules import Assigned
from graph.model import IncentiveScore, Role


@dataclass(frozen=True)
class ScoreRecord:
    """One role's scores of a retailer for a month, 0–100 on each criterion."""

    role: str
    month: str
    law_abiding: float
    cooperation: float
    constructive: float
    growth: float


def incentive_score(
    retailer_id: str, staff_id: str, role: Role, month: str, values: Sequence[float]
) -> IncentiveScore:
    """The stored record of one role's scores (law-abiding, cooperation, constructive,
    growth) of a retailer for a month; its id ``retailer|role|month`` makes a later score of
    the same month replace it.

    >>> incentive_score("R1", "S1", Role.AGENT, "2026-10", (90, 80, 70, 60)).id
    'R1|agent|2026-10'
    """
    law, coop, constructive, growth = values
    return IncentiveScore(
        f"{retailer_id}|{role.value}|{month}",
        retailer_id,
        staff_id,
        role,
        month,
        law,
        coop,
        constructive,
        growth,
    )


def weighted(record: ScoreRecord, weights: Mapping[str, float]) -> float:
    """The record's weighted score, 0–100 (weights need not sum to one).

    >>> weighted(ScoreRecord("agent", "2026-10", 90, 80, 70, 60), ClassParams().points_weights)
    77.0
    """
    total = sum(weights.values()) or 1.0
    score = (
        weights["law_abiding"] * record.law_abiding
        + weights["cooperation"] * record.cooperation
        + weights["constructive"] * record.constructive
        + weights["growth"] * record.growth
    )
    return round(score / total, 4)


def monthly_points(
    records: Sequence[ScoreRecord], weights: Mapping[str, float]
) -> dict[str, float]:
    """Points per scored month: the mean of the weighted scores of the roles who scored it."""
    by_month: dict[str, list[float]] = defaultdict(list)
    for r in records:
        by_month[r.month].append(weighted(r, weights))
    return {m: round(sum(s) / len(s), 2) for m, s in sorted(by_month.items())}


def points_class(accumulated: float, params: ClassParams) -> str:
    """special, key or general: the accumulated points against the per-month thresholds
    times the months of the window."""
    months = params.points_window_months
    if accumulated >= params.points_special * months:
        return "special"
    if accumulated >= params.points_key * months:
        return "key"
    return "general"


def classify_points(
    records: Sequence[ScoreRecord], window: str, params: ClassParams
) -> tuple[Assigned, float, float]:
    """(points class, accumulated points, rebate rate) from the records of the window.

    >>> rs = [ScoreRecord(r, m, 90, 90, 80, 90) for r in ("manager", "agent")
    ...       for m in ("2026-08", "2026-09", "2026-10")]
    >>> a, points, rebate = classify_points(rs, "Aug–Oct 2026", ClassParams())
    >>> a.value, points, rebate
    ('special', 264.0, 0.015)
    >>> classify_points(rs[:2], "Aug–Oct 2026", ClassParams())[0].value  # one month scored
    'general'
    """
    monthly = monthly_points(records, params.points_weights)
    accumulated = round(sum(monthly.values()), 2)
    cls = points_class(accumulated, params)
    rebate = params.rebate_rates[cls]
    months = params.points_window_months
    mean = accumulated / len(monthly) if monthly else 0.0
    roles = sorted({r.role for r in records})
    text = (
        f"{cls}: {accumulated:.2f} points accumulated over {window}, {len(monthly)} of "
        f"{months} months scored (monthly mean {mean:.2f} from {len(records)} scoring "
        f"records: {', '.join(roles) or 'none'}); special ≥ {params.points_special * months:g} "
        f"({params.points_special:g} a month), key ≥ {params.points_key * months:g} "
        f"({params.points_key:g} a month); rebate {rebate:.1%}"
    )
    inputs = {
        "points": accumulated,
        "months": len(monthly),
        "monthly_mean": round(mean, 2),
        "records": len(records),
        "window": window,
    }
    return Assigned("points_class", cls, text, inputs), accumulated, rebate
