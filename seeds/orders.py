"""Monthly order history on the 3-day cycle, and the derived purchase fields of a retailer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from graph.cycle import cycle_days
from graph.model import OrderMonth
from seeds.profiles import Profile

CARTONS_PER_CASE = 50
SEASON = {
    1: 1.25,
    2: 1.10,
    3: 0.90,
    4: 0.95,
    5: 0.97,
    6: 0.95,
    7: 0.97,
    8: 0.98,
    9: 1.02,
    10: 1.03,
    11: 0.98,
    12: 1.10,
}
"""Month factors: the Spring Festival lifts January and February; spring and summer are slack
(assumed shape)."""


def generate_orders(
    retailer_id: str,
    profile: Profile,
    zone: int,
    months: Sequence[str],
    scale: float,
    rng: np.random.Generator,
) -> list[OrderMonth]:
    """One retailer's months: orders ~ Binomial(cycle days, regularity); cases follow its base
    volume × calibration `scale` × trend × season × noise, in whole cartons."""
    out = []
    n = len(months)
    for k, month in enumerate(months):
        if k < profile.start_month or (profile.stop_month is not None and k >= profile.stop_month):
            continue
        cycles = cycle_days(month, zone)
        orders = int(rng.binomial(cycles, profile.regularity))
        if orders == 0:
            continue
        trend = (1 + profile.growth) ** ((k - n + 1) / 12)
        expected_orders = cycles * profile.regularity
        cases = (
            profile.base_cases
            * scale
            * trend
            * SEASON[int(month[5:])]
            * rng.lognormal(0.0, 0.12)
            * (orders / expected_orders) ** 0.4
        )
        cartons = max(1, round(cases * CARTONS_PER_CASE))
        price = profile.carton_price * rng.lognormal(0.0, 0.04)
        out.append(
            OrderMonth(
                OrderMonth.key(retailer_id, month),
                retailer_id,
                month,
                cartons / CARTONS_PER_CASE,
                round(cartons * price, 2),
                orders,
            )
        )
    return out


@dataclass(frozen=True)
class PurchaseSummary:
    """The derived purchase fields of DOMAIN.md §5, from a retailer's months."""

    avg_monthly_cases: float
    avg_monthly_amount: float
    avg_carton_price: float
    purchase_cases_12m: float
    purchase_amount_12m: float
    order_frequency: float


def summarise_orders(
    orders: Sequence[OrderMonth], months: Sequence[str], *, window: int = 3
) -> PurchaseSummary:
    """Averages over the last `window` months of `months` (missing months count as zero),
    totals and price over all of them.

    >>> ms = ["2026-08", "2026-09", "2026-10"]
    >>> o = [OrderMonth("r|2026-10", "r", "2026-10", 6.0, 6000.0, 10)]
    >>> summarise_orders(o, ms).avg_monthly_cases
    2.0
    """
    by_month = {o.month: o for o in orders if o.month in set(months)}
    recent = [by_month[m] for m in months[-window:] if m in by_month]
    cases = sum(o.cases for o in by_month.values())
    amount = sum(o.amount for o in by_month.values())
    return PurchaseSummary(
        avg_monthly_cases=round(sum(o.cases for o in recent) / window, 4),
        avg_monthly_amount=round(sum(o.amount for o in recent) / window, 2),
        avg_carton_price=round(amount / (cases * CARTONS_PER_CASE), 2) if cases else 0.0,
        purchase_cases_12m=round(cases, 4),
        purchase_amount_12m=round(amount, 2),
        order_frequency=round(sum(o.orders for o in by_month.values()) / len(months), 3),
    )
