"""Simulate a quarter of openings, closures and growth in the graph (see `seeds.perturbation`)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from graph.derived import refresh_delivery_fields
from graph.model import OrderMonth
from graph.principal import AccountRole, Principal
from graph.progress import Progress
from graph.queries import Query
from graph.rows import as_row
from graph.session import Session
from seeds.perturbation import (
    CityState,
    Opening,
    PerturbParams,
    grow_orders,
    perturb,
    quarter_ending,
)
from seeds.service.purchases import refresh_purchases

CHUNK = 500
MEMBERSHIPS = (
    ("district", Query.SET_RETAILER_DISTRICTS),
    ("area", Query.SET_RETAILER_AREAS),
    ("zone", Query.SET_RETAILER_ZONES),
    ("business_area", Query.SET_RETAILER_BUSINESS_AREAS),
    ("manager", Query.SET_RETAILER_MANAGERS),
    ("agent", Query.SET_RETAILER_AGENTS),
)


@dataclass(frozen=True)
class PerturbReport:
    """Retailers closed, opened and grown, their mean growth, where the growth hotspot is (km
    east and north of the city centre) and the seconds it took."""

    closed: int
    opened: int
    grown: int
    mean_growth: float
    hotspot_km: tuple[float, float]
    seconds: float


def perturb_city(
    session: Session,
    principal: Principal,
    *,
    open_count: int = 300,
    close_count: int = 200,
    grow: float = 0.1,
    seed: int = 11,
    progress: Progress | None = None,
) -> PerturbReport:
    """Close `close_count` retailers, open `open_count` and grow the last quarter's orders by
    `grow` on average; the same seed on the same graph gives the same changes."""
    principal.require(AccountRole.PLANNER, to="simulate a quarter of change")
    start = time.perf_counter()
    params = PerturbParams(open_count, close_count, grow)
    state = _city_state(session)
    change = perturb(state, params, seed)
    with session.transaction():
        session.read(Query.DELETE_RETAILERS, ids=list(change.closed))
    _tell(progress, "close", close_count, close_count)
    _grow(session, change.lift, state.quarter)
    _tell(progress, "grow", len(change.lift), len(change.lift))
    _write_openings(session, change.openings)
    _tell(progress, "open", len(change.openings), open_count)
    refresh_purchases(session, [*change.lift, *(o.retailer.id for o in change.openings)])
    return PerturbReport(
        close_count,
        len(change.openings),
        len(change.lift),
        change.mean_growth,
        change.hotspot_km,
        round(time.perf_counter() - start, 2),
    )


def _tell(progress: Progress | None, stage: str, done: int, total: int) -> None:
    if progress:
        progress(stage, done, total)


def _city_state(session: Session) -> CityState:
    """What a perturbation starts from: retailers, positions and teams, trade areas, zones,
    district names and the last quarter's months."""
    retailers = session.read(Query.ALL_RETAILERS)
    facts = session.read(Query.TERRITORY_FACTS)
    latest = [r["month"] for r in session.read(Query.LATEST_ORDER_MONTH) if r["month"]]
    quarter = quarter_ending(str(latest[0])) if latest else []
    return CityState(
        retailers,
        session.read(Query.RETAILER_POSITIONS),
        {str(f["id"]): f["business_area"] for f in facts},
        {str(f["area"]): int(f["zone"] or 1) for f in facts if f["area"]},
        {str(d["adcode"]): str(d["name"]) for d in session.read(Query.DISTRICT_LIST)},
        quarter,
    )


def _grow(session: Session, lift: dict[str, float], quarter: Sequence[str]) -> None:
    """Lift the retailers' orders of the last quarter, `CHUNK` retailers at a time."""
    ids = list(lift)
    for start in range(0, len(ids), CHUNK):
        rows = session.read(Query.ORDERS_OF_RETAILERS, ids=ids[start : start + CHUNK])
        months = [OrderMonth(**m) for m in rows if m["month"] in quarter]
        session.write(Query.UPSERT_ORDER_MONTHS, [as_row(m) for m in grow_orders(months, lift)])


def _write_openings(session: Session, openings: Sequence[Opening]) -> None:
    """The new retailers with their memberships, orders and the delivery fields derived from
    their area, zone and manager (`graph.derived`), one transaction per chunk."""
    for start in range(0, len(openings), CHUNK):
        part = openings[start : start + CHUNK]
        months = [m for o in part for m in o.orders]
        with session.transaction():
            session.write(Query.UPSERT_RETAILERS, [as_row(o.retailer) for o in part])
            for key, query in MEMBERSHIPS:
                session.write(
                    query,
                    [
                        {"src": o.retailer.id, "dst": dst}
                        for o in part
                        if (dst := getattr(o, key)) is not None
                    ],
                )
            session.write(Query.UPSERT_ORDER_MONTHS, [as_row(m) for m in months])
            session.write(
                Query.LINK_RETAILER_ORDERS, [{"src": m.retailer_id, "dst": m.id} for m in months]
            )
            refresh_delivery_fields(session)
