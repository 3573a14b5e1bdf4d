"""Depots and vehicles: the city fleet of DOMAIN.md §4 and county fleets derived from load."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from graph.model import Depot, DepotKind, Vehicle
from routing.stop_work import shift_seconds
from seeds.geo import DistrictShape
from seeds.params import CityParams

CITY_DEPOT_ID = "DC01"


def make_depots(params: CityParams, counties: list[DistrictShape]) -> list[tuple[Depot, list[str]]]:
    """The city depot (covering the urban districts) and one depot per county at its seat."""
    urban = ["340102", "340103", "340104", "340111"]
    out = [
        (
            Depot(
                CITY_DEPOT_ID,
                "合肥市烟草物流配送中心",
                "Hefei city distribution centre",
                DepotKind.CITY,
                *params.city_depot,
            ),
            urban,
        )
    ]
    for i, county in enumerate(counties, start=2):
        lon, lat = county.seat
        out.append(
            (
                Depot(
                    f"DC{i:02d}",
                    f"{county.name}配送站",
                    f"{county.name_en} depot",
                    DepotKind.COUNTY,
                    lon + 0.012,
                    lat + 0.006,
                ),
                [county.adcode],
            )
        )
    return out


def _plate(rng: np.random.Generator) -> str:
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    tail = "".join(str(rng.choice(list(letters + "0123456789"))) for _ in range(4))
    return f"皖A·{rng.choice(list(letters))}{tail}"


def make_vehicles(
    params: CityParams,
    county_load: Mapping[str, tuple[float, int, float]],
    rng: np.random.Generator,
) -> list[tuple[Vehicle, str]]:
    """City vehicles (some 3-person crews at 50–60 cases) and, per county depot, enough
    45-case vehicles for its busiest zone-day's cases, stops and work:
    ``county_load[depot] = (cases, stops, seconds)``."""
    out = []
    caps = params.three_person_capacities
    for i in range(params.fleet_size):
        three = i < params.crews_of_three
        cap = caps[i % len(caps)] if three else params.vehicle_capacity
        out.append(
            (
                Vehicle(f"V{i + 1:02d}", _plate(rng), cap, 3 if three else params.standard_crew),
                CITY_DEPOT_ID,
            )
        )
    n = params.fleet_size
    for depot, (cases, stops, seconds) in sorted(county_load.items()):
        need = max(
            1,
            math.ceil(cases / (params.zone_fill * params.vehicle_capacity)),
            math.ceil(stops / params.county_stops_per_vehicle_day),
            math.ceil(seconds / (params.zone_fill * shift_seconds())),
        )
        for _ in range(need):
            n += 1
            out.append(
                (
                    Vehicle(
                        f"V{n:02d}", _plate(rng), params.vehicle_capacity, params.standard_crew
                    ),
                    depot,
                )
            )
    return out
