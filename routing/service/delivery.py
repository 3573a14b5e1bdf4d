"""Plan a delivery day: read the zone-day's stops and the fleet, plan (pure engines), and
replace the date's routes on the graph in one transaction."""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from concurrent.futures import Executor
from dataclasses import dataclass, fields

from graph.cycle import delivery_zone
from graph.derived import refresh_delivery_fields
from graph.errors import InvalidInput, NotFound
from graph.model import Route
from graph.principal import AccountRole, Principal
from graph.progress import Progress
from graph.queries import Query
from graph.rows import as_row
from graph.session import Session
from routing.day_bound import DepotBound
from routing.day_inputs import DeliveryStop, DeliveryVehicle, DepotSite
from routing.day_plan import DayPlan
from routing.delivery import plan_day
from routing.delivery_params import DeliveryParams
from routing.matrix import MatrixProvider, OsrmTable, StraightLine
from routing.params import SolveParams

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class UnservedStop:
    """A stop the plan leaves out, and why (no vehicle, capacity, time or the search)."""

    retailer: str
    reason: str


@dataclass(frozen=True)
class UnservedReason:
    """One reason stops were left out, and how many."""

    reason: str
    stops: int


@dataclass(frozen=True)
class RoutePlanResult:
    """The day's figures (`routing.delivery.DaySummary`) and whether they were written."""

    date: dt.date
    """The delivery date."""
    order_date: dt.date
    """The day the zone ordered: the day before (DOMAIN.md §3)."""
    zone: int
    stops: int
    served: int
    unserved_by_reason: tuple[UnservedReason, ...]
    unserved: tuple[UnservedStop, ...]
    vehicles: int
    trips: int
    max_load_cases: float
    max_load_share: float
    over_capacity: tuple[str, ...]
    max_shift_minutes: float
    total_km: float
    engine: str
    seconds: float
    solve_seconds: float
    vehicles_needed: int
    """No plan uses fewer vehicles: the depots' bounds added up."""
    vehicles_available: int
    vehicles_by_depot: dict[str, int]
    """Vehicles the plan uses at each depot."""
    bounds: tuple[DepotBound, ...]
    """Each depot's bound with its counts, the binding one and whether the day fits."""
    applied: bool


ROUTE_PLANNERS = (AccountRole.DISPATCHER,)
"""Who plans delivery routes (besides administrators)."""


def route_matrix(osrm_url: str | None = None) -> MatrixProvider:
    """Travel times from an OSRM server at `osrm_url`, else straight lines (no network)."""
    return OsrmTable(osrm_url) if osrm_url else StraightLine()


def delivery_params(*, balance_shifts: bool = False) -> DeliveryParams:
    """The delivery constraints; `balance_shifts` evens out the drivers' shift lengths at a
    little more driving (2 m of driving for each second off the longest shift)."""
    return DeliveryParams(balance_span=2 if balance_shifts else 0)


def plan_routes(
    session: Session,
    principal: Principal,
    day: dt.date,
    *,
    zone: int | None = None,
    engine: str = "ortools",
    time_limit_s: float = 100.0,
    solve_params: SolveParams | None = None,
    params: DeliveryParams | None = None,
    matrix: MatrixProvider | None = None,
    dry_run: bool = False,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> RoutePlanResult:
    """Plan the deliveries of `day` (a delivery date: by default to the zone that ordered the
    day before) and, unless `dry_run`, replace that date's routes on the graph.

    The depots' parts share one deadline, `time_limit_s` from now; they are solved in a
    chain per worker of `executor` when one is given, else one after another, and the caller
    owns the executor. Raises `Forbidden` unless the principal dispatches, `NotFound` without
    a fleet or stops."""
    principal.require(*ROUTE_PLANNERS, to="plan delivery routes")
    params = params or DeliveryParams()
    zone = zone or delivery_zone(day)
    stops, vehicles, depots = delivery_inputs(session, zone, params)
    if not stops:
        raise NotFound(f"zone {zone} has no retailers to deliver on {day}")
    with session.released():  # other processes may read while the day is solved
        plan = plan_day(
            stops,
            vehicles,
            depots,
            params,
            matrix or StraightLine(),
            engine=engine,
            solve_params=solve_params,
            budget_s=time_limit_s,
            executor=executor,
            progress=progress,
        )
    if not dry_run:
        write_routes(session, day, zone, plan)
    log.info("%s, zone %d: %d trips, %d unserved", day, zone, len(plan.trips), len(plan.unserved))
    return plan_result(day, zone, plan, applied=not dry_run)


def plan_result(day: dt.date, zone: int, plan: DayPlan, *, applied: bool) -> RoutePlanResult:
    """The summary's figures, every one of them, with the dates, zone, bounds and unserved
    stops (and their reasons counted, the most common first)."""
    figures = {f.name: getattr(plan.summary, f.name) for f in fields(plan.summary)}
    unserved = tuple(UnservedStop(r, why) for r, why in plan.unserved)
    counted = Counter(why for _, why in plan.unserved)
    return RoutePlanResult(
        date=day,
        order_date=day - dt.timedelta(days=1),
        zone=zone,
        unserved_by_reason=tuple(
            UnservedReason(why, n) for why, n in sorted(counted.items(), key=lambda x: -x[1])
        ),
        unserved=unserved,
        bounds=plan.bounds,
        applied=applied,
        **figures,
    )


def order_batch(value: object) -> str:
    """``pm`` for a retailer of the afternoon order batch, else ``am``."""
    return "pm" if str(value or "") in ("下午", "pm", "PM") else "am"


def delivery_inputs(
    session: Session, zone: int, params: DeliveryParams
) -> tuple[list[DeliveryStop], list[DeliveryVehicle], dict[str, DepotSite]]:
    """The zone-day's stops (retailers that buy, with their expected cases), the fleet and
    the depots."""
    fleet = session.read(Query.FLEET)
    if not fleet:
        raise NotFound("the graph has no vehicles: seed or import the fleet first")
    depot_of = {str(d["district"]): str(d["depot"]) for d in session.read(Query.DEPOT_DISTRICTS)}
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
            order_batch(r["batch"]),
            depot_of.get(str(r["district"]), ""),
            str(r["area"]),
        )
        for r in session.read(Query.DELIVERY_STOPS, zone=zone)
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


def write_routes(session: Session, day: dt.date, zone: int, plan: DayPlan) -> None:
    """Replace the date's routes (Route nodes, their ordered stops, driver, vehicle, depot)
    and, in the same transaction, the delivery route of each retailer they served or no
    longer serve (`graph.derived`)."""
    drivers = {str(r["vehicle"]): str(r["staff"]) for r in session.read(Query.DRIVER_VEHICLES)}
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
    with session.transaction():
        session.read(Query.DELETE_ROUTES_OF_DATE, date=day)
        session.write(Query.UPSERT_ROUTES, routes)
        session.write(Query.LINK_ROUTE_STOPS, stops)
        session.write(Query.SET_ROUTE_VEHICLES, [{"src": r, "dst": t.vehicle} for r, t in links])
        session.write(Query.SET_ROUTE_DEPOTS, [{"src": r, "dst": t.depot} for r, t in links])
        session.write(
            Query.SET_ROUTE_DRIVERS,
            [{"src": r, "dst": drivers[t.vehicle]} for r, t in links if t.vehicle in drivers],
        )
        refresh_delivery_fields(session)
