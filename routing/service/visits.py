"""Every customer manager's week of visits, day by day in route order."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
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
    """A visit due this week that no manager of its area had room for."""

    retailer: str
    manager: str
    area: str
    reason: str


@dataclass(frozen=True)
class AreaShort:
    """An area whose managers cannot make all its visits: the manager-days it is short."""

    area: str
    manager_days: int
    """Extra manager-days (35 visits, 7 hours of visiting and travel each) it would need."""
    missed: int
    minutes: float


@dataclass(frozen=True)
class VisitPlan:
    week: str
    """ISO week, e.g. ``2026-W48``."""
    managers: int
    working_days: int
    visits: int
    max_visits_per_day: int
    max_day_minutes: float
    moved_to_other_manager: int
    """Visits made by another manager of the retailer's area than its own."""
    missed: tuple[MissedVisit, ...]
    missed_by_reason: dict[str, int]
    short: tuple[AreaShort, ...]
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
    """Every manager's days of ISO week `week` of `year`, the visits handed to a colleague of
    the same area, and the visits no manager of the area could make (with each such area's
    manager-days short).

    A principal scoped to areas gets the managers of its retailers, each planned over all
    their retailers (so a day is the same as the whole city's) and showing only its own."""
    start = time.perf_counter()
    require_reader(principal, "visit plans")
    try:
        dt.date.fromisocalendar(year, week, 1)
    except ValueError as exc:
        raise InvalidInput(f"week {year}-W{week:02d} does not exist") from exc
    params = params or VisitParams()
    seen = visible_retailers(session, principal)
    items = _visit_items(session, seen)
    plan = plan_week(items, year, week, params, matrix or StraightLine())
    days = _days(plan.routes, seen)
    per_day = [len(d.visits) for d in days]
    missed = tuple(
        MissedVisit(m.retailer, m.manager, m.area, m.reason)
        for m in plan.missed
        if seen is None or m.retailer in seen
    )
    areas = {m.area for m in missed}
    return VisitPlan(
        week=f"{year}-W{week:02d}",
        managers=len({d.manager for d in days}),
        working_days=params.working_days,
        visits=sum(per_day),
        max_visits_per_day=max(per_day, default=0),
        max_day_minutes=max((d.minutes for d in days), default=0.0),
        moved_to_other_manager=_moved(plan.routes, items, seen),
        missed=missed,
        missed_by_reason=dict(Counter(m.reason for m in missed)),
        short=tuple(
            AreaShort(s.area, s.manager_days, s.visits, s.minutes)
            for s in plan.short
            if s.area in areas
        ),
        days=days,
        seconds=round(time.perf_counter() - start, 2),
    )


def _visit_items(session: Session, seen: frozenset[str] | None) -> list[VisitItem]:
    """Every retailer's visit needs; only the areas of `seen` retailers' managers when given
    (a manager may hand visits to any colleague of the area)."""
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
            str(r["area"] or ""),
        )
        for r in session.read(Query.VISIT_FACTS)
    ]
    if seen is None:
        return items
    managers = {it.manager for it in items if it.retailer in seen}
    areas = {it.area or it.manager for it in items if it.manager in managers}
    return [it for it in items if (it.area or it.manager) in areas]


def _moved(routes: list[DayRoute], items: list[VisitItem], seen: frozenset[str] | None) -> int:
    """Visits of `seen` retailers (all when None) made by another manager than their own."""
    own = {it.retailer: it.manager for it in items}
    return sum(
        1
        for r in routes
        for v in r.retailers
        if own[v] != r.manager and (seen is None or v in seen)
    )


def _days(routes: list[DayRoute], seen: frozenset[str] | None) -> tuple[VisitDay, ...]:
    """The planned days, keeping only the `seen` retailers' visits when given."""
    if seen is None:
        return tuple(VisitDay(r.manager, r.day, r.retailers, r.minutes) for r in routes)
    days = (
        VisitDay(r.manager, r.day, tuple(v for v in r.retailers if v in seen), r.minutes)
        for r in routes
    )
    return tuple(d for d in days if d.visits)
