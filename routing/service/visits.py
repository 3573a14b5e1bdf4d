"""Every customer manager's week of visits, day by day in route order."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from graph.errors import InvalidInput
from graph.principal import Principal
from graph.queries import Query
from graph.session import Session
from routing.matrix import MatrixProvider, StraightLine
from routing.service.scope import require_reader, visible_retailers
from routing.visits import DayRoute, VisitItem, VisitParams, plan_week


@dataclass(frozen=True)
class VisitDay:
    """One manager's visits of one day, in route order, and the day's minutes."""

    manager: str
    date: dt.date
    visits: tuple[str, ...]
    minutes: float


@dataclass(frozen=True)
class MissedVisit:
    """A visit due this week that no day had room for."""

    retailer: str
    manager: str
    reason: str


@dataclass(frozen=True)
class VisitPlan:
    week: str
    """ISO week, e.g. ``2026-W48``."""
    managers: int
    visits: int
    max_visits_per_day: int
    max_day_minutes: float
    missed: tuple[MissedVisit, ...]
    days: tuple[VisitDay, ...]
    seconds: float


def plan_visits(
    session: Session,
    principal: Principal,
    year: int,
    week: int,
    *,
    params: VisitParams | None = None,
    matrix: MatrixProvider | None = None,
) -> VisitPlan:
    """Every manager's days of ISO week `week` of `year`, and the visits that did not fit.

    A principal scoped to areas gets the managers of its retailers, each planned over all
    their retailers (so a day is the same as the whole city's) and showing only its own."""
    start = time.perf_counter()
    require_reader(principal, "visit plans")
    try:
        dt.date.fromisocalendar(year, week, 1)
    except ValueError as exc:
        raise InvalidInput(f"week {year}-W{week:02d} does not exist") from exc
    seen = visible_retailers(session, principal)
    items = _visit_items(session, seen)
    routes, missed = plan_week(items, year, week, params or VisitParams(), matrix or StraightLine())
    days = _days(routes, seen)
    per_day = [len(d.visits) for d in days]
    return VisitPlan(
        week=f"{year}-W{week:02d}",
        managers=len({d.manager for d in days}),
        visits=sum(per_day),
        max_visits_per_day=max(per_day, default=0),
        max_day_minutes=max((d.minutes for d in days), default=0.0),
        missed=tuple(MissedVisit(**m) for m in missed if seen is None or m["retailer"] in seen),
        days=days,
        seconds=round(time.perf_counter() - start, 2),
    )


def _visit_items(session: Session, seen: frozenset[str] | None) -> list[VisitItem]:
    """Every retailer's visit needs; only the managers of `seen` retailers when given."""
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
        for r in session.read(Query.VISIT_FACTS)
    ]
    if seen is None:
        return items
    managers = {it.manager for it in items if it.retailer in seen}
    return [it for it in items if it.manager in managers]


def _days(routes: list[DayRoute], seen: frozenset[str] | None) -> tuple[VisitDay, ...]:
    """The planned days, keeping only the `seen` retailers' visits when given."""
    if seen is None:
        return tuple(VisitDay(r.manager, r.day, r.retailers, r.minutes) for r in routes)
    days = (
        VisitDay(r.manager, r.day, tuple(v for v in r.retailers if v in seen), r.minutes)
        for r in routes
    )
    return tuple(d for d in days if d.visits)
