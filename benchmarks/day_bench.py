"""`crm bench day`: the dispatcher's day on seeded cities, beside the bound and VROOM.

For each seed a city is seeded in a temporary store and its three zone-days are planned with
each engine (the delivery dates whose zone ordered the day before), then again after a
territory design and a quarter of openings, closures and growth. Each run gives the stops,
the served and unserved (with their reasons), the vehicles used against the bound, the km,
the longest shift and the seconds. VROOM plans the same day as the peer: it has no reloads,
so each van is two VROOM vehicles, one with the morning window and one with the afternoon
window, each allowed the van's day capacity (so a van may end over its capacity, which is
counted). The peak month's fit is reported too: the busiest urban zone-day's cases in
January against the city fleet.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from graph.cycle import delivery_zone, history_months
from graph.database import open_database
from graph.principal import LOCAL_ADMIN
from graph.progress import Progress
from graph.session import Session
from routing.day_inputs import DeliveryStop, DeliveryVehicle, DepotSite
from routing.day_plan import Trip
from routing.delivery import plan_day
from routing.delivery_params import DeliveryParams
from routing.matrix import StraightLine
from routing.params import SolveParams
from routing.part_model import cartons_of
from routing.problem import Fleet, RoutingProblem
from routing.service.delivery import delivery_inputs
from seeds.orders import SEASON
from seeds.params import CityParams
from seeds.service import perturb_city, seed_city
from territory.design_params import DesignParams
from territory.service import design_territory

CITY_DEPOT = "DC01"
"""The city depot, whose 32 vehicles the urban zone-days must fit (DOMAIN.md §4a)."""
FIRST_DAY = dt.date(2026, 11, 23)
"""The three delivery dates start here (a Monday)."""


def _dates() -> dict[int, dt.date]:
    """The delivery date of each zone, the first three from `FIRST_DAY`."""
    days = [FIRST_DAY + dt.timedelta(days=i) for i in range(3)]
    return {delivery_zone(d): d for d in days}


def _vroom_day(
    stops: list[DeliveryStop],
    vehicles: list[DeliveryVehicle],
    depots: dict[str, DepotSite],
    params: DeliveryParams,
    limit_s: float,
) -> dict[str, object]:
    """VROOM on each depot's day, each van as a morning and an afternoon vehicle."""
    from benchmarks.vroom_engine import solve_vroom
    from graph.geo import haversine_km

    started = time.perf_counter()
    unserved, km, used, over, longest = 0, 0.0, 0, 0, 0
    for name, site in sorted(depots.items()):
        mine = [s for s in stops if s.depot == name]
        fleet = sorted((v for v in vehicles if v.depot == name), key=lambda v: v.id)
        if not mine or not fleet:
            unserved += len(mine)
            continue
        dist, dur = StraightLine().matrices([(site.lon, site.lat), *((s.lon, s.lat) for s in mine)])
        day = (params.shift_start_s, params.shift_end_s)
        windows = [day]
        for s in mine:
            far = haversine_km(site.lon, site.lat, s.lon, s.lat) > params.radius_km
            if far:
                windows.append(day)
            elif s.batch == "pm":
                windows.append((params.pm_start_s, params.shift_end_s))
            else:
                windows.append((params.shift_start_s, params.am_end_s))
        cpc = params.cartons_per_case
        crew = max(v.crew for v in fleet)
        fleets = []
        for v in fleet:
            cap = max(1, math.floor(v.capacity_cases * cpc))
            fleets.append(Fleet(1, cap, params.shift_start_s, params.am_end_s, name=v.id))
            fleets.append(Fleet(1, cap, params.pm_start_s, params.shift_end_s, name=v.id))
        problem = RoutingProblem(
            name=name,
            distance=tuple(tuple(int(x) for x in row) for row in dist),
            duration=tuple(tuple(int(x) for x in row) for row in dur),
            demand=(0, *(cartons_of(s.cases, cpc) for s in mine)),
            service=(0, *(params.service_s(s.cases, crew) for s in mine)),
            fleets=tuple(fleets),
            windows=tuple(windows),
            drop_penalty=params.drop_penalty,
        )
        plan = solve_vroom(problem, SolveParams(time_limit_s=limit_s))
        unserved += len(plan.unserved)
        km += plan.distance / 1000
        load: dict[str, float] = defaultdict(float)
        span: dict[str, list[int]] = defaultdict(list)
        for r in plan.routes:
            van = fleet[r.vehicle // 2]
            load[van.id] += r.load / cpc
            span[van.id] += [r.start, r.end]
        used += len(load)
        over += sum(1 for v in fleet if load.get(v.id, 0) > v.capacity_cases + 1e-6)
        longest = max([longest, *((max(t) - min(t)) // 60 for t in span.values())])
    return {
        "engine": "vroom",
        "unserved": unserved,
        "vehicles": used,
        "over_capacity": over,
        "km": round(km, 1),
        "longest_shift_min": longest,
        "seconds": round(time.perf_counter() - started, 1),
    }


def _zone_days(
    session: Session,
    state: str,
    engines: list[str],
    budget_s: float,
    vroom_s: float,
    pool: ProcessPoolExecutor,
    progress: Progress | None,
) -> list[dict[str, object]]:
    params = DeliveryParams()
    rows: list[dict[str, object]] = []
    for zone, day in sorted(_dates().items()):
        stops, vehicles, depots = delivery_inputs(session, zone, params)
        for engine in engines:
            if progress:
                progress(f"{state} zone {zone} {engine}", 0, 1)
            plan = plan_day(
                stops,
                vehicles,
                depots,
                params,
                StraightLine(),
                engine=engine,
                budget_s=budget_s,
                executor=pool,
            )
            s = plan.summary
            reasons: dict[str, int] = defaultdict(int)
            for _, why in plan.unserved:
                reasons[why.split(":")[0]] += 1
            rows.append(
                {
                    "state": state,
                    "zone": zone,
                    "date": day.isoformat(),
                    "engine": engine,
                    "stops": s.stops,
                    "served": s.served,
                    "unserved": len(plan.unserved),
                    "unserved_by_kind": dict(reasons),
                    "fits": all(b.fits for b in plan.bounds),
                    "vehicles": s.vehicles,
                    "bound": s.vehicles_needed,
                    "available": s.vehicles_available,
                    "over_bound_pct": round(100 * (s.vehicles / max(s.vehicles_needed, 1) - 1), 1),
                    "km": s.total_km,
                    "longest_shift_min": s.max_shift_minutes,
                    "over_capacity": len(s.over_capacity),
                    "seconds": s.seconds,
                    "routes_digest": routes_digest(plan.trips),
                }
            )
        if vroom_s > 0:
            peer = _vroom_day(stops, vehicles, depots, params, vroom_s)
            rows.append({"state": state, "zone": zone, "date": day.isoformat(), **peer})
    return rows


def routes_digest(trips: Sequence[Trip]) -> str:
    """A short fingerprint of the routes (each vehicle's trips with their stops in order):
    two runs gave the same routes when their digests are equal."""
    lines = sorted(f"{t.vehicle}/{t.trip}:{','.join(s for s, _, _ in t.stops)}" for t in trips)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:12]


def _peak_fit(session: Session, params: CityParams) -> dict[str, object]:
    """The busiest urban zone-day in January against the city fleet's day capacity: the
    planned cases (the last three months' average) scaled by the season factors."""
    delivery = DeliveryParams()
    months = [int(m[5:]) for m in history_months(params.history_end, 3)]
    lift = SEASON[1] / (sum(SEASON[m] for m in months) / len(months))
    busiest, capacity = 0.0, 0.0
    for zone in (1, 2, 3):
        stops, vehicles, _ = delivery_inputs(session, zone, delivery)
        busiest = max(busiest, sum(s.cases for s in stops if s.depot == CITY_DEPOT))
        capacity = sum(v.capacity_cases for v in vehicles if v.depot == CITY_DEPOT)
    return {
        "city_fleet_cases": round(capacity, 1),
        "busiest_zone_day_cases_now": round(busiest, 1),
        "busiest_zone_day_cases_january": round(busiest * lift, 1),
        "january_fill_pct": round(100 * busiest * lift / max(capacity, 1e-9), 1),
    }


def run(
    *,
    seeds: list[int],
    engines: list[str],
    retailers: int = 11500,
    budget_s: float = 60.0,
    vroom_s: float = 60.0,
    design_s: float = 30.0,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Every seed's zone-days as seeded and after a design and a quarter of changes."""
    rows: list[dict[str, object]] = []
    fits: dict[int, dict[str, object]] = {}
    runs = (engines, budget_s, vroom_s)
    with (
        tempfile.TemporaryDirectory(prefix="crm-bench-day-") as tmp,
        ProcessPoolExecutor(2) as pool,
    ):
        for seed in seeds:
            store = Path(tmp) / f"city-{seed}"
            with open_database(f"ladybug://{store}") as db, db.session() as session:
                params = CityParams(retailers=retailers)
                seed_city(session, LOCAL_ADMIN, params, seed)
                fits[seed] = _peak_fit(session, params)
                before = _zone_days(session, "seeded", *runs, pool, progress)
                design_territory(session, LOCAL_ADMIN, DesignParams(time_limit_s=design_s))
                perturb_city(session, LOCAL_ADMIN, seed=seed)
                after = _zone_days(session, "designed+quarter", *runs, pool, progress)
                rows += [{"seed": seed, **row} for row in (*before, *after)]
    ours = [r for r in rows if r["engine"] != "vroom"]
    return {
        "rows": rows,
        "peak_month": fits,
        "summary": {
            "runs": len(ours),
            "unserved_where_bound_fits": sum(int(str(r["unserved"])) for r in ours if r["fits"]),
            "worst_seconds": max(float(str(r["seconds"])) for r in ours),
            "worst_over_bound_pct": max(float(str(r["over_bound_pct"])) for r in ours),
        },
    }
