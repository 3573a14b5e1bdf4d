"""Give a classified store weeks of generated service activity (`seeds.activity`): read the
facts, generate, replace what an earlier run generated, write everything in one transaction."""

from __future__ import annotations

import calendar
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from graph.errors import InvalidInput
from graph.model import Role
from graph.principal import AccountRole, Principal
from graph.progress import Progress
from graph.queries import Query
from graph.rows import Row, as_row
from graph.session import Session, batches
from seeds.activity import Activity, generate_activity
from seeds.activity_cases import CASE_PREFIX
from seeds.activity_facts import ActivityFacts, ShopFacts, TeamFacts

BATCH = 20_000


@dataclass(frozen=True)
class ActivityReport:
    """What was written: the period, records per kind (and visits per outcome, spoofs per
    kind), the cases planted breached, the areas' under-served items, and the seconds."""

    seed: int
    first_day: date
    last_day: date
    counts: dict[str, int]
    breached_cases: tuple[str, ...]
    under_service: dict[str, tuple[str, ...]]
    generate_seconds: float
    write_seconds: float


def seed_activity(
    session: Session,
    principal: Principal,
    *,
    weeks: int = 12,
    until: date | None = None,
    seed: int = 7,
    progress: Progress | None = None,
) -> ActivityReport:
    """Generate `weeks` of visits, calls, deliveries, inspections, cases and a survey wave
    ending on the Saturday on or before `until` (default: the last Saturday of the latest
    order month in the store) and write them, replacing earlier generated activity (records
    of source ``seed``, cases ``seed-case-…`` and their alerts, waves created by ``seed``)."""
    principal.require(AccountRole.ADMIN, to="generate service activity")
    if weeks < 1:
        raise InvalidInput(f"weeks must be at least 1, not {weeks}")
    t0 = time.perf_counter()
    facts = read_facts(session)
    _tell(progress, "read", 1, 1)
    end = until or _last_saturday(session)
    with session.released():
        activity = generate_activity(facts, until=end, weeks=weeks, seed=seed)
    _tell(progress, "generate", 1, 1)
    t1 = time.perf_counter()
    with session.transaction():
        _delete_earlier(session)
        _tell(progress, "delete", 1, 1)
        _write(session, activity, progress)
    t2 = time.perf_counter()
    truth = activity.truth
    return ActivityReport(
        seed,
        truth.first_day,
        truth.last_day,
        truth.counts,
        truth.breached_cases,
        truth.under_service,
        round(t1 - t0, 2),
        round(t2 - t1, 2),
    )


def read_facts(session: Session) -> ActivityFacts:
    """Every retailer with its place, team and policy, and every area's team; a store with
    no classified retailer is refused."""
    rows = session.read(Query.ACTIVITY_FACTS)
    if not any(r["per_week"] for r in rows):
        raise InvalidInput(
            "the retailers have no visit policy (visit_frequency_per_week): run `crm classify` "
            "first"
        )
    shops = tuple(_shop(r) for r in rows if r["area"])
    return ActivityFacts(
        shops, _teams(session.read(Query.TEAM_EDGES), session.read(Query.LEAD_EDGES))
    )


def _shop(r: Row) -> ShopFacts:
    return ShopFacts(
        id=str(r["id"]),
        lon=float(r["lon"]),
        lat=float(r["lat"]),
        area=str(r["area"]),
        manager=str(r["manager"] or ""),
        agent=str(r["agent"] or ""),
        service_class=str(r["service_class"] or ""),
        per_week=float(r["per_week"] or 0.0),
        visit_minutes=int(r["minutes"] or 0),
        visit_batch=int(r["weekday"] or 1),
        key_account=bool(r["key_account"]),
        business_format=str(r["business_format"] or ""),
        zone=int(r["zone"] or 1),
        order_batch=str(r["batch"] or "上午"),
    )


def _teams(members: Sequence[Row], leads: Sequence[Row]) -> dict[str, TeamFacts]:
    lead_of = {str(r["area"]): str(r["staff"]) for r in leads}
    by_area: dict[str, dict[Role, list[str]]] = {}
    for r in members:
        by_area.setdefault(str(r["area"]), {}).setdefault(Role(r["role"]), []).append(
            str(r["staff"])
        )
    return {
        area: TeamFacts(area, lead_of.get(area, ""), {k: tuple(sorted(v)) for k, v in m.items()})
        for area, m in sorted(by_area.items())
    }


def _last_saturday(session: Session) -> date:
    """The last Saturday on or before the end of the latest order month."""
    months = [r["month"] for r in session.read(Query.LATEST_ORDER_MONTH) if r["month"]]
    if not months:
        raise InvalidInput("the store holds no orders: give the last day (--until)")
    year, month = (int(x) for x in str(months[0]).split("-"))
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - 5) % 7)


def _delete_earlier(session: Session) -> None:
    """The records an earlier run generated, with the alerts and actions raised for them."""
    session.read(Query.DELETE_SEED_INTERACTIONS)
    session.read(Query.DELETE_SEED_ALERTS, prefix=CASE_PREFIX)
    session.read(Query.DELETE_ACTIONS_FROM, prefix=f"breach:{CASE_PREFIX}")
    session.read(Query.DELETE_SEED_CASES, prefix=CASE_PREFIX)
    waves = [str(r["id"]) for r in session.read(Query.SEED_WAVES)]
    for wave in waves:
        session.read(Query.DELETE_ACTIONS_FROM, prefix=f"under:{wave}:")
    if waves:
        session.read(Query.DELETE_WAVE_ANSWERS, waves=waves)
        session.read(Query.DELETE_SEED_WAVES)


def _write(session: Session, activity: Activity, progress: Progress | None) -> None:
    rows = [as_row(r) for r in activity.interactions]
    for k, part in enumerate(batches(rows, BATCH), start=1):
        session.write(Query.UPSERT_INTERACTIONS, part)
        session.write(
            Query.LINK_STAFF_INTERACTIONS, [{"src": r["staff_id"], "dst": r["id"]} for r in part]
        )
        session.write(
            Query.SET_INTERACTION_RETAILERS,
            [{"src": r["id"], "dst": r["retailer_id"]} for r in part],
        )
        _tell(progress, "interactions", min(len(rows), k * BATCH), len(rows))
    cases = activity.cases
    session.write(Query.UPSERT_CASES, [as_row(c) for c in cases])
    session.write(Query.LINK_RETAILER_CASES, [{"src": c.retailer_id, "dst": c.id} for c in cases])
    session.write(Query.SET_CASE_OWNERS, [{"src": c.id, "dst": c.owner} for c in cases])
    _tell(progress, "cases", len(cases), len(cases))
    session.write(Query.UPSERT_SURVEY_WAVES, [as_row(activity.wave)])
    answers = [as_row(a) for a in activity.answers]
    for part in batches(answers, BATCH):
        session.write(Query.UPSERT_SURVEY_ANSWERS, part)
        session.write(
            Query.LINK_RETAILER_ANSWERS, [{"src": a["retailer_id"], "dst": a["id"]} for a in part]
        )
    _tell(progress, "survey", len(answers), len(answers))


def _tell(progress: Progress | None, stage: str, done: int, total: int) -> None:
    if progress:
        progress(stage, done, total)
