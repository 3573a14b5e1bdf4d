"""What kind of shop each retailer is and how it buys: format, scale, volume, price, loyalty.

The mixes below are assumptions in the spirit of the source documents (grocery stores are the
bulk of retailers, tobacco-and-liquor shops and supermarkets buy more and dearer, rural shops
less and cheaper); the volume scale is calibrated later against the fleet (DOMAIN.md §4a).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from graph.model import BusinessFormat, MarketType, OutletScale

F = BusinessFormat
URBAN_FORMAT_MIX = {
    F.GROCERY: 0.40,
    F.CONVENIENCE: 0.22,
    F.SUPERMARKET: 0.08,
    F.TOBACCO_LIQUOR: 0.16,
    F.ENTERTAINMENT: 0.07,
    F.OTHER: 0.07,
}
RURAL_FORMAT_MIX = {
    F.GROCERY: 0.62,
    F.CONVENIENCE: 0.08,
    F.SUPERMARKET: 0.06,
    F.TOBACCO_LIQUOR: 0.12,
    F.ENTERTAINMENT: 0.05,
    F.OTHER: 0.07,
}
SCALE_MIX = {
    F.GROCERY: {"L": 0.05, "M": 0.30, "S": 0.65},
    F.CONVENIENCE: {"L": 0.10, "M": 0.50, "S": 0.40},
    F.SUPERMARKET: {"XL": 0.05, "L": 0.35, "M": 0.45, "S": 0.15},
    F.MALL: {"XL": 0.35, "L": 0.65},
    F.TOBACCO_LIQUOR: {"XL": 0.02, "L": 0.15, "M": 0.45, "S": 0.38},
    F.ENTERTAINMENT: {"L": 0.05, "M": 0.35, "S": 0.60},
    F.OTHER: {"L": 0.03, "M": 0.27, "S": 0.70},
}
SCALE_VOLUME = {"XL": 6.0, "L": 3.0, "M": 1.5, "S": 0.8}
FORMAT_VOLUME = {
    F.GROCERY: 1.0,
    F.CONVENIENCE: 1.1,
    F.SUPERMARKET: 1.6,
    F.MALL: 3.0,
    F.TOBACCO_LIQUOR: 1.7,
    F.ENTERTAINMENT: 0.7,
    F.OTHER: 0.6,
}
FORMAT_PRICE = {
    F.GROCERY: 165.0,
    F.CONVENIENCE: 205.0,
    F.SUPERMARKET: 215.0,
    F.MALL: 260.0,
    F.TOBACCO_LIQUOR: 270.0,
    F.ENTERTAINMENT: 210.0,
    F.OTHER: 160.0,
}
RURAL_VOLUME, RURAL_PRICE = 0.85, 0.88
"""A rural shop of the same format and scale buys 15% fewer cases, at cheaper prices (assumed:
fewer customers per shop, partly offset by less competition)."""


@dataclass(frozen=True)
class Profile:
    """How one retailer buys; `base_cases` is its typical monthly volume before calibration."""

    market: MarketType
    business_format: BusinessFormat
    scale: OutletScale
    base_cases: float
    carton_price: float
    regularity: float
    """Probability of ordering in a given cycle (loyalty)."""
    growth: float
    """Yearly volume trend, e.g. 0.05 = +5% a year."""
    start_month: int
    """First month (0-based in the history) with orders: > 0 for new retailers, the history's
    length for potential ones (licensed, not ordering yet)."""
    stop_month: int | None
    """First month with no more orders, for lost retailers."""


def _pick(rng: np.random.Generator, mix: dict, n: int) -> list:  # type: ignore[type-arg]
    keys = list(mix)
    p = np.array([mix[k] for k in keys])
    return [keys[i] for i in rng.choice(len(keys), size=n, p=p / p.sum())]


def draw_profiles(
    rural: np.ndarray,
    mall_slots: np.ndarray,
    *,
    months: int,
    new_share: float,
    lost_share: float,
    potential_share: float,
    volume_sigma: float,
    rng: np.random.Generator,
) -> list[Profile]:
    """Profiles for retailers flagged rural or not; `mall_slots` marks the shopping malls."""
    n = len(rural)
    urban_fmt = _pick(rng, URBAN_FORMAT_MIX, n)
    rural_fmt = _pick(rng, RURAL_FORMAT_MIX, n)
    noise = rng.lognormal(0.0, volume_sigma, n)
    price_noise = rng.lognormal(0.0, 0.18, n)
    regularity = rng.beta(9.0, 1.5, n)
    growth = rng.normal(0.02, 0.12, n)
    fate = rng.random(n)
    start = rng.integers(1, months, n)
    stop = rng.integers(max(1, months - 4), months, n)
    out = []
    for i in range(n):
        fmt = F.MALL if mall_slots[i] else (rural_fmt[i] if rural[i] else urban_fmt[i])
        scale = _pick(rng, SCALE_MIX[fmt], 1)[0]
        big = scale in ("XL", "L")
        price = FORMAT_PRICE[fmt] * (1.1 if big else 1.0) * (RURAL_PRICE if rural[i] else 1.0)
        volume = SCALE_VOLUME[scale] * FORMAT_VOLUME[fmt] * (RURAL_VOLUME if rural[i] else 1.0)
        is_new = fate[i] < new_share
        is_lost = new_share <= fate[i] < new_share + lost_share
        is_potential = 1 - potential_share <= fate[i]
        out.append(
            Profile(
                market=MarketType.RURAL if rural[i] else MarketType.URBAN,
                business_format=fmt,
                scale=OutletScale(scale),
                base_cases=float(volume * noise[i]),
                carton_price=float(np.clip(price * price_noise[i], 90.0, 650.0)),
                regularity=float(regularity[i]),
                growth=float(growth[i]),
                start_month=months if is_potential else int(start[i]) if is_new else 0,
                stop_month=int(stop[i]) if is_lost else None,
            )
        )
    return out
