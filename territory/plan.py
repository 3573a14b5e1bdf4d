"""From district labels to a territory plan: area codes, zones, fleet fit and teams (pure:
plain data in and out; the per-area figures are in `territory.area_report`)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linear_sum_assignment

from routing.stop_work import shift_seconds, stop_seconds_at
from territory.params import StaffingParams
from territory.reteam import StaffChange, carry_over
from territory.staffing import ServedRetailer, Staffing, derive_staffing
from territory.units import Units
from territory.zones import Fit, ZonePlan, assess_zones, design_zones

DELIVERIES_PER_MONTH = 10.0
"""A retailer is delivered every 3 days: about ten times a month (DOMAIN.md §3)."""


WORK_FILL = 0.9
"""Share of its vehicles' shifts a depot's zone-day may take by `routing.stop_work`: a
little slack for the day's own shape."""


@dataclass(frozen=True)
class Fleet:
    """Vehicles (id, depot, capacity), which depot delivers each district and where each
    depot is (km in the units' plane; a depot without a place is fitted on cases only)."""

    vehicles: list[tuple[str, str, float]]
    depot_of_district: dict[str, str]
    depot_xy: dict[str, tuple[float, float]] = field(default_factory=dict)


@dataclass(frozen=True)
class ZoneDay:
    """One zone-day at one depot: its stops and cases against the depot's fleet."""

    zone: int
    depot: str
    stops: int
    cases: float
    vehicle_days: int | None
    """Vehicle-days needed at the depot's mean capacity (None: the depot has no vehicles)."""
    vehicles: int
    capacity_cases: float
    fits: bool


@dataclass(frozen=True)
class Plan:
    """A territory plan ready to report and apply: areas, zones and teams, and how the zones
    fit (each zone's deviation from the mean per measure, its contiguity, whether every split
    was tried, the zone-days against the fleet)."""

    area_of: dict[str, str]
    zone_of_area: dict[str, int]
    area_adjacency: dict[tuple[str, str], int]
    staffing: Staffing
    changes: list[StaffChange]
    zone_balance: dict[str, float]
    zones_contiguous: bool
    zones_proved: bool
    zone_days: list[ZoneDay]


def code_districts(
    labels: NDArray[np.int64],
    k: int,
    current: Sequence[str | None],
    codes: Sequence[str],
    fixed: Mapping[int, str],
) -> list[str]:
    """An area code per district: fixed ones first, then the current codes matched by the
    largest overlap, then new codes."""
    names = [""] * k
    for d, code in fixed.items():
        names[d] = code
    free_d = [d for d in range(k) if not names[d]]
    free_c = [c for c in codes if c not in fixed.values()]
    if free_d and free_c:
        overlap = np.zeros((len(free_d), len(free_c)))
        index = {c: j for j, c in enumerate(free_c)}
        row = {d: i for i, d in enumerate(free_d)}
        for d, c in zip(labels.tolist(), current):
            if d in row and c in index:
                overlap[row[d], index[c]] += 1
        for i, j in zip(*linear_sum_assignment(-overlap)):
            names[free_d[i]] = free_c[j]
    taken = set(names)
    fresh = (f"A{i:02d}" for i in range(1, 10 * k) if f"A{i:02d}" not in taken)
    return [n or next(fresh) for n in names]


def area_graph(
    labels: Sequence[int], edges: Sequence[tuple[int, int, float]], k: int
) -> tuple[list[set[int]], dict[tuple[int, int], int]]:
    graph: list[set[int]] = [set() for _ in range(k)]
    links: Counter[tuple[int, int]] = Counter()
    for a, b, _ in edges:
        da, db = labels[a], labels[b]
        if da != db:
            graph[da].add(db)
            graph[db].add(da)
            links[(min(da, db), max(da, db))] += 1
    return graph, dict(links)


def fleet_fit(
    zone_cases: Mapping[tuple[int, str], float],
    zone_stops: Mapping[tuple[int, str], int],
    fleet: Fleet,
) -> list[ZoneDay]:
    """Per zone-day and depot: cases, stops, vehicle-days needed at each vehicle's capacity
    and whether the depot's fleet covers them."""
    capacity: dict[str, list[float]] = defaultdict(list)
    for _, depot, cap in fleet.vehicles:
        capacity[depot].append(cap)
    out = []
    for (zone, depot), cases in sorted(zone_cases.items()):
        caps = sorted(capacity.get(depot, []), reverse=True)
        mean_cap = sum(caps) / len(caps) if caps else 0.0
        need = math.ceil(cases / mean_cap) if mean_cap else None
        out.append(
            ZoneDay(
                zone,
                depot,
                zone_stops[(zone, depot)],
                round(cases, 1),
                need,
                len(caps),
                round(sum(caps), 1),
                need is not None and cases <= sum(caps),
            )
        )
    return out


def build_plan(
    units: Units,
    labels: NDArray[np.int64],
    k: int,
    *,
    current_area: Sequence[str | None],
    codes: Sequence[str],
    fixed_codes: Mapping[int, str],
    zones: int,
    zone_tolerance: float,
    fleet: Fleet,
    old_staffing: Staffing | None,
    old_zone_of_area: Mapping[str, int],
    seed: int,
) -> Plan:
    """Codes, zones (matched to the current numbering), teams and the report's tables."""
    names = code_districts(labels, k, current_area, codes, fixed_codes)
    graph, links = area_graph(labels.tolist(), units.edges, k)
    loads, fit = _zone_loads(units, labels, k, fleet)
    zplan = design_zones(graph, loads, zones, tolerance=zone_tolerance, fit=fit, seed=seed)
    zone_num = _match_zones(zplan.zone_of, names, old_zone_of_area, zones)
    zone_of_area = {names[d]: zone_num[zplan.zone_of[d]] for d in range(k)}
    return _staffed(
        units, labels, names, zone_of_area, zplan, links, fleet, current_area, old_staffing
    )


def assigned_plan(
    units: Units,
    area: Sequence[str],
    zone_of_area: Mapping[str, int],
    *,
    current_area: Sequence[str | None],
    fleet: Fleet,
    old_staffing: Staffing | None,
) -> Plan:
    """The plan of the areas given per unit, each area in its given zone (a manual move, a
    restored plan): the zones are kept and assessed, the teams derived as for a drawn plan.
    Every area of `area` must have a zone in `zone_of_area`."""
    names = sorted(set(area))
    index = {a: d for d, a in enumerate(names)}
    labels = np.array([index[a] for a in area], dtype=np.int64)
    graph, links = area_graph(labels.tolist(), units.edges, len(names))
    loads, _ = _zone_loads(units, labels, len(names), fleet)
    numbers = sorted({zone_of_area[a] for a in names})
    zplan = assess_zones(
        graph, loads, [numbers.index(zone_of_area[a]) for a in names], len(numbers)
    )
    zones = {a: zone_of_area[a] for a in names}
    return _staffed(units, labels, names, zones, zplan, links, fleet, current_area, old_staffing)


def _zone_loads(
    units: Units, labels: NDArray[np.int64], k: int, fleet: Fleet
) -> tuple[NDArray[np.float64], Fit]:
    """Each district's stops and cases a delivery, and what its zone-days must fit: the
    depots' cases and, where every depot has a place, their work (`routing.stop_work`)."""
    per_day = units.measures["volume"] / DELIVERIES_PER_MONTH
    stops = np.bincount(labels, minlength=k).astype(float)
    cases = np.bincount(labels, weights=per_day, minlength=k)
    depots = sorted({d for _, d, _ in fleet.vehicles})
    depot_index = {d: j for j, d in enumerate(depots)}
    served_by = np.array(
        [depot_index.get(fleet.depot_of_district.get(dist, ""), -1) for dist in units.districts],
        dtype=np.int64,
    )
    mine = served_by >= 0
    depot_cases = np.zeros((k, len(depots)))
    np.add.at(depot_cases, (labels[mine], served_by[mine]), per_day[mine])
    capacity = np.zeros(len(depots))
    vehicles = np.zeros(len(depots))
    for _, d, cap in fleet.vehicles:
        capacity[depot_index[d]] += cap
        vehicles[depot_index[d]] += 1
    loads = np.column_stack([stops, cases])
    if not depots or any(d not in fleet.depot_xy for d in depots):
        return loads, Fit(depot_cases, capacity)
    sites = np.array([fleet.depot_xy[d] for d in depots], dtype=float)
    work = stop_seconds_at(units.xy[mine], sites[served_by[mine]], per_day[mine])
    depot_work = np.zeros((k, len(depots)))
    np.add.at(depot_work, (labels[mine], served_by[mine]), work)
    return loads, Fit(depot_cases, capacity, depot_work, vehicles * shift_seconds() * WORK_FILL)


def _staffed(
    units: Units,
    labels: NDArray[np.int64],
    names: Sequence[str],
    zone_of_area: dict[str, int],
    zplan: ZonePlan,
    links: Mapping[tuple[int, int], int],
    fleet: Fleet,
    current_area: Sequence[str | None],
    old_staffing: Staffing | None,
) -> Plan:
    """The plan of districts `labels` named `names` in their zones: teams derived from the
    workload (keeping people where they fit), zone-days against the fleet, area adjacency."""
    area_of = {u: names[d] for u, d in zip(units.ids, labels.tolist())}
    depot = [fleet.depot_of_district.get(dist, "") for dist in units.districts]
    served = [
        ServedRetailer(
            u,
            area_of[u],
            zone_of_area[area_of[u]],
            depot[i],
            float(units.visits[i]),
            float(units.measures["volume"][i]) / DELIVERIES_PER_MONTH,
            float(units.xy[i, 0]),
            float(units.xy[i, 1]),
            float(units.measures["workload"][i]),
        )
        for i, u in enumerate(units.ids)
    ]
    fresh = derive_staffing(
        served, [(v, d) for v, d, _ in fleet.vehicles], StaffingParams(), prefix="NEW"
    )
    changes: list[StaffChange] = []
    staffing = fresh
    if old_staffing is not None:
        old_area = {u: a for u, a in zip(units.ids, current_area) if a}
        staffing, changes = carry_over(fresh, old_staffing, area_of, old_area)
    zcases: dict[tuple[int, str], float] = defaultdict(float)
    zstops: dict[tuple[int, str], int] = defaultdict(int)
    for s in served:
        zcases[(s.zone, s.depot)] += s.cases_per_delivery
        zstops[(s.zone, s.depot)] += 1
    adjacency = {
        (names[a], names[b]) if names[a] < names[b] else (names[b], names[a]): n
        for (a, b), n in links.items()
    }
    return Plan(
        area_of,
        zone_of_area,
        adjacency,
        staffing,
        changes,
        zone_balance={k2: round(v, 4) for k2, v in zplan.deviation.items()},
        zones_contiguous=zplan.contiguous,
        zones_proved=zplan.proved,
        zone_days=fleet_fit(zcases, zstops, fleet),
    )


def _match_zones(
    zone_of: Sequence[int], names: Sequence[str], old: Mapping[str, int], zones: int
) -> list[int]:
    """Zone numbers (1-based) that keep as many areas in their current zone as possible."""
    overlap = np.zeros((zones, zones))
    for d, z in enumerate(zone_of):
        if names[d] in old and 1 <= old[names[d]] <= zones:
            overlap[z, old[names[d]] - 1] += 1
    rows, cols = linear_sum_assignment(-overlap)
    out = [0] * zones
    for r, c in zip(rows, cols):
        out[int(r)] = int(c) + 1
    return out
