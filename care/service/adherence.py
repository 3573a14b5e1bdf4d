"""Visit adherence of the retailers in scope: the logged visits of the period verified
(`care.checkin`) and summed against the class plan (`care.adherence`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from care.adherence import Adherence, adherence, week_mondays
from care.checkin import REASON_LABELS, Shop, Visits, verify
from care.service.access import AGGREGATE_READERS
from graph.errors import InvalidInput, NotFound
from graph.principal import AccountRole, Principal
from graph.queries import Query
from graph.session import Session

LISTED = 200
MAX_WEEKS = 104


@dataclass(frozen=True)
class UnverifiedVisit:
    """A logged visit that does not count, and why (`care.checkin.REASONS`)."""

    id: str
    retailer_id: str
    staff_id: str
    day: date
    area: str
    reason: str


@dataclass(frozen=True)
class AdherenceReport:
    """Adherence from `first` to `until` for `areas` (None: the whole city), with the first
    `LISTED` unverified visits (newest first) and how many there are in all."""

    first: date
    until: date
    areas: tuple[str, ...] | None
    max_distance_m: float
    adherence: Adherence
    unverified: tuple[UnverifiedVisit, ...]
    unverified_total: int
    spoofed: tuple[UnverifiedVisit, ...]
    """Every check-in of the period that looks spoofed (not only the first `LISTED`); a
    viewer, who reads no records, gets neither list."""
    last_week_partial: bool
    """`until` falls before the last week's Saturday: its plan counts the whole week, so its
    figures are low until the week is over."""
    reason_labels: dict[str, tuple[str, str]]
    """Each reason's label, Chinese and English."""


def _shops(session: Session) -> dict[str, Shop]:
    return {
        str(r["id"]): Shop(
            id=str(r["id"]),
            lon=r["lon"],
            lat=r["lat"],
            per_week=float(r["per_week"] or 0.0),
            visit_minutes=float(r["minutes"] or 0.0),
            service_class=str(r["service_class"] or ""),
            area=str(r["area"] or ""),
            manager=str(r["manager"] or ""),
        )
        for r in session.read(Query.VISIT_SHOPS)
    }


def _visits(session: Session, first: date, last: date) -> Visits:
    rows = session.read(Query.VISITS_BETWEEN, first=first, last=last)
    return Visits(
        ids=[r["id"] for r in rows],
        retailers=[r["retailer"] for r in rows],
        staff=[r["staff"] for r in rows],
        days=[r["day"] for r in rows],
        statuses=[r["status"] for r in rows],
        started_at=[r["started_at"] or "" for r in rows],
        ended_at=[r["ended_at"] or "" for r in rows],
        planned_start=[r["planned_start"] or "" for r in rows],
        lon=[r["lon"] for r in rows],
        lat=[r["lat"] for r in rows],
    )


def _latest_day(session: Session) -> date | None:
    rows = session.read(Query.LATEST_VISIT_DAY)
    day = rows[0]["day"] if rows else None
    return day if isinstance(day, date) else None


def visit_adherence(
    session: Session,
    principal: Principal,
    *,
    weeks: int = 4,
    until: date | None = None,
    area: str | None = None,
    max_distance_m: float = 200.0,
) -> AdherenceReport:
    """Adherence, coverage and over-service of the `weeks` ISO weeks ending with `until`'s
    (default: the latest visit day in the store), in `area` or every area in scope."""
    principal.require(*AGGREGATE_READERS, to="read visit adherence")
    if not 1 <= weeks <= MAX_WEEKS:
        raise InvalidInput(f"weeks {weeks} is outside 1..{MAX_WEEKS}")
    if not 0 < max_distance_m <= 100_000:
        raise InvalidInput(f"max_distance_m {max_distance_m} is outside (0, 100000]")
    if area is not None:
        principal.require_area(area, f"area {area}")
    last = until or _latest_day(session)
    if last is None:
        raise NotFound("no visit is logged yet: give the last day of the period")
    mondays = week_mondays(last, weeks)
    shops = _shops(session)
    if area is not None and not any(s.area == area for s in shops.values()):
        raise NotFound(f"area {area} has no retailers")
    visits = _visits(session, mondays[0], last)
    reasons = verify(visits, shops, max_distance_m=max_distance_m)
    areas = {area} if area is not None else principal.areas
    in_scope = [s for s in shops.values() if areas is None or s.area in areas]
    ids = {s.id for s in in_scope}
    report = adherence(in_scope, visits, reasons, mondays)
    listed = [i for i, reason in enumerate(reasons) if reason and visits.retailers[i] in ids]
    listed.sort(key=lambda i: (visits.days[i], visits.ids[i]), reverse=True)

    records_hidden = principal.role is AccountRole.VIEWER

    def unverified(i: int) -> UnverifiedVisit:
        retailer = visits.retailers[i]
        return UnverifiedVisit(
            visits.ids[i],
            retailer,
            visits.staff[i],
            visits.days[i],
            shops[retailer].area,
            reasons[i],
        )

    return AdherenceReport(
        first=mondays[0],
        until=last,
        areas=None if areas is None else tuple(sorted(areas)),
        max_distance_m=max_distance_m,
        adherence=report,
        unverified=() if records_hidden else tuple(unverified(i) for i in listed[:LISTED]),
        unverified_total=len(listed),
        spoofed=()
        if records_hidden
        else tuple(unverified(i) for i in listed if reasons[i] == "spoofed"),
        last_week_partial=last.weekday() < 5,
        reason_labels=REASON_LABELS,
    )
