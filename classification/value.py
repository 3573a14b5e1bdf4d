"""Value, key accounts and loyalty: classes that compare a retailer with the whole city.

The five value indicators (DOMAIN.md §6), each in [0, 1]:

- contribution: percentile rank of 12-month gross profit (purchase amount × the margin of its
  sales structure);
- support: 0.6 × order regularity (share of its zone's cycle days with an order over the
  loyalty window) + 0.4 × cooperation (高 1, 中 0.6, 低 0.2);
- credit: integrity grade (AAA 1, AA 0.85, A 0.7, B 0.4, C 0.1) × 0.8 per violation in 12 months;
- growth: percentile rank of the change of average monthly cases, last 3 months against the 3
  before;
- influence: 0.55 × scale (XL 1, L 0.75, M 0.45, S 0.2) + 0.2 if a model shop + 0.25 × trade
  area (commercial or transport hub 1, school 0.7, residential 0.5, other 0.3).

The value score is their weighted sum (weights in `ClassParams.value_weights`, normalised).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.stats import rankdata

from classification.params import ClassParams
from classification.rules import Assigned

CREDIT = {"AAA": 1.0, "AA": 0.85, "A": 0.7, "B": 0.4, "C": 0.1}
COOPERATION = {"高": 1.0, "中": 0.6, "低": 0.2}
SCALE_INFLUENCE = {"XL": 1.0, "L": 0.75, "M": 0.45, "S": 0.2}
TRADE_AREA = {"商业区": 1.0, "交通枢纽": 1.0, "学校周边": 0.7, "居民区": 0.5}
SEGMENT_SERVICE = {
    "value": "core",
    "secondary": "general",
    "potential": "potential",
    "low": "problem",
}


@dataclass(frozen=True)
class ValueInputs:
    """What the value indicators of one retailer are computed from."""

    profit_12m: float
    regularity: float
    cooperation: str
    credit_grade: str
    violations_12m: int
    growth: float
    outlet_scale: str
    model_shop: bool
    trade_area_env: str


def percentile_ranks(values: Sequence[float]) -> list[float]:
    """Rank in [0, 1] of each value among all (ties share their average rank).

    >>> percentile_ranks([10.0, 30.0, 20.0])
    [0.0, 1.0, 0.5]
    """
    if len(values) < 2:
        return [0.5] * len(values)
    ranks = rankdata(values, method="average")
    return [float(r) for r in (ranks - 1) / (len(values) - 1)]


def indicators(rows: Sequence[ValueInputs]) -> list[dict[str, float]]:
    """The five indicators of each retailer (see the module docstring)."""
    contribution = percentile_ranks([r.profit_12m for r in rows])
    growth = percentile_ranks([r.growth for r in rows])
    out = []
    for r, c, g in zip(rows, contribution, growth):
        out.append(
            {
                "contribution": c,
                "support": 0.6 * r.regularity + 0.4 * COOPERATION.get(r.cooperation, 0.6),
                "credit": CREDIT.get(r.credit_grade, 0.5) * 0.8**r.violations_12m,
                "growth": g,
                "influence": (
                    0.55 * SCALE_INFLUENCE[r.outlet_scale]
                    + 0.2 * r.model_shop
                    + 0.25 * TRADE_AREA.get(r.trade_area_env, 0.3)
                ),
            }
        )
    return out


def classify_value(ind: dict[str, float], params: ClassParams) -> tuple[Assigned, str]:
    """The value segment (value, secondary, potential, low) and the service class it gives
    (core, general, potential, problem).

    >>> p = ClassParams()
    >>> seg, service = classify_value({"contribution": 0.9, "support": 0.9, "credit": 1.0,
    ...                                "growth": 0.8, "influence": 0.6}, p)
    >>> seg.value, service
    ('value', 'core')
    """
    weights = params.value_weights
    total = sum(weights.values()) or 1.0
    score = sum(weights[k] * ind[k] for k in weights) / total
    if score >= params.value_threshold:
        segment = "value"
    elif score >= params.secondary_threshold:
        segment = "secondary"
    elif max(ind["growth"], ind["support"]) >= params.potential_growth:
        segment = "potential"
    else:
        segment = "low"
    service = SEGMENT_SERVICE[segment]
    if ind["credit"] < params.problem_credit:
        service = "problem"
    terms = " + ".join(f"{weights[k] / total:.2f}×{k} {ind[k]:.2f}" for k in weights)
    text = (
        f"{segment} (served as {service}): score {score:.2f} = {terms} (value ≥ "
        f"{params.value_threshold:g}, secondary ≥ {params.secondary_threshold:g}, else potential "
        f"if growth or support ≥ {params.potential_growth:g}; credit < "
        f"{params.problem_credit:g} is served as problem)"
    )
    inputs: dict[str, object] = {k: round(v, 4) for k, v in ind.items()}
    inputs["score"] = round(score, 4)
    return Assigned("value_segment", segment, text, inputs), service


def key_accounts(profits: Sequence[float], share: float) -> tuple[list[bool], float]:
    """The smallest set of retailers giving `share` of total profit: a flag per retailer
    and the profit of the smallest key account (the cut).

    >>> key_accounts([50.0, 30.0, 15.0, 5.0], 0.8)
    ([True, True, False, False], 30.0)
    """
    order = np.argsort(-np.asarray(profits, float), kind="stable")
    cum = np.cumsum(np.asarray(profits, float)[order])
    total = cum[-1] if len(cum) else 0.0
    if total <= 0:
        return [False] * len(profits), 0.0
    count = int(np.searchsorted(cum, share * total - 1e-9)) + 1
    flags = [False] * len(profits)
    for i in order[:count]:
        flags[int(i)] = True
    return flags, float(np.asarray(profits, float)[order[count - 1]])


def key_account_depth(rank: int, count: int) -> str:
    """Strategic partner (top 10% of key accounts by profit), partner (next 30%), preferred
    supplier (the rest)."""
    if rank < max(1, round(0.1 * count)):
        return "strategic partner"
    return "partner" if rank < round(0.4 * count) else "preferred supplier"


def key_account_scope(business_format: str, outlet_scale: str, nature: str) -> str:
    """National, regional or local reach, from what the record tells: extra-large malls are
    national, malls and large company-run stores regional, the rest local."""
    if business_format == "N" and outlet_scale == "XL":
        return "national"
    if business_format == "N" or (nature == "有限责任公司" and outlet_scale in ("XL", "L")):
        return "regional"
    return "local"
