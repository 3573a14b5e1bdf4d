"""How much the seeded city delivers: the volume scale that fits the city fleet, each
stop's cases the zones' work is reckoned at, and each county depot's busiest zone-day
(DOMAIN.md §4a)."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from numpy.typing import NDArray

from seeds.fleet import CITY_DEPOT_ID
from seeds.orders import SEASON, PurchaseSummary
from seeds.params import CityParams
from seeds.profiles import Profile

STOP_CASES = 0.4
"""Cases a stop, before the volumes are scaled (§4: ~1,440 cases over ~3,800 stops)."""


def volume_scale(
    profiles: list[Profile], urban: list[bool], zone_of: list[int], params: CityParams
) -> float:
    """Volume scale that fills the busiest urban zone-day of the peak month (January, the
    Spring Festival: the largest `SEASON` factor) to `zone_fill` of the city fleet, so the
    average months leave more slack (§4a)."""
    caps = params.three_person_capacities
    fleet = sum(caps[i % len(caps)] for i in range(params.crews_of_three))
    fleet += (params.fleet_size - params.crews_of_three) * params.vehicle_capacity
    per_zone: dict[int, float] = defaultdict(float)
    for p, u, z in zip(profiles, urban, zone_of):
        if u:
            per_zone[z] += p.base_cases / params.deliveries_per_month
    return params.zone_fill * fleet / (max(per_zone.values()) * max(SEASON.values()))


def county_load(
    depot_of: list[str],
    zone_of: list[int],
    summaries: list[PurchaseSummary],
    work: NDArray[np.float64],
    params: CityParams,
) -> dict[str, tuple[float, int, float]]:
    """Per county depot, the most cases, stops and seconds of work (`work`, a retailer each:
    `routing.stop_work`) of any of its zone-days."""
    cases: dict[tuple[str, int], float] = defaultdict(float)
    stops: dict[tuple[str, int], int] = defaultdict(int)
    seconds: dict[tuple[str, int], float] = defaultdict(float)
    for dep, z, s, w in zip(depot_of, zone_of, summaries, work.tolist()):
        if dep != CITY_DEPOT_ID:
            cases[(dep, z)] += s.avg_monthly_cases / params.deliveries_per_month
            stops[(dep, z)] += 1
            seconds[(dep, z)] += w
    depots = {dep for dep, _ in cases}
    return {
        dep: (
            max(c for (d, _), c in cases.items() if d == dep),
            max(n for (d, _), n in stops.items() if d == dep),
            max(w for (d, _), w in seconds.items() if d == dep),
        )
        for dep in depots
    }
