"""Staffing rates: how many people each role needs for a given workload (DOMAIN.md §2, §4a)."""

from __future__ import annotations

from dataclasses import dataclass

from graph.errors import InvalidInput


@dataclass(frozen=True)
class StaffingParams:
    visits_per_day: int = 35
    """Visits a customer manager makes a day (§2: ~35 a day)."""
    working_days: int = 6
    """Visiting days a week (§4a: 200+ a week at ~35 a day is about six days)."""
    calls_per_day: int = 140
    """Retailers a call-centre agent phones a day (§2)."""
    cycle_days: int = 3
    """Every retailer orders once per cycle, on its zone's day (§3)."""
    retailers_per_inspector: int = 400
    """Retailers one market inspector supervises (assumed; the documents give no figure)."""

    def __post_init__(self) -> None:
        for name in (
            "visits_per_day",
            "working_days",
            "calls_per_day",
            "cycle_days",
            "retailers_per_inspector",
        ):
            if getattr(self, name) < 1:
                raise InvalidInput(f"{name} must be ≥ 1, got {getattr(self, name)}")

    @property
    def visits_per_week(self) -> int:
        return self.visits_per_day * self.working_days
