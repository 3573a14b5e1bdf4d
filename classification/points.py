"""Process-incentive points (DOMAIN.md §6, document 001): the four people who serve a
retailer score it each month on law-abiding, cooperation, constructiveness and growth (0–10);
its points are the weighted mean of the records in the window, on a 0–100 scale."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from classification.params import ClassParams
from classification.rules import Assigned


@dataclass(frozen=True)
class ScoreRecord:
    role: str
    month: str
    law_abiding: float
    cooperation: float
    constructive: float
    growth: float


def classify_points(
    records: Sequence[ScoreRecord], window: str, params: ClassParams
) -> tuple[Assigned, float, float]:
    """(points class, points, rebate rate) from the records of the window.

    >>> r = ScoreRecord("manager", "2026-10", 9, 9, 8, 9)
    >>> a, points, rebate = classify_points([r], "Oct 2026", ClassParams())
    >>> a.value, points, rebate
    ('special', 88.0, 0.015)
    """
    w = params.points_weights
    total = sum(w.values()) or 1.0
    scores = [
        (
            w["law_abiding"] * r.law_abiding
            + w["cooperation"] * r.cooperation
            + w["constructive"] * r.constructive
            + w["growth"] * r.growth
        )
        / total
        * 10
        for r in records
    ]
    points = round(sum(scores) / len(scores), 2) if scores else 0.0
    if points >= params.points_special:
        cls = "special"
    elif points >= params.points_key:
        cls = "key"
    else:
        cls = "general"
    rebate = params.rebate_rates[cls]
    roles = sorted({r.role for r in records})
    text = (
        f"{cls}: {points:.2f} points over {window} from {len(records)} scoring records "
        f"({', '.join(roles) or 'none'}; special ≥ {params.points_special:g}, key ≥ "
        f"{params.points_key:g}); rebate {rebate:.1%}"
    )
    return (
        Assigned(
            "points_class",
            cls,
            text,
            {"points": points, "records": len(records), "window": window},
        ),
        points,
        rebate,
    )
