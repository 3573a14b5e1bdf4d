"""Parameters of the generated city; defaults cite DOMAIN.md or say what they assume."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import InvalidInput
from graph.toml_params import read_params


@dataclass(frozen=True)
class CityParams:
    retailers: int = 11_500
    """Licensed retailers (DOMAIN.md §1)."""
    areas: int = 20
    """Service areas, one four-role team each (§2)."""
    zones: int = 3
    """Delivery zones, one called and delivered a day (§3)."""
    urban_share: float = 0.62
    """Share of retailers in the four urban districts (assumed: about the population share)."""
    district_weights: dict[str, float] = field(
        default_factory=lambda: {
            "340102": 0.24,
            "340103": 0.17,
            "340104": 0.28,
            "340111": 0.31,
            "340121": 0.30,
            "340122": 0.36,
            "340123": 0.34,
        }
    )
    """Split of the urban share over the urban districts and of the rest over the counties
    (assumed from resident population)."""
    malls: int = 28
    """Large shopping malls, format N, which order online (§1)."""
    city_vehicles: int | None = None
    """City fleet: 32 for 11,500 retailers (§4), in proportion for other sizes."""
    three_person_crews: int | None = None
    """City vehicles with 3-person crews in the dense districts: a quarter (§4; assumed)."""
    three_person_capacities: tuple[float, ...] = (50.0, 55.0, 60.0)
    """Cases a day of a 3-person crew (§4: 50–60)."""
    vehicle_capacity: float = 45.0
    """Cases a day of a standard vehicle (§4)."""
    standard_crew: int = 2
    """Crew of a standard vehicle (assumed: driver and one helper)."""
    zone_fill: float = 0.88
    """The busiest urban zone-day's cases in the peak month (January) as a share of the city
    fleet's capacity: a little slack even then (§4a)."""
    county_stops_per_vehicle_day: int = 70
    """Stops a county vehicle serves in one 7-hour trip (assumed; derives the county fleet)."""
    deliveries_per_month: float = 10.0
    """Deliveries a retailer gets in a month on the 3-day cycle (§3: 30 / 3)."""
    history_months: int = 12
    """Months of order history (12 full months)."""
    history_end: str = "2026-10"
    """Last full month of history; fixed so the same seed gives the same graph."""
    new_share: float = 0.04
    """Retailers licensed within the history window (life cycle: new)."""
    lost_share: float = 0.02
    """Retailers that stopped ordering in the last months (life cycle: lost)."""
    potential_share: float = 0.005
    """Licensed retailers that have not ordered yet (life cycle: potential)."""
    city_depot: tuple[float, float] = (117.3400, 31.8950)
    """City distribution centre (WGS-84), in Yaohai's logistics district (assumed)."""
    volume_sigma: float = 0.95
    """Spread (log-sd) of monthly volume around its format and scale median."""

    def __post_init__(self) -> None:
        if self.retailers < self.areas * 3:
            raise InvalidInput(f"retailers: {self.retailers} is too few for {self.areas} areas")
        if not 1 <= self.zones <= self.areas:
            raise InvalidInput(f"zones: {self.zones} must be between 1 and areas ({self.areas})")
        if not 0 < self.urban_share < 1:
            raise InvalidInput(f"urban_share: {self.urban_share} must be in (0, 1)")
        if self.fleet_size < 1 or not 0 <= self.crews_of_three <= self.fleet_size:
            raise InvalidInput("city_vehicles must be ≥ 1 and ≥ three_person_crews ≥ 0")
        if self.history_months < 1:
            raise InvalidInput("history_months must be ≥ 1")

    @property
    def fleet_size(self) -> int:
        if self.city_vehicles is not None:
            return self.city_vehicles
        return max(1, round(32 * self.retailers / 11_500))

    @property
    def crews_of_three(self) -> int:
        if self.three_person_crews is not None:
            return self.three_person_crews
        return self.fleet_size // 4

    @classmethod
    def from_file(cls, path: Path, **overrides: Any) -> CityParams:
        """Parameters from a TOML file's top-level keys, then `overrides`."""
        return read_params(cls, path, **overrides)
