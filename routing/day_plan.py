"""A planned delivery day as plain data: the trips, the day's figures and the unserved stops
with their reasons, and how the figures are summed up."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from routing.day_bound import DepotBound
from routing.day_inputs import DeliveryStop, DeliveryVehicle


@dataclass(frozen=True)
class Trip:
    vehicle: str
    depot: str
    trip: int
    kind: str
    stops: tuple[tuple[str, int, float], ...]
    """(retailer, arrival seconds after midnight, cases) in visiting order."""
    start_s: int
    end_s: int
    load_cases: float
    distance_m: int
    engine: str


@dataclass(frozen=True)
class DaySummary:
    """The day's figures; loads and shifts are per vehicle-day, over both trips."""

    stops: int
    served: int
    vehicles: int
    trips: int
    max_load_cases: float
    max_load_share: float
    over_capacity: tuple[str, ...]
    """Vehicles loaded over their capacity over the day (none in a valid plan)."""
    max_shift_minutes: float
    total_km: float
    engine: str
    seconds: float
    """Planning: matrices, models and searches (within the time limit)."""
    solve_seconds: float = 0.0
    """The engines' part of `seconds` (building their models and searching) along the
    longest chain of solves; the rest is matrices, the bounds and waiting for workers."""
    vehicles_needed: int = 0
    """The depots' bounds added up: no plan uses fewer vehicles (see `routing.day_bound`)."""
    vehicles_available: int = 0
    vehicles_by_depot: dict[str, int] = field(default_factory=dict)
    """Vehicles the plan uses at each depot."""


@dataclass(frozen=True)
class DayPlan:
    trips: tuple[Trip, ...]
    unserved: tuple[tuple[str, str], ...]
    """(retailer, reason)."""
    summary: DaySummary
    bounds: tuple[DepotBound, ...] = ()
    """Each depot's bound: the fewest vehicles its day needs, and why."""


def summarise(
    stops: Sequence[DeliveryStop],
    trips: Sequence[Trip],
    unserved: Sequence[tuple[str, str]],
    fleet: dict[str, DeliveryVehicle],
    engine: str,
    seconds: float,
    *,
    bounds: Sequence[DepotBound] = (),
    solve_seconds: float = 0.0,
) -> DaySummary:
    """The day's figures (see `DaySummary`); the vehicles needed and available are the
    depots' `bounds` added up."""
    load: dict[str, float] = defaultdict(float)
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    for t in trips:
        load[t.vehicle] += t.load_cases
        first[t.vehicle] = min(first.get(t.vehicle, t.start_s), t.start_s)
        last[t.vehicle] = max(last.get(t.vehicle, t.end_s), t.end_s)
    over = [v for v, c in load.items() if c > fleet[v].capacity_cases + 1e-6]
    by_depot = Counter(fleet[v].depot for v in load)
    engines = sorted({t.engine for t in trips})
    return DaySummary(
        stops=len(stops),
        served=len(stops) - len(unserved),
        vehicles=len(load),
        trips=len(trips),
        max_load_cases=round(max(load.values(), default=0.0), 2),
        max_load_share=round(
            max((c / fleet[v].capacity_cases for v, c in load.items()), default=0.0), 3
        ),
        over_capacity=tuple(over),
        max_shift_minutes=round(max((last[v] - first[v] for v in first), default=0) / 60, 1),
        total_km=round(sum(t.distance_m for t in trips) / 1000, 1),
        engine=engines[0] if len(engines) == 1 else (",".join(engines) or engine),
        seconds=round(seconds, 2),
        solve_seconds=round(solve_seconds, 2),
        vehicles_needed=sum(b.needed for b in bounds),
        vehicles_available=sum(b.vehicles for b in bounds),
        vehicles_by_depot=dict(sorted(by_depot.items())),
    )
