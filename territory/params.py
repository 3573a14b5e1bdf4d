"""Staffing rates: how many people each role needs for a given workload (DOMAIN.md §2, §4a)."""

from __future__ import annotations

from dataclasses import dataclass

from graph.errors import InvalidInput


@dataclass(frozen=True)
class StaffingParams:
    visits_per_day: int = 35
    """Visits a customer manager makes a day (§2: ~35 a day)."""
    day_minutes: int = 420
    """A manager's day of visiting and travel (§4a: 7 hours)."""
    working_days: int = 6
    """Visiting days a week (§4a: 200+ a week at ~35 a day is about six days)."""
    manager_fill: float = 0.85
    """Share of a manager's week the staffing fills: slack for weeks above the mean
    (fortnightly visits), days that do not pack exactly and travel above the estimate (on the
    demo city the planned routes' minutes run 2–13% above the estimate, most in county areas)."""
    calls_per_day: int = 140
    """Retailers a call-centre agent phones a day (§2)."""
    cycle_days: int = 3
    """Every retailer orders once per cycle, on its zone's day (§3)."""
    retailers_per_inspector: int = 400
    """Retailers one market inspector supervises (assumed; the documents give no figure)."""

    def __post_init__(self) -> None:
        for name in (
            "visits_per_day",
            "day_minutes",
            "working_days",
            "calls_per_day",
            "cycle_days",
            "retailers_per_inspector",
        ):
            if getattr(self, name) < 1:
                raise InvalidInput(f"{name} must be ≥ 1, got {getattr(self, name)}")
        if not 0 < self.manager_fill <= 1:
            raise InvalidInput(f"manager_fill must be in (0, 1], got {self.manager_fill}")

    @property
    def visits_per_week(self) -> int:
        return self.visits_per_day * self.working_days
