"""Every threshold and weight of the classification, with defaults that cite DOMAIN.md §6.

Load overrides from TOML with `ClassParams.from_file`; top-level keys are the field names,
dict-valued fields are TOML tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import InvalidInput
from graph.toml_params import read_params


def _policy() -> dict[str, dict[str, float]]:
    return {
        "core": {"visits_per_week": 1.0, "minutes": 15},
        "potential": {"visits_per_week": 2.0, "minutes": 10},
        "general": {"visits_per_week": 1.0, "minutes": 10},
        "problem": {"visits_per_week": 0.5, "minutes": 10},
    }


@dataclass(frozen=True)
class ClassParams:
    tier_upper_bounds: tuple[float, ...] = (1.0, 2.0, 4.0, 7.0, 10.0, 14.0, 20.0)
    """Upper bounds (inclusive) of tiers 8, 7, ..., 2 in cases a month; above the last is
    tier 1 (§6: tier 1 > 20, 2 14–20, 3 10–14, 4 7–10, 5 4–7, 6 2–4, 7 1–2, 8 ≤ 1)."""
    tier_window_months: int = 3
    """Full months averaged for the tier (default: the last 3 full months)."""
    structure_high_price: float = 250.0
    """Average carton price (yuan) from which the sales structure is high (§6: configurable)."""
    structure_mid_price: float = 180.0
    """Average carton price (yuan) from which the sales structure is mid; below it is low."""
    value_weights: dict[str, float] = field(
        default_factory=lambda: {
            "contribution": 0.35,
            "support": 0.20,
            "credit": 0.15,
            "growth": 0.15,
            "influence": 0.15,
        }
    )
    """Weights of the five value indicators (§6: contribution, support, credit, growth,
    influence)."""
    value_threshold: float = 0.65
    """Score from which a retailer is of value (served as core)."""
    secondary_threshold: float = 0.45
    """Score from which a retailer is of secondary value (served as general)."""
    potential_growth: float = 0.70
    """Below `secondary_threshold`, growth or support indicators from this make it potential."""
    problem_credit: float = 0.30
    """A credit indicator below this makes a retailer a problem one whatever its score."""
    margin_rate: dict[str, float] = field(
        default_factory=lambda: {"high": 0.30, "mid": 0.25, "low": 0.20}
    )
    """Gross margin on the purchase amount by sales structure (assumed; for profit)."""
    points_weights: dict[str, float] = field(
        default_factory=lambda: {
            "law_abiding": 0.3,
            "cooperation": 0.3,
            "constructive": 0.2,
            "growth": 0.2,
        }
    )
    """Weights of the four process-incentive dimensions (§6, document 001); a role's score of a
    month is their weighted mean of its 0–100 criteria."""
    points_window_months: int = 3
    """Months over which the monthly points accumulate (累计积分制)."""
    points_special: float = 85.0
    """Monthly points (0–100) from which a retailer is special: its accumulated points must
    reach this times `points_window_months`."""
    points_key: float = 72.0
    """Monthly points from which a retailer is key (accumulated: this times the window's
    months); below is general."""
    rebate_rates: dict[str, float] = field(
        default_factory=lambda: {"special": 0.015, "key": 0.010, "general": 0.005}
    )
    """Rebate as a share of the purchase amount per points class (assumed standards)."""
    volume_split: float | None = None
    """Monthly cases splitting high from low volume in the quadrants; None: the median of
    ordering retailers."""
    loyalty_split: float | None = None
    """Loyalty splitting high from low; None: the median of ordering retailers."""
    loyalty_months: int = 6
    """Months of orders for regularity (share of cycle days ordered) and stability."""
    key_account_share: float = 0.80
    """Share of gross profit the key accounts give (§6: ~20% of customers give 80%)."""
    new_months: int = 6
    """A retailer whose first order is this recent is new."""
    lost_months: int = 2
    """A retailer with no orders in this many full months is lost."""
    service_policy: dict[str, dict[str, float]] = field(default_factory=_policy)
    """Visits a week and visit minutes per service class (§6: core get personalised service,
    potential more visits; problem fortnightly)."""

    def __post_init__(self) -> None:
        bounds = self.tier_upper_bounds
        if len(bounds) != 7 or list(bounds) != sorted(bounds) or len(set(bounds)) != 7:
            raise InvalidInput("tier_upper_bounds: seven increasing bounds (tiers 8..2)")
        if not 0 < self.structure_mid_price < self.structure_high_price:
            raise InvalidInput("structure prices: 0 < mid < high")
        if (
            set(self.value_weights) != {"contribution", "support", "credit", "growth", "influence"}
            or min(self.value_weights.values()) < 0
        ):
            raise InvalidInput("value_weights: the five indicators, each ≥ 0")
        if set(self.points_weights) != {"law_abiding", "cooperation", "constructive", "growth"}:
            raise InvalidInput("points_weights: the four dimensions")
        if not 0 < self.key_account_share <= 1:
            raise InvalidInput("key_account_share must be in (0, 1]")
        if set(self.service_policy) != {"core", "potential", "general", "problem"}:
            raise InvalidInput("service_policy: core, potential, general and problem")
        for name in (
            "tier_window_months",
            "points_window_months",
            "loyalty_months",
            "new_months",
            "lost_months",
        ):
            if getattr(self, name) < 1:
                raise InvalidInput(f"{name} must be ≥ 1")

    @classmethod
    def from_file(cls, path: Path, **overrides: Any) -> ClassParams:
        """Parameters from a TOML file's top-level keys, then `overrides`."""
        return read_params(cls, path, **overrides)
