"""Generate a whole city modelled on Hefei from a seed: the same seed gives the same city."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
from numpy.typing import NDArray

from graph.apportion import apportion
from graph.cycle import history_months
from graph.geo import project_km
from graph.model import (
    Area,
    BusinessArea,
    DeliveryZone,
    Depot,
    District,
    DistrictKind,
    IncentiveScore,
    OrderMonth,
    Retailer,
    Role,
    Staff,
    Vehicle,
)
from graph.progress import Progress
from routing.stop_work import stop_seconds_at
from seeds import names
from seeds.calibration import STOP_CASES, county_load, volume_scale
from seeds.fleet import make_depots, make_vehicles
from seeds.geo import AdminUnit, DistrictShape, load_admin_units, load_districts
from seeds.layout import area_names, initial_areas, initial_zones
from seeds.orders import generate_orders, summarise_orders
from seeds.params import CityParams
from seeds.places import CITY_CENTRE, Site, place_retailers, place_sites
from seeds.profiles import draw_profiles
from seeds.records import Placement, build_retailer
from seeds.scores import generate_scores, rater_biases
from seeds.visit_policy import policy_workload
from territory.adjacency import area_adjacency, build_contiguity
from territory.bisection import bisect_balanced
from territory.params import StaffingParams
from territory.staffing import ServedRetailer, Staffing, derive_staffing

log = logging.getLogger(__name__)
ZONE_NAMES = ("一", "二", "三", "四", "五", "六", "七", "八", "九")
SCORED_MONTHS = 6
"""Months of process-incentive scoring records (two quarters)."""


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


@dataclass(frozen=True)
class City:
    """A generated city: nodes as model records, edges as id pairs."""

    districts: tuple[District, ...]
    business_areas: tuple[BusinessArea, ...]
    business_area_district: dict[str, str]
    depots: tuple[Depot, ...]
    depot_districts: tuple[tuple[str, str], ...]
    vehicles: tuple[Vehicle, ...]
    vehicle_depot: dict[str, str]
    areas: tuple[Area, ...]
    zones: tuple[DeliveryZone, ...]
    area_zone: dict[str, int]
    area_adjacency: dict[tuple[str, str], int]
    retailers: tuple[Retailer, ...]
    retailer_area: dict[str, str]
    retailer_zone: dict[str, int]
    retailer_business_area: dict[str, str]
    orders: dict[str, tuple[OrderMonth, ...]]
    scores: dict[str, tuple[IncentiveScore, ...]]
    staff: tuple[Staff, ...]
    staffing: Staffing
    months: tuple[str, ...]


@dataclass(frozen=True)
class _Layout:
    """Positions and memberships of every retailer, before their records exist."""

    ids: list[str]
    lonlat: NDArray[np.float64]
    xy: NDArray[np.float64]
    district: list[DistrictShape]
    site: list[Site]


def _place(
    params: CityParams,
    districts: list[DistrictShape],
    units: list[AdminUnit],
    rng: np.random.Generator,
) -> _Layout:
    urban = [d for d in districts if d.urban]
    county = [d for d in districts if not d.urban]
    n_urban = round(params.retailers * params.urban_share)
    counts = dict(
        zip(
            [d.adcode for d in urban],
            apportion([params.district_weights[d.adcode] for d in urban], n_urban),
        )
    )
    counts |= dict(
        zip(
            [d.adcode for d in county],
            apportion(
                [params.district_weights[d.adcode] for d in county], params.retailers - n_urban
            ),
        )
    )
    ids: list[str] = []
    lonlat, dist_of, site_of = [], [], []
    for d in districts:
        sites = place_sites(d, [u for u in units if u.district == d.adcode], rng)
        pts, which = place_retailers(d, sites, counts[d.adcode], rng)
        ids += [f"{d.adcode}{i + 1:06d}" for i in range(counts[d.adcode])]
        lonlat.append(pts)
        dist_of += [d] * len(pts)
        site_of += [sites[int(s)] for s in which]
    ll = np.vstack(lonlat)
    return _Layout(ids, ll, project_km(ll[:, 0], ll[:, 1], CITY_CENTRE), dist_of, site_of)


def generate_city(params: CityParams, seed: int, *, progress: Progress | None = None) -> City:
    """Generate the city for `params` and `seed` (see DOMAIN.md and the module docstrings)."""
    report = progress or _no_progress
    rngs = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(8)]
    districts, units = load_districts(), load_admin_units()
    report("places", 0, params.retailers)
    layout = _place(params, districts, units, rngs[0])
    n = len(layout.ids)
    rural = np.array([s.rural for s in layout.site])
    urban_streets = np.flatnonzero([s.kind == "street" for s in layout.site])
    malls = np.zeros(n, dtype=bool)
    malls[
        rngs[1].choice(urban_streets, size=min(params.malls, len(urban_streets)), replace=False)
    ] = True
    months = history_months(params.history_end, params.history_months)
    profiles = draw_profiles(
        rural,
        malls,
        months=len(months),
        new_share=params.new_share,
        lost_share=params.lost_share,
        potential_share=params.potential_share,
        volume_sigma=params.volume_sigma,
        rng=rngs[1],
    )
    report("places", n, n)

    groups = ["urban" if d.urban else d.adcode for d in layout.district]
    area_idx = initial_areas(groups, layout.xy, params.areas)
    codes = [f"A{i + 1:02d}" for i in range(params.areas)]
    area_xy = np.array(
        [layout.xy[np.asarray(area_idx) == a].mean(axis=0) for a in range(params.areas)]
    )
    depots = make_depots(params, [d for d in districts if not d.urban])
    depot_of_district = {adcode: dep.id for dep, adcodes in depots for adcode in adcodes}
    depot_of = [depot_of_district[d.adcode] for d in layout.district]
    depot_xy = {dep.id: project_km([dep.lon], [dep.lat], CITY_CENTRE)[0] for dep, _ in depots}
    work = stop_seconds_at(layout.xy, np.array([depot_xy[d] for d in depot_of]), STOP_CASES)
    area_work = np.bincount(area_idx, weights=work, minlength=params.areas).astype(float)
    area_group = [groups[int(np.argmax(np.asarray(area_idx) == a))] for a in range(params.areas)]
    zone_of_area = initial_zones(area_xy, area_work, area_group, params.zones)
    zone_of = [zone_of_area[a] for a in area_idx]
    scale = volume_scale(profiles, [d.urban for d in layout.district], zone_of, params)

    orders: dict[str, tuple[OrderMonth, ...]] = {}
    for i, rid in enumerate(layout.ids):
        orders[rid] = tuple(generate_orders(rid, profiles[i], zone_of[i], months, scale, rngs[2]))
        if i % 2000 == 0:
            report("orders", i, n)
    report("orders", n, n)
    summaries = [summarise_orders(orders[r], months) for r in layout.ids]

    vehicles = make_vehicles(
        params, county_load(depot_of, zone_of, summaries, work, params), rngs[3]
    )
    site_names = [(s.unit.name, s.unit.pinyin.replace(" ", "").capitalize()) for s in layout.site]
    labels = area_names(area_idx, site_names, params.areas)
    as_of = _month_start(_next_month(months[-1]))
    retailers = []
    for i, rid in enumerate(layout.ids):
        d, site = layout.district[i], layout.site[i]
        place = Placement(
            rid,
            float(layout.lonlat[i, 0]),
            float(layout.lonlat[i, 1]),
            d.adcode,
            d.name,
            site.unit.full_name,
            codes[area_idx[i]],
            zone_of[i],
            "",
            1,
        )
        start = profiles[i].start_month
        new_since = _month_start(months[min(start, len(months) - 1)]) if start else None
        retailers.append(
            build_retailer(
                place,
                profiles[i],
                summaries[i],
                licence_seq=i + 1,
                as_of=as_of,
                new_since=new_since,
                rng=rngs[4],
            )
        )
    visits, minutes = policy_workload(retailers, zone_of, orders, layout.xy, as_of)
    served = [
        ServedRetailer(
            rid,
            codes[area_idx[i]],
            zone_of[i],
            depot_of[i],
            float(visits[i]),
            summaries[i].avg_monthly_cases / params.deliveries_per_month,
            float(layout.xy[i, 0]),
            float(layout.xy[i, 1]),
            float(minutes[i]),
        )
        for i, rid in enumerate(layout.ids)
    ]
    staffing = derive_staffing(served, [(v.id, d) for v, d in vehicles], StaffingParams())
    report("staff", len(staffing.roles), len(staffing.roles))
    retailers = _routed(retailers, served, staffing, StaffingParams().working_days)
    report("records", n, n)
    scorers = _scorers(served, staffing)
    biases = rater_biases(sorted({s for team in scorers.values() for s in team.values()}), rngs[7])
    scores = {
        r.id: tuple(
            generate_scores(
                r.id,
                profiles[i],
                r.violations_12m,
                scorers[r.id],
                months[-SCORED_MONTHS:],
                rngs[6],
                biases,
            )
        )
        for i, r in enumerate(retailers)
    }

    graph = build_contiguity(layout.ids, layout.xy)
    adjacency = area_adjacency(graph, dict(zip(layout.ids, (codes[a] for a in area_idx))))
    return City(
        districts=tuple(
            District(
                d.adcode, d.name, d.name_en, DistrictKind.URBAN if d.urban else DistrictKind.COUNTY
            )
            for d in districts
        ),
        business_areas=tuple(_business_areas(layout)),
        business_area_district={s.unit.code: s.unit.district for s in layout.site},
        depots=tuple(dep for dep, _ in depots),
        depot_districts=tuple((dep.id, a) for dep, adcodes in depots for a in adcodes),
        vehicles=tuple(v for v, _ in vehicles),
        vehicle_depot={v.id: d for v, d in vehicles},
        areas=tuple(Area(c, *labels[a]) for a, c in enumerate(codes)),
        zones=tuple(
            DeliveryZone(z, f"配送{ZONE_NAMES[z - 1]}区", f"Zone {z}")
            for z in range(1, params.zones + 1)
        ),
        area_zone={c: zone_of_area[a] for a, c in enumerate(codes)},
        area_adjacency=adjacency,
        retailers=tuple(retailers),
        retailer_area={r: codes[a] for r, a in zip(layout.ids, area_idx)},
        retailer_zone=dict(zip(layout.ids, zone_of)),
        retailer_business_area={r: s.unit.code for r, s in zip(layout.ids, layout.site)},
        orders=orders,
        scores=scores,
        staff=tuple(_staff_records(staffing, rngs[5])),
        staffing=staffing,
        months=tuple(months),
    )


def _month_start(month: str) -> date:
    return date(int(month[:4]), int(month[5:]), 1)


def _next_month(month: str) -> str:
    year, m = int(month[:4]), int(month[5:])
    return f"{year + m // 12:04d}-{m % 12 + 1:02d}"


def _routed(
    retailers: list[Retailer], served: list[ServedRetailer], staffing: Staffing, days: int
) -> list[Retailer]:
    """The retailers with their manager's route (area and the manager's number in the area)
    and their visiting weekday."""
    weekday = _visit_days(served, staffing, days)
    route_no = {
        m: i + 1
        for area in sorted({r.area for r in served})
        for i, m in enumerate(sorted({staffing.manager_of[r.id] for r in served if r.area == area}))
    }
    return [
        replace(
            r,
            delivery_route=f"{s.area}-{route_no[staffing.manager_of[r.id]]}",
            visit_batch=weekday[r.id],
        )
        for r, s in zip(retailers, served)
    ]


def _visit_days(served: list[ServedRetailer], staffing: Staffing, days: int) -> dict[str, int]:
    """A weekday (1..days) per retailer: each manager's retailers in compact day clusters of
    about equal visiting minutes."""
    mine: dict[str, list[ServedRetailer]] = defaultdict(list)
    for r in served:
        mine[staffing.manager_of[r.id]].append(r)
    out: dict[str, int] = {}
    for group in mine.values():
        xy = np.array([[r.x_km, r.y_km] for r in group])
        minutes = np.array([r.weekly_minutes for r in group])
        labels = bisect_balanced(xy, minutes, min(days, len(group)))
        out |= {r.id: int(g) + 1 for r, g in zip(group, labels)}
    return out


def _scorers(served: list[ServedRetailer], staffing: Staffing) -> dict[str, dict[Role, str]]:
    """The four people who score each retailer: its own manager and agent, and one of its
    area's inspectors and drivers (taken in turn)."""
    team: dict[tuple[str, Role], list[str]] = defaultdict(list)
    for person, area, role in staffing.members:
        team[(area, role)].append(person)
    out = {}
    for i, r in enumerate(served):
        inspectors, drivers = team[(r.area, Role.INSPECTOR)], team[(r.area, Role.DRIVER)]
        out[r.id] = {
            Role.MANAGER: staffing.manager_of[r.id],
            Role.AGENT: staffing.agent_of[r.id],
            Role.INSPECTOR: inspectors[i % len(inspectors)],
            Role.DRIVER: drivers[i % len(drivers)],
        }
    return out


def _business_areas(layout: _Layout) -> list[BusinessArea]:
    seen: dict[str, BusinessArea] = {}
    for s in layout.site:
        seen.setdefault(
            s.unit.code,
            BusinessArea(
                s.unit.code,
                s.unit.full_name,
                s.unit.pinyin.replace(" ", "").capitalize(),
                round(s.lon, 6),
                round(s.lat, 6),
            ),
        )
    return sorted(seen.values(), key=lambda b: b.id)


def _staff_records(staffing: Staffing, rng: np.random.Generator) -> list[Staff]:
    return [
        Staff(sid, names.person_name(rng), names.mobile(rng), role)
        for sid, role in sorted(staffing.roles.items())
    ]


__all__ = ["City", "Progress", "Role", "generate_city"]
