"""Re-plan a date's delivery routes without upsetting the day: the trips of vehicles that
are loaded or have left stay, late orders are added, cancelled ones removed, and the other
vehicles' routes are planned again."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, replace

from graph.errors import InvalidInput
from graph.principal import Principal
from graph.progress import Progress
from graph.session import Session
from routing.day_inputs import DeliveryStop
from routing.day_plan import Trip
from routing.delivery_params import DeliveryParams
from routing.export import DeliveryRoute
from routing.matrix import MatrixProvider, StraightLine
from routing.params import SolveParams
from routing.replan import MovedStop, replan_day
from routing.service.delivery import (
    ROUTE_PLANNERS,
    RoutePlanResult,
    delivery_inputs,
    order_batch,
    plan_result,
    write_routes,
)
from routing.service.routes import read_routes


@dataclass(frozen=True)
class LateOrder:
    retailer: str
    cases: float
    batch: str
    """``am`` or ``pm``: the trip that brings it."""


@dataclass(frozen=True)
class ReplanResult:
    """What stayed, what changed and the day's figures after the re-plan."""

    frozen: tuple[str, ...]
    kept_stops: int
    """Stops on the frozen vehicles' trips (cancelled ones taken off)."""
    added: tuple[str, ...]
    cancelled: tuple[str, ...]
    moved: tuple[MovedStop, ...]
    """Stops of the other vehicles that changed vehicle or trip (added ones included)."""
    plan: RoutePlanResult


def read_late_orders(text: str) -> tuple[LateOrder, ...]:
    """Late orders from CSV with a header ``retailer,cases[,batch]`` (batch ``am`` or
    ``pm``, default ``am``). Raises InvalidInput naming every bad row.

    >>> read_late_orders("retailer,cases,batch\\nR1,1.5,pm\\n")
    (LateOrder(retailer='R1', cases=1.5, batch='pm'),)
    """
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"retailer", "cases"} <= set(reader.fieldnames):
        raise InvalidInput("late orders: the header must name retailer and cases")
    orders, errors = [], []
    for line, row in enumerate(reader, start=2):
        retailer = (row.get("retailer") or "").strip()
        batch = (row.get("batch") or "am").strip()
        try:
            cases = float(row.get("cases") or "")
        except ValueError:
            cases = -1.0
        if not retailer or not cases > 0 or batch not in ("am", "pm", "上午", "下午"):
            errors.append(f"row {line}: need a retailer, cases > 0 and batch am or pm")
            continue
        orders.append(LateOrder(retailer, cases, order_batch(batch)))
    if errors:
        raise InvalidInput("late orders: " + "; ".join(errors))
    return tuple(orders)


def replan_routes(
    session: Session,
    principal: Principal,
    day: dt.date,
    *,
    freeze: Sequence[str],
    add: Sequence[LateOrder] = (),
    cancel: Sequence[str] = (),
    engine: str = "ortools",
    time_limit_s: float = 60.0,
    solve_params: SolveParams | None = None,
    params: DeliveryParams | None = None,
    matrix: MatrixProvider | None = None,
    dry_run: bool = False,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> ReplanResult:
    """Keep the trips of the `freeze` vehicles, take `cancel` off the day, add the `add`
    orders, plan every other stop on the other vehicles and (unless `dry_run`) replace the
    date's routes. Raises `Forbidden` unless the principal dispatches, `NotFound` when the
    date has no routes, `InvalidInput` for unknown vehicles or retailers."""
    principal.require(*ROUTE_PLANNERS, to="re-plan delivery routes")
    params = params or DeliveryParams()
    before = read_routes(session, principal, day)
    zone = before[0].zone
    stops, vehicles, depots = delivery_inputs(session, zone, params)
    unknown = sorted(set(freeze) - {v.id for v in vehicles})
    if unknown:
        raise InvalidInput(f"--freeze: no vehicle {', '.join(unknown)}")
    on_day = {s.id for s in stops} | {s.retailer for r in before for s in r.stops}
    stray = sorted(set(cancel) - on_day)
    if stray:
        raise InvalidInput(f"cancel: {', '.join(stray)} not delivered on {day}")
    late = _late_stops(session, add, on_day, params)
    result = replan_day(
        [_trip(r) for r in before],
        frozenset(freeze),
        [*stops, *late],
        vehicles,
        depots,
        params,
        matrix or StraightLine(),
        cancel=frozenset(cancel),
        engine=engine,
        solve_params=solve_params,
        budget_s=time_limit_s,
        executor=executor,
        progress=progress,
    )
    plan, moved = result
    if not dry_run:
        write_routes(session, day, zone, plan)
    kept = sum(len(t.stops) for t in plan.trips if t.vehicle in set(freeze))
    return ReplanResult(
        tuple(sorted(set(freeze))),
        kept,
        tuple(s.id for s in late),
        tuple(sorted(set(cancel))),
        moved,
        plan_result(day, zone, plan, applied=not dry_run),
    )


def _late_stops(
    session: Session, orders: Sequence[LateOrder], on_day: set[str], params: DeliveryParams
) -> list[DeliveryStop]:
    """The late orders as stops, placed where their retailers are."""
    if not orders:
        return []
    twice = sorted(o.retailer for o in orders if o.retailer in on_day)
    if twice:
        raise InvalidInput(f"late orders: {', '.join(twice)} already delivered that day")
    known = {s.id: s for z in (1, 2, 3) for s in delivery_inputs(session, z, params)[0]}
    missing = sorted(o.retailer for o in orders if o.retailer not in known)
    if missing:
        raise InvalidInput(f"late orders: no retailer {', '.join(missing)} that buys")
    return [replace(known[o.retailer], cases=o.cases, batch=o.batch) for o in orders]


def _trip(r: DeliveryRoute) -> Trip:
    """A stored route as the engine's trip."""
    return Trip(
        r.vehicle,
        r.depot,
        r.trip,
        "am" if r.trip == 1 else "pm",
        tuple((s.retailer, s.eta_min * 60, s.cases) for s in r.stops),
        r.start_min * 60,
        r.end_min * 60,
        r.load_cases,
        round(r.distance_km * 1000),
        "stored",
    )
