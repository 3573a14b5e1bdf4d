"""Per-retailer class rules of DOMAIN.md §6 as pure functions, each with its explanation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from classification.params import ClassParams

MARKETS = {"C": "urban", "X": "rural"}
FORMATS = {
    "Z": "grocery",
    "B": "convenience store",
    "S": "supermarket",
    "N": "shopping mall",
    "Y": "tobacco-and-liquor shop",
    "F": "entertainment/service",
    "Q": "other",
}
SCALE_DIGIT = {"XL": 1, "L": 1, "M": 2, "S": 3}
SCALE_NAME = {"XL": "extra-large", "L": "large", "M": "medium", "S": "small"}
GRADES = {
    ("L", "high"): 1,
    ("L", "mid"): 2,
    ("L", "low"): 3,
    ("M", "high"): 4,
    ("M", "mid"): 5,
    ("M", "low"): 6,
    ("S", "high"): 7,
    ("S", "mid"): 8,
    ("S", "low"): 9,
}
QUADRANTS = {
    (True, True): ("most valuable", "keep and deepen: personalised service and priority supply"),
    (True, False): (
        "most dangerous",
        "watch for cross-area selling, price dumping and arrears; tighten supervision",
    ),
    (False, True): ("rising star", "cultivate: brand guidance, display support, more visits"),
    (False, False): ("weed out", "minimum service; review viability and licence"),
}


@dataclass(frozen=True)
class Assigned:
    """A class with what produced it: its inputs and one sentence stating them and the rule."""

    scheme: str
    value: object
    text: str
    inputs: dict[str, object] = field(default_factory=dict)


def category_code(market: str, business_format: str, scale: str) -> Assigned:
    """Market type + format + scale digit (extra-large counts as large).

    >>> category_code("C", "Z", "L").value
    'CZ1'
    >>> category_code("X", "Q", "S").text
    'XQ3: rural (X) other (Q) small (3)'
    """
    digit = SCALE_DIGIT[scale]
    code = f"{market}{business_format}{digit}"
    return Assigned(
        "category",
        code,
        f"{code}: {MARKETS[market]} ({market}) {FORMATS[business_format]} "
        f"({business_format}) {SCALE_NAME[scale]} ({digit})",
        {"market_type": market, "business_format": business_format, "outlet_scale": scale},
    )


def tier_of(avg_monthly_cases: float, bounds: Sequence[float]) -> int:
    """Tier 1–8 from average monthly cases; bounds are the inclusive upper bounds of tiers
    8..2 (DOMAIN.md §6).

    >>> b = ClassParams().tier_upper_bounds
    >>> [tier_of(x, b) for x in (20, 20.01, 14, 1, 0)]
    [2, 1, 3, 8, 8]
    """
    for i, upper in enumerate(bounds):
        if avg_monthly_cases <= upper:
            return 8 - i
    return 1


def classify_tier(avg_monthly_cases: float, params: ClassParams, window: str) -> Assigned:
    """The tier with its band, e.g. "tier 3: 12.4 cases a month on average over Aug–Oct 2026,
    band (10, 14]". The average is first rounded to the 4 decimals it is stored with, so
    float noise (1.1 + 3.2 + 1.7 cases over 3 months is 2.0000000000000004) cannot cross a
    bound: that retailer is tier 7, as its stored 2.0 says."""
    bounds = params.tier_upper_bounds
    avg_monthly_cases = round(avg_monthly_cases, 4)
    tier = tier_of(avg_monthly_cases, bounds)
    lower = bounds[7 - tier] if tier < 8 else None
    upper = bounds[8 - tier] if tier > 1 else None
    band = (
        f"({lower:g}, {upper:g}]"
        if lower is not None and upper is not None
        else f"≤ {upper:g}"
        if upper is not None
        else f"> {lower:g}"
    )
    return Assigned(
        "tier",
        tier,
        f"tier {tier}: {avg_monthly_cases:.2f} cases a month on average over {window}, band {band}",
        {"avg_monthly_cases": round(avg_monthly_cases, 4), "window": window},
    )


def price_structure(avg_carton_price: float, params: ClassParams) -> str:
    """High, mid or low sales structure from the average price per carton.

    >>> price_structure(260, ClassParams()), price_structure(180, ClassParams())
    ('high', 'mid')
    """
    if avg_carton_price >= params.structure_high_price:
        return "high"
    return "mid" if avg_carton_price >= params.structure_mid_price else "low"


def classify_grade(scale: str, avg_carton_price: float, params: ClassParams) -> Assigned:
    """Grade 1–9 from scale × sales structure; an extra-large outlet is grade 10.

    >>> classify_grade("M", 300, ClassParams()).value
    4
    >>> classify_grade("XL", 100, ClassParams()).value
    10
    """
    structure = price_structure(avg_carton_price, params)
    inputs = {
        "outlet_scale": scale,
        "avg_carton_price": round(avg_carton_price, 2),
        "structure": structure,
    }
    thresholds = (
        f"high ≥ {params.structure_high_price:g}, mid ≥ "
        f"{params.structure_mid_price:g} yuan a carton"
    )
    if scale == "XL":
        return Assigned(
            "grade",
            10,
            "grade 10: extra-large outlet (special grade one)",
            inputs,
        )
    grade = GRADES[(scale, structure)]
    return Assigned(
        "grade",
        grade,
        f"grade {grade}: {SCALE_NAME[scale]} scale, {structure} structure (average "
        f"carton price {avg_carton_price:.0f} yuan; {thresholds})",
        inputs,
    )


def classify_lifecycle(
    ordered_months: Sequence[str], window: Sequence[str], params: ClassParams
) -> Assigned:
    """Potential (never ordered), new (first order within `new_months`), lost (no order in
    the last `lost_months`), else established; `window` is the history, oldest first.

    >>> w = ["2026-07", "2026-08", "2026-09", "2026-10"]
    >>> classify_lifecycle([], w, ClassParams()).value
    'potential'
    >>> classify_lifecycle(["2026-07"], w, ClassParams()).value
    'lost'
    """
    inputs: dict[str, object] = {
        "first_order": min(ordered_months, default=None),
        "last_order": max(ordered_months, default=None),
    }
    if not ordered_months:
        return Assigned(
            "lifecycle",
            "potential",
            f"potential: licensed, no order in {window[0]}..{window[-1]}",
            inputs,
        )
    first, last = min(ordered_months), max(ordered_months)
    if last < window[-params.lost_months]:
        return Assigned(
            "lifecycle",
            "lost",
            f"lost: last order {last}, none in the last {params.lost_months} months",
            inputs,
        )
    recent = window[-params.new_months :]
    if first >= recent[0] and first > window[0]:
        return Assigned(
            "lifecycle",
            "new",
            f"new: first order {first}, within the last {params.new_months} months",
            inputs,
        )
    return Assigned(
        "lifecycle",
        "established",
        f"established: ordering since {first} or earlier, last order {last}",
        inputs,
    )


def classify_quadrant(
    volume: float, loyalty: float, volume_split: float, loyalty_split: float
) -> Assigned:
    """Volume × loyalty quadrant with the documents' recommended treatment.

    >>> classify_quadrant(1.0, 0.9, 3.0, 0.7).value
    'rising star'
    """
    high_v, high_l = volume >= volume_split, loyalty >= loyalty_split
    name, treatment = QUADRANTS[(high_v, high_l)]
    return Assigned(
        "quadrant",
        name,
        f"{name} ({'high' if high_v else 'low'} volume {volume:.2f} cases a month, split "
        f"{volume_split:.2f}; {'high' if high_l else 'low'} loyalty {loyalty:.2f}, split "
        f"{loyalty_split:.2f}): {treatment}",
        {"volume": round(volume, 4), "loyalty": round(loyalty, 4), "treatment": treatment},
    )
