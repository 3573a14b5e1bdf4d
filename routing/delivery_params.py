"""The real delivery constraints (DOMAIN.md §3–4) as parameters with their sources."""

from __future__ import annotations

from dataclasses import dataclass

from graph.errors import InvalidInput

HOUR = 3600


@dataclass(frozen=True)
class DeliveryParams:
    shift_start_s: int = 8 * HOUR
    """Vans leave the depot at 08:00 (assumed)."""
    am_end_s: int = 11 * HOUR + 40 * 60
    """The morning trip (yesterday's morning orders, §3) is back by 11:40."""
    reload_s: int = 20 * 60
    """Loading the afternoon orders at the depot between the two trips (assumed)."""
    pm_ready_s: int = 11 * HOUR
    """The afternoon orders, sorted in the morning (§3), can be loaded from 11:00 (assumed):
    a van back early drives out before the afternoon window opens."""
    shift_end_s: int = 15 * HOUR
    """7 hours of effective working time a vehicle a day (§4): back by 15:00."""
    radius_km: float = 25.0
    """Within this radius of the depot retailers get two deliveries a day (§4)."""
    service_base_s: int = 60
    """Parking, handing over and signing at a stop (assumed, calibrated on §4: ~60 stops a
    trip and two trips in 7 hours leave ≤ 3.5 minutes a stop with the driving; a minute
    plus the cases' carrying, about 1.4 minutes at 0.4 cases a stop, leaves about 2 minutes
    for the legs between shops and the drive out and back)."""
    service_per_case_s: int = 60
    """Carrying one case (50 cartons) in (assumed)."""
    crew_of_three_speedup: float = 0.8
    """A 3-person crew serves a stop in this share of the time (§4: they deliver more)."""
    cartons_per_case: int = 50
    """Loads are counted in cartons inside the solver (1 case = 50 cartons)."""
    deliveries_per_month: float = 10.0
    """Every 3 days: a delivery carries a tenth of the monthly volume (§3)."""
    balance_span: int = 0
    """Above 0, metres of extra driving worth one second less on the longest shift of a trip
    (2 evens out the shifts at a little more distance)."""
    vehicle_cost_m: int = 20_000
    """Cost (metres) of taking one more vehicle out: the plans use few vehicles, each
    worth this much extra driving."""
    drop_penalty: int = 5_000_000
    """Cost (metres) of leaving a stop unserved: far above any detour, so only what cannot
    fit is dropped, and it is then reported with its reason."""

    def __post_init__(self) -> None:
        if not self.shift_start_s < self.am_end_s < self.shift_end_s:
            raise InvalidInput("shift: start < end of the morning trip < end of the day")
        if not self.shift_start_s <= self.pm_ready_s <= self.pm_start_s:
            raise InvalidInput("the afternoon orders are ready between the shift's start and 12:00")
        if self.radius_km <= 0 or self.cartons_per_case < 1:
            raise InvalidInput("radius_km > 0 and cartons_per_case ≥ 1")

    @property
    def pm_start_s(self) -> int:
        return self.am_end_s + self.reload_s

    def service_s(self, cases: float, crew: int) -> int:
        """Seconds at a stop for `cases`.

        >>> DeliveryParams().service_s(0.5, 2)
        90
        """
        speed = self.crew_of_three_speedup if crew >= 3 else 1.0
        return round((self.service_base_s + self.service_per_case_s * cases) * speed)
