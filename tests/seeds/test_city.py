"""The generated city: deterministic, inside the real polygons, with a plausible structure."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from datetime import date

import numpy as np
import pytest

from graph.geo import project_km
from graph.model import BusinessFormat, Role
from routing.stop_work import shift_seconds, stop_seconds
from seeds.calibration import STOP_CASES
from seeds.city import City, generate_city
from seeds.geo import contains, load_districts
from seeds.params import CityParams
from seeds.places import CITY_CENTRE
from seeds.visit_policy import policy_workload
from territory.params import StaffingParams
from territory.staffing import managers_needed


@pytest.fixture(scope="module")
def city() -> City:
    """The default 11,500-retailer city, seed 7."""
    return generate_city(CityParams(), 7)


def test_the_same_seed_gives_the_same_city(tiny_city: City) -> None:
    again = generate_city(CityParams(retailers=240), 7)
    assert again.retailers == tiny_city.retailers
    assert again.orders == tiny_city.orders
    assert again.staff == tiny_city.staff
    other = generate_city(CityParams(retailers=240), 8)
    assert other.retailers != tiny_city.retailers


def test_counts_follow_the_domain(city: City) -> None:
    assert len(city.retailers) == 11_500
    assert len(city.areas) == 20 and len(city.zones) == 3 and len(city.districts) == 7
    assert len(city.depots) == 4
    city_fleet = [v for v in city.vehicles if city.vehicle_depot[v.id] == "DC01"]
    assert len(city_fleet) == 32
    assert {v.capacity_cases for v in city_fleet if v.crew_size == 3} <= {50, 55, 60}
    assert {v.capacity_cases for v in city_fleet if v.crew_size != 3} == {45}


def test_every_retailer_lies_in_its_district_polygon(city: City) -> None:
    shapes = {d.adcode: d for d in load_districts()}
    for adcode, shape in shapes.items():
        mine = [r for r in city.retailers if r.district_adcode == adcode]
        inside = contains(
            shape.polygon, np.array([r.lon for r in mine]), np.array([r.lat for r in mine])
        )
        assert inside.all(), adcode


def test_urban_districts_are_densest(city: City) -> None:
    urban = sum(
        1 for r in city.retailers if r.district_adcode in ("340102", "340103", "340104", "340111")
    )
    assert 0.55 < urban / len(city.retailers) < 0.7
    shapes = {d.adcode: d.polygon.area for d in load_districts()}
    per_area = Counter(r.district_adcode for r in city.retailers)
    density = {a: per_area[a] / shapes[a] for a in shapes}
    assert min(density[a] for a in ("340102", "340103", "340111")) > 3 * max(
        density[a] for a in ("340121", "340122", "340123")
    )


def test_the_tier_pyramid_is_plausible(city: City) -> None:
    cases = np.array([r.avg_monthly_cases for r in city.retailers])
    assert np.mean(cases <= 7) > 0.75  # most in tiers 5–8
    assert 0.005 < np.mean(cases > 20) < 0.06  # a few above 20 cases a month


def test_the_category_mix_covers_formats_and_malls(city: City) -> None:
    formats = Counter(r.business_format for r in city.retailers)
    assert set(formats) == set(BusinessFormat)
    assert formats[BusinessFormat.MALL] == 28
    codes = {f"{r.market_type.value}{r.business_format.value}" for r in city.retailers}
    assert len(codes) >= 13


def test_order_history_covers_twelve_months_on_the_cycle(city: City) -> None:
    months = {m.month for ms in city.orders.values() for m in ms}
    assert len(months) == 12
    orders = [m.orders for ms in city.orders.values() for m in ms]
    assert max(orders) <= 11  # at most one order per 3-day cycle


def test_staff_are_derived_from_the_rates(city: City) -> None:
    rates = StaffingParams()
    managers = Counter(a for _, a, r in city.staffing.members if r is Role.MANAGER)
    xy = project_km([r.lon for r in city.retailers], [r.lat for r in city.retailers], CITY_CENTRE)
    visits, minutes = policy_workload(
        city.retailers,
        [city.retailer_zone[r.id] for r in city.retailers],
        city.orders,
        xy,
        date(2026, 11, 1),
    )
    per_area: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for r, v, m in zip(city.retailers, visits, minutes):
        per_area[city.retailer_area[r.id]][0] += v
        per_area[city.retailer_area[r.id]][1] += m
    for area, (v, m) in per_area.items():
        assert managers[area] == managers_needed(v, m, rates)
    assert sum(visits) > len(city.retailers)  # the policy asks more than one visit a week
    per_zone = Counter(city.retailer_zone.values())
    assert city.staffing.count(Role.AGENT) == max(
        math.ceil(n / rates.calls_per_day) for n in per_zone.values()
    )
    assert city.staffing.count(Role.DRIVER) == len(city.vehicles)


def test_urban_zone_days_fit_the_city_fleet(city: City) -> None:
    fleet = sum(v.capacity_cases for v in city.vehicles if city.vehicle_depot[v.id] == "DC01")
    urban = {
        r.id
        for r in city.retailers
        if r.district_adcode in ("340102", "340103", "340104", "340111")
    }
    per_zone: dict[int, float] = defaultdict(float)
    for r in city.retailers:
        if r.id in urban:
            per_zone[city.retailer_zone[r.id]] += r.avg_monthly_cases / 10
    assert max(per_zone.values()) <= fleet


def _zone_day_work(city: City) -> dict[tuple[str, int], float]:
    """Seconds of vehicles' days each depot's zone-day takes, by `routing.stop_work`."""
    depot_of = {adcode: depot for depot, adcode in city.depot_districts}
    sites = {d.id: project_km([d.lon], [d.lat], CITY_CENTRE)[0] for d in city.depots}
    work: dict[tuple[str, int], float] = defaultdict(float)
    for r in city.retailers:
        depot = depot_of[r.district_adcode]
        xy = project_km([r.lon], [r.lat], CITY_CENTRE)[0]
        km = float(np.hypot(*(xy - sites[depot])))
        work[(depot, city.retailer_zone[r.id])] += float(stop_seconds(km, STOP_CASES))
    return work


def test_zone_days_fit_their_depots_shifts(city: City) -> None:
    """The urban zones are balanced on work, not only on stops, and every county depot has
    the vehicles its busiest zone-day's work needs (§4a)."""
    work = _zone_day_work(city)
    vehicles = Counter(city.vehicle_depot.values())
    city_days = [w for (d, _), w in work.items() if d == "DC01"]
    assert max(city_days) / min(city_days) < 1.15
    for (depot, _), seconds in work.items():
        assert seconds <= vehicles[depot] * shift_seconds(), depot
