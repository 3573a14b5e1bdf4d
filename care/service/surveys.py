"""Satisfaction surveys (document 003): plan a wave, import its answers, analyse them with
KANO and importance–satisfaction, overall and per class, area or business format.

Whole-city roles plan and import; a team lead or staff member analyses only the answers of
the retailers of its areas; a viewer reads the aggregates like everyone else.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import BinaryIO

from care.importance import Difference, Rating
from care.service.access import AGGREGATE_READERS
from care.survey_analysis import GroupResult, group_result, group_results
from care.survey_items import ITEMS_BY_CODE
from care.survey_plan import Exclusion, Scheduled, Surveyed, plan_wave
from care.survey_rows import Known, map_answer_columns, validate_answers
from graph.care_model import SurveyWave
from graph.errors import Conflict, InvalidInput, NotFound
from graph.principal import AccountRole, Principal
from graph.progress import Progress
from graph.queries import Query
from graph.rows import Row, as_row
from graph.session import Session
from seeds.service.imports import ImportReport
from seeds.tabular import read_table

GROUPINGS = {"class": "service_class", "area": "area", "format": "business_format"}
"""`by` → the answer facts' column that names a retailer's group."""
NO_GROUP = "(none)"
CHUNK = 5000


@dataclass(frozen=True)
class ItemLabel:
    code: str
    zh: str
    en: str
    role: str


@dataclass(frozen=True)
class WavePlan:
    """A planned wave: its items, window, each retailer's day and those left out (with the
    day they are next due); `per_day` and `per_area` count the scheduled retailers."""

    id: str
    name: str
    items: tuple[ItemLabel, ...]
    starts_on: date
    ends_on: date
    scheduled: int
    overdue: int
    per_day: dict[str, int]
    per_area: dict[str, int]
    schedule: tuple[Scheduled, ...]
    excluded: tuple[Exclusion, ...]
    created_at: str
    created_by: str


@dataclass(frozen=True)
class WaveSummary:
    """A wave, planned (with its window) or known only from imported answers."""

    id: str
    name: str
    planned: bool
    starts_on: date | None
    ends_on: date | None
    items: tuple[str, ...]
    scheduled: int
    answers: int
    retailers: int
    first_answer_on: date | None
    last_answer_on: date | None


@dataclass(frozen=True)
class SurveyAnalysis:
    """A wave's results: overall, per group of `by` (class, area or format) with each group's
    cut lines, and per item whether the groups differ significantly (p < 0.05)."""

    wave: str
    by: str | None
    answers: int
    retailers: int
    overall: GroupResult
    groups: tuple[GroupResult, ...]
    differences: tuple[Difference, ...]


def labels(codes: Sequence[str]) -> tuple[ItemLabel, ...]:
    return tuple(
        ItemLabel(c, ITEMS_BY_CODE[c].zh, ITEMS_BY_CODE[c].en, ITEMS_BY_CODE[c].role.value)
        for c in codes
    )


def _as_date(value: object) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _planned_dates(wave_rows: Sequence[Row], skip: str) -> dict[str, date]:
    """Each retailer's latest day in the planned waves other than `skip`."""
    out: dict[str, date] = {}
    for w in wave_rows:
        if w["id"] == skip:
            continue
        for retailer, day in json.loads(str(w["schedule"] or "{}")).items():
            d = date.fromisoformat(day)
            out[retailer] = max(d, out.get(retailer, d))
    return out


def plan_survey(
    session: Session,
    principal: Principal,
    *,
    start: date,
    days: int = 30,
    items: Sequence[str] | None = None,
    name: str = "",
    now: datetime,
) -> WavePlan:
    """Plan a wave from `start` over `days` days (see `care.survey_plan.plan_wave`): a
    retailer's last survey is its latest answer or its day in another planned wave. The wave
    (id ``W<start>``) replaces one planned for the same day unless that has answers."""
    principal.require(AccountRole.PLANNER, AccountRole.SUPERVISOR, to="plan surveys")
    if len(name) > 100:
        raise InvalidInput("a wave's name has at most 100 characters")
    wave_id = f"W{start.isoformat()}"
    answered = {str(r["wave"]) for r in session.read(Query.SURVEY_ANSWER_WAVES)}
    if wave_id in answered:
        raise Conflict(f"wave {wave_id} already has answers: plan another start day")
    planned = _planned_dates(session.read(Query.ALL_SURVEY_WAVES), wave_id)
    retailers = []
    for r in session.read(Query.SURVEY_LAST_ANSWERS):
        rid = str(r["retailer"])
        lasts = [d for d in (_as_date(r["last_on"]), planned.get(rid)) if d]
        area = str(r["area"]) if r["area"] else None
        retailers.append(Surveyed(rid, area, max(lasts) if lasts else None))
    plan = plan_wave(retailers, start=start, days=days, items=items)
    stamp, by = now.isoformat(timespec="minutes"), principal.staff or principal.user
    record = SurveyWave(
        wave_id,
        name.strip() or f"满意度调查 satisfaction survey {start.isoformat()}",
        json.dumps(list(plan.items)),
        plan.starts_on,
        plan.ends_on,
        json.dumps({s.retailer: s.day.isoformat() for s in plan.schedule}),
        stamp,
        by,
    )
    with session.transaction():
        session.write(Query.UPSERT_SURVEY_WAVES, [as_row(record)])
    per_day = Counter(s.day.isoformat() for s in plan.schedule)
    per_area = Counter(s.area or NO_GROUP for s in plan.schedule)
    return WavePlan(
        wave_id,
        record.name,
        labels(plan.items),
        plan.starts_on,
        plan.ends_on,
        len(plan.schedule),
        sum(s.overdue for s in plan.schedule),
        dict(sorted(per_day.items())),
        dict(sorted(per_area.items())),
        plan.schedule,
        plan.excluded,
        stamp,
        by,
    )


def _latest_planned(session: Session) -> str | None:
    rows = session.read(Query.ALL_SURVEY_WAVES)
    return str(max(rows, key=lambda w: (str(w["starts_on"]), str(w["id"])))["id"]) if rows else None


def import_answers(
    session: Session,
    principal: Principal,
    content: bytes | BinaryIO,
    filename: str,
    *,
    wave: str | None = None,
    now: datetime,
    progress: Progress | None = None,
) -> ImportReport:
    """Create or update survey answers from CSV or Excel content, all valid rows in one
    transaction. Rows without a wave belong to `wave`, else to the latest planned wave; an
    item must be one the row's wave asks (any default item for a wave not planned)."""
    principal.require(AccountRole.PLANNER, AccountRole.SUPERVISOR, to="import survey answers")
    table = read_table(content, filename=filename)
    column = map_answer_columns(table.header)[0].get("retailer")
    ids = sorted({c for c in table.cells(column) if c})
    retailers = frozenset(str(r["key"]) for r in session.read(Query.RETAILER_KEYS, ids=ids))
    wave_items = {
        str(w["id"]): frozenset(json.loads(str(w["items"])))
        for w in session.read(Query.ALL_SURVEY_WAVES)
    }
    known = Known(
        retailers,
        frozenset(ITEMS_BY_CODE),
        wave_items,
        wave or _latest_planned(session),
        now.date(),
    )
    rows = validate_answers(table, known)
    held = {
        str(r["id"]) for r in session.read(Query.SURVEY_ANSWERS, keys=[a.id for a in rows.answers])
    }
    with session.transaction():
        for first in range(0, len(rows.answers), CHUNK):
            part = rows.answers[first : first + CHUNK]
            session.write(Query.UPSERT_SURVEY_ANSWERS, [as_row(a) for a in part])
            session.write(
                Query.LINK_RETAILER_ANSWERS, [{"src": a.retailer_id, "dst": a.id} for a in part]
            )
            if progress:
                progress("answers", first + len(part), len(rows.answers))
    created = sum(1 for a in rows.answers if a.id not in held)
    return ImportReport(
        filename,
        rows.rows,
        created,
        len(rows.answers) - created,
        tuple(rows.errors),
        rows.ignored,
    )


def latest_wave(session: Session) -> str:
    """The wave whose answers are the most recent."""
    rows = session.read(Query.SURVEY_ANSWER_WAVES)
    if not rows:
        raise NotFound("no survey answers yet: import a wave's answers first")
    return str(max(rows, key=lambda w: (str(w["last_on"]), str(w["wave"])))["wave"])


def answer_facts(session: Session, principal: Principal, wave: str | None) -> tuple[str, list[Row]]:
    """The wave (the latest when None) and its answers in the principal's scope, each with
    its retailer's class, area and format."""
    name = wave or latest_wave(session)
    rows = session.read(Query.SURVEY_ANSWER_FACTS, wave=name)
    if not rows and wave not in {str(r["wave"]) for r in session.read(Query.SURVEY_ANSWER_WAVES)}:
        raise NotFound(f"survey wave {wave} has no answers")
    in_scope = [r for r in rows if principal.sees_area(str(r["area"]) if r["area"] else None)]
    return name, in_scope


def rating(row: Row) -> Rating:
    """One answer row as the engines' `Rating`."""
    return Rating(
        str(row["item"]),
        int(row["importance"]),
        int(row["satisfaction"]),
        int(row["kano_functional"]),
        int(row["kano_dysfunctional"]),
        str(row["retailer"]),
    )


def by_group(rows: Sequence[Row], column: str) -> dict[str, list[Rating]]:
    """The rows' ratings per value of `column` (empty: `NO_GROUP`)."""
    out: dict[str, list[Rating]] = defaultdict(list)
    for r in rows:
        out[str(r[column] or NO_GROUP)].append(rating(r))
    return dict(out)


def analyse_survey(
    session: Session, principal: Principal, *, wave: str | None = None, by: str | None = None
) -> SurveyAnalysis:
    """KANO and I-S per item of `wave` (the latest when None), overall and, with `by`
    (``class``, ``area`` or ``format``), per group with the significant differences."""
    principal.require(*AGGREGATE_READERS, to="read survey results")
    if by is not None and by not in GROUPINGS:
        raise InvalidInput(f"--by {by!r}: use {', '.join(GROUPINGS)}")
    name, rows = answer_facts(session, principal, wave)
    ratings = [rating(r) for r in rows]
    groups, found = group_results(by_group(rows, GROUPINGS[by])) if by else ((), ())
    return SurveyAnalysis(
        name,
        by,
        len(ratings),
        len({r.retailer for r in ratings}),
        group_result("all", ratings),
        groups,
        found,
    )


def waves(session: Session, principal: Principal) -> tuple[WaveSummary, ...]:
    """Every planned wave and every wave with answers, the newest first."""
    principal.require(*AGGREGATE_READERS, to="read survey waves")
    answered = {str(r["wave"]): r for r in session.read(Query.SURVEY_ANSWER_WAVES)}
    planned = {str(w["id"]): w for w in session.read(Query.ALL_SURVEY_WAVES)}
    out = []
    for wid in set(answered) | set(planned):
        w, a = planned.get(wid), answered.get(wid)
        out.append(
            WaveSummary(
                wid,
                str(w["name"]) if w else wid,
                w is not None,
                _as_date(w["starts_on"]) if w else None,
                _as_date(w["ends_on"]) if w else None,
                tuple(json.loads(str(w["items"]))) if w else (),
                len(json.loads(str(w["schedule"] or "{}"))) if w else 0,
                int(a["answers"]) if a else 0,
                int(a["retailers"]) if a else 0,
                _as_date(a["first_on"]) if a else None,
                _as_date(a["last_on"]) if a else None,
            )
        )
    out.sort(key=lambda s: (str(s.starts_on or s.first_answer_on or ""), s.id), reverse=True)
    return tuple(out)
