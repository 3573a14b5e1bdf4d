"""Routing services: read the graph, plan (pure engines), write routes back in one transaction."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import date

from graph.cycle import zone_of_day
from graph.errors import InvalidInput, NotFound
from graph.model import Route
from graph.queries import Query
from graph.rows import Row, as_row
from graph.store import GraphStore
from routing.calls import CallItem, call_lists
from routing.delivery import DayPlan, plan_day
from routing.delivery_params import DeliveryParams
from routing.matrix import MatrixProvider, StraightLine
from routing.params import SolveParams
from routing.visits import VisitItem, VisitParams, plan_week
from routing.waves import DeliveryStop, DeliveryVehicle, DepotSite

Progress = Callable[[str, int, int], None]


def _batch(value: object) -> str:
    return "pm" if str(value or "") in ("下午", "pm", "PM") else "am"


def delivery_inputs(
    store: GraphStore, zone: int, params: DeliveryParams
) -> tuple[list[DeliveryStop], list[DeliveryVehicle], dict[str, DepotSite]]:
    """The zone-day's stops (retailers that buy, with their expected cases), the fleet and
    the depots."""
    fleet = store.read(Query.FLEET)
    if not fleet:
        raise NotFound("the graph has no vehicles: seed or import the fleet first")
    depot_of = {str(d["district"]): str(d["depot"]) for d in store.read(Query.DEPOT_DISTRICTS)}
    depots = {
        str(v["depot"]): DepotSite(str(v["depot"]), float(v["depot_lon"]), float(v["depot_lat"]))
        for v in fleet
    }
    stops = [
        DeliveryStop(
            str(r["id"]),
            float(r["lon"]),
            float(r["lat"]),
            round(float(r["cases"]) / params.deliveries_per_month, 3),
            _batch(r["batch"]),
            depot_of.get(str(r["district"]), ""),
            str(r["area"]),
        )
        for r in store.read(Query.DELIVERY_STOPS, zone=zone)
        if (r["cases"] or 0) > 0
    ]
    missing = [s.id for s in stops if s.depot not in depots]
    if missing:
        raise InvalidInput(
            f"{len(missing)} retailers have no depot for their district (e.g. {missing[0]})"
        )
    vehicles = [
        DeliveryVehicle(
            str(v["id"]), str(v["depot"]), float(v["capacity_cases"]), int(v["crew_size"])
        )
        for v in fleet
    ]
    return stops, vehicles, depots


def plan_routes(
    store: GraphStore,
    day: date,
    *,
    zone: int | None = None,
    engine: str = "ortools",
    time_limit_s: float = 100.0,
    solve_params: SolveParams | None = None,
    params: DeliveryParams | None = None,
    matrix: MatrixProvider | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> dict[str, object]:
    """Plan the delivery day and replace that date's routes on the graph."""
    params = params or DeliveryParams()
    zone = zone or zone_of_day(day)
    stops, vehicles, depots = delivery_inputs(store, zone, params)
    if not stops:
        raise NotFound(f"zone {zone} has no retailers to deliver on {day}")
    with ProcessPoolExecutor(max_workers=2) as pool:
        plan = plan_day(
            stops,
            vehicles,
            depots,
            params,
            matrix or StraightLine(),
            engine=engine,
            solve_params=solve_params,
            budget_s=time_limit_s,
            executor=pool,
            progress=progress,
        )
    if not dry_run:
        write_routes(store, day, zone, plan)
    return {"date": day.isoformat(), "zone": zone, **plan.summary, "applied": not dry_run}


def write_routes(store: GraphStore, day: date, zone: int, plan: DayPlan) -> None:
    """Replace the date's routes: Route nodes, their ordered stops, driver, vehicle, depot."""
    drivers = {str(r["vehicle"]): str(r["staff"]) for r in store.read(Query.DRIVER_VEHICLES)}
    routes, stops, links = [], [], []
    for t in plan.trips:
        rid = f"{day.isoformat()}-{t.vehicle}-{t.trip}"
        routes.append(
            as_row(
                Route(
                    rid,
                    day,
                    t.trip,
                    zone,
                    t.load_cases,
                    round(t.distance_m / 1000, 2),
                    t.start_s // 60,
                    t.end_s // 60,
                    t.engine,
                )
            )
        )
        stops += [
            {"src": rid, "dst": r, "seq": i + 1, "eta_min": eta // 60, "cases": cases}
            for i, (r, eta, cases) in enumerate(t.stops)
        ]
        links.append((rid, t))
    with store.transaction():
        store.read(Query.DELETE_ROUTES_OF_DATE, date=day)
        store.write(Query.UPSERT_ROUTES, routes)
        store.write(Query.LINK_ROUTE_STOPS, stops)
        store.write(Query.SET_ROUTE_VEHICLES, [{"src": r, "dst": t.vehicle} for r, t in links])
        store.write(Query.SET_ROUTE_DEPOTS, [{"src": r, "dst": t.depot} for r, t in links])
        store.write(
            Query.SET_ROUTE_DRIVERS,
            [{"src": r, "dst": drivers[t.vehicle]} for r, t in links if t.vehicle in drivers],
        )


def read_routes(store: GraphStore, day: date) -> list[Row]:
    rows = store.read(Query.ROUTES_OF_DATE, date=day)
    if not rows:
        raise NotFound(f"no routes planned for {day}: run `crm routes plan --date {day}`")
    return rows


def plan_visits(
    store: GraphStore,
    year: int,
    week: int,
    *,
    params: VisitParams | None = None,
    matrix: MatrixProvider | None = None,
) -> dict[str, object]:
    """Every manager's week; the figures of `crm routes visits`."""
    start = time.perf_counter()
    params = params or VisitParams()
    try:
        date.fromisocalendar(year, week, 1)
    except ValueError as exc:
        raise InvalidInput(f"week {year}-W{week:02d} does not exist") from exc
    items = [
        VisitItem(
            str(r["id"]),
            str(r["manager"]),
            float(r["lon"]),
            float(r["lat"]),
            float(r["per_week"] or 1.0),
            float(r["minutes"] or 10.0),
            int(r["weekday"] or 1),
            int(r["zone"] or 1),
        )
        for r in store.read(Query.VISIT_FACTS)
    ]
    routes, missed = plan_week(items, year, week, params, matrix or StraightLine())
    per_day = [len(r.retailers) for r in routes]
    return {
        "week": f"{year}-W{week:02d}",
        "managers": len({r.manager for r in routes}),
        "visits": sum(per_day),
        "max_visits_per_day": max(per_day, default=0),
        "max_day_minutes": max((r.minutes for r in routes), default=0.0),
        "missed": missed,
        "days": [
            {
                "manager": r.manager,
                "date": r.day.isoformat(),
                "visits": list(r.retailers),
                "minutes": r.minutes,
            }
            for r in routes
        ],
        "seconds": round(time.perf_counter() - start, 2),
    }


def plan_calls(store: GraphStore, day: date, *, per_agent: int = 140) -> dict[str, object]:
    """Each agent's ordered call list for the zone whose day it is."""
    zone = zone_of_day(day)
    rows = store.read(Query.CALL_FACTS, zone=zone)
    lists, left = call_lists(
        [
            CallItem(
                str(r["id"]),
                str(r["agent"]),
                str(r["area"]),
                _batch(r["batch"]),
                bool(r["key_account"]),
            )
            for r in rows
        ],
        per_agent=per_agent,
    )
    return {
        "date": day.isoformat(),
        "zone": zone,
        "agents": len(lists),
        "calls": sum(len(v) for v in lists.values()),
        "max_calls_per_agent": max((len(v) for v in lists.values()), default=0),
        "unassigned": left,
        "lists": lists,
    }
