"""Cut a delivery day into solves ("waves"), one per depot, vehicle group and trip.

Each depot's vehicles are shared over its areas in proportion to their cases (areas merge
when there are fewer vehicles than areas), one solve per area-day as DOMAIN.md §4 suggests.
Within an area, retailers farther than the radius from the depot get one delivery a day (a
full-shift trip by the vehicles set aside for them); the others get two trips: the morning
trip brings the morning batch, the vehicle reloads at the depot, the afternoon trip brings the
afternoon batch (§3–4).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from graph.apportion import apportion
from graph.geo import haversine_km
from routing.delivery_params import DeliveryParams


@dataclass(frozen=True)
class DeliveryStop:
    id: str
    lon: float
    lat: float
    cases: float
    batch: str
    """``am`` or ``pm`` (the order batch, §3)."""
    depot: str
    area: str


@dataclass(frozen=True)
class DeliveryVehicle:
    id: str
    depot: str
    capacity_cases: float
    crew: int


@dataclass(frozen=True)
class DepotSite:
    id: str
    lon: float
    lat: float


@dataclass(frozen=True)
class Wave:
    """One solve: a depot's vehicles for one trip and the stops of that trip."""

    depot: str
    group: str
    kind: str
    """``am``, ``pm`` (two trips a day) or ``day`` (one trip for remote retailers)."""
    vehicles: tuple[str, ...]
    stops: tuple[DeliveryStop, ...]
    window: tuple[int, int]

    @property
    def trip(self) -> int:
        return 2 if self.kind == "pm" else 1

    @property
    def key(self) -> str:
        return f"{self.depot}/{self.group}/{self.kind}"


def _groups(areas: dict[str, float], vehicles: int) -> list[list[str]]:
    """Areas (by cases) merged, smallest into the next smallest, until each group can have a
    vehicle."""
    groups = [[a] for a in sorted(areas)]
    while len(groups) > max(vehicles, 1):
        groups.sort(key=lambda g: sum(areas[a] for a in g))
        first, second = groups.pop(0), groups.pop(0)
        groups.append(sorted(first + second))
    return sorted(groups)


def allocate(
    stops: Sequence[DeliveryStop], vehicles: Sequence[DeliveryVehicle]
) -> dict[tuple[str, str], tuple[list[str], list[DeliveryStop]]]:
    """(depot, group) → (vehicle ids, stops): each depot's fleet shared over its areas by
    cases, at least one vehicle per group."""
    out = {}
    by_depot: dict[str, list[DeliveryStop]] = defaultdict(list)
    for s in stops:
        by_depot[s.depot].append(s)
    fleet: dict[str, list[str]] = defaultdict(list)
    for v in vehicles:
        fleet[v.depot].append(v.id)
    for depot, mine in sorted(by_depot.items()):
        cases: dict[str, float] = defaultdict(float)
        for s in mine:
            cases[s.area] += max(s.cases, 0.01)
        groups = _groups(cases, len(fleet[depot]))
        load = [sum(cases[a] for a in g) for g in groups]
        counts = apportion(load, len(fleet[depot])) if fleet[depot] else [0] * len(groups)
        it = iter(fleet[depot])
        for g, c in zip(groups, counts):
            name = "+".join(g)
            out[(depot, name)] = ([next(it) for _ in range(c)], [s for s in mine if s.area in g])
    return out


def split_waves(
    stops: Sequence[DeliveryStop],
    vehicles: Sequence[DeliveryVehicle],
    depots: dict[str, DepotSite],
    params: DeliveryParams,
) -> list[Wave]:
    """Every wave of the day; an afternoon wave must be solved after its morning wave, with
    each vehicle's capacity less what it carried in the morning."""
    capacity = {v.id: v.capacity_cases for v in vehicles}
    waves = []
    for (depot, group), (ids, mine) in allocate(stops, vehicles).items():
        site = depots[depot]
        far = {
            s.id for s in mine if haversine_km(site.lon, site.lat, s.lon, s.lat) > params.radius_km
        }
        remote = [s for s in mine if s.id in far]
        near = [s for s in mine if s.id not in far]
        n_remote = 0
        if remote and ids:
            mean_cap = sum(capacity[v] for v in ids) / len(ids)
            need = max(
                math.ceil(sum(s.cases for s in remote) / max(mean_cap, 1e-9)),
                math.ceil(len(remote) / params.remote_stops_per_vehicle),
            )
            n_remote = min(max(1, need), len(ids) - (1 if near else 0)) or 1
        day_ids, two_trip = ids[:n_remote], ids[n_remote:] or ids[:n_remote]
        if remote:
            waves.append(
                Wave(
                    depot,
                    group,
                    "day",
                    tuple(day_ids),
                    tuple(remote),
                    (params.shift_start_s, params.shift_end_s),
                )
            )
        am = tuple(s for s in near if s.batch != "pm")
        waves.append(
            Wave(depot, group, "am", tuple(two_trip), am, (params.shift_start_s, params.am_end_s))
        )
        waves.append(
            Wave(
                depot,
                group,
                "pm",
                tuple(two_trip),
                tuple(s for s in near if s.batch == "pm"),
                (params.pm_start_s, params.shift_end_s),
            )
        )
    return waves
