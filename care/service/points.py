"""Process-incentive scores (document 001): the four roles who serve a shop score it each
month, entered one by one or imported; the raters' report; a retailer's points for its card.

Scope: a staff account scores as itself in its own role, only shops it serves (a manager the
shops it manages, an agent those it calls, a driver or inspector the shops of its areas); a
team lead on behalf of a member of its areas' team; a supervisor or administrator on behalf
of anyone who serves the shop. The scorer must always serve the shop in its role.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import BinaryIO

from care.points import AreaTeam, RaterReport, Scored, rater_report
from care.score_rows import ScoreRow, validate_scores
from classification.params import ClassParams
from classification.points import (
    ScoreRecord,
    incentive_score,
    monthly_points,
    points_class,
    weighted,
)
from graph.cycle import history_months
from graph.errors import Forbidden, InvalidInput, NotFound, RowError
from graph.model import IncentiveScore, Role
from graph.principal import AccountRole, Principal
from graph.queries import Query
from graph.rows import Row, as_row
from graph.service.scope import AREA_READERS, outside, require_retailer
from graph.session import Session
from seeds.service.imports import ImportReport
from seeds.tabular import TableFormat, read_table

SCORERS = (AccountRole.STAFF, AccountRole.TEAM_LEAD, AccountRole.SUPERVISOR)
"""Accounts that enter scores (the administrator always may)."""


@dataclass(frozen=True)
class RoleScore:
    """One role's score of a month: the four criteria and the weighted points."""

    role: str
    staff_id: str
    law_abiding: float
    cooperation: float
    constructive: float
    growth: float
    points: float


@dataclass(frozen=True)
class MonthPoints:
    """A month's points (mean over the roles who scored) and the scores behind them."""

    month: str
    points: float | None
    scores: tuple[RoleScore, ...]


@dataclass(frozen=True)
class RoleTotal:
    """One role's months scored, total and mean of its weighted scores over the months."""

    role: str
    months: int
    total: float
    mean: float | None


@dataclass(frozen=True)
class RetailerPoints:
    """A retailer's points for its card: every month shown, the accumulated points of the
    classification window with the class they give, the total over all months and per role."""

    retailer_id: str
    months: tuple[MonthPoints, ...]
    window: tuple[str, ...]
    accumulated: float
    points_class: str
    special_from: float
    key_from: float
    total: float
    roles: tuple[RoleTotal, ...]


@dataclass(frozen=True)
class PointsReport:
    """The raters' report of `month` in scope (`area`: one area, or None for all in scope)."""

    area: str | None
    report: RaterReport


def _month(text: str) -> str:
    try:
        date.fromisoformat(text[:7] + "-01")
    except ValueError:
        raise InvalidInput(f"{text!r} is not a month (YYYY-MM)") from None
    if len(text) != 7:
        raise InvalidInput(f"{text!r} is not a month (YYYY-MM)")
    return text


def _scorers(session: Session, ids: Sequence[str]) -> dict[str, list[Row]]:
    """Each retailer's team members with their role and whether they are its manager/agent."""
    out: dict[str, list[Row]] = defaultdict(list)
    for r in session.read(Query.POINTS_SCORERS, ids=sorted(set(ids))):
        out[str(r["retailer_id"])].append(r)
    return out


def _serves(member: Row) -> bool:
    """Whether a team member serves the shop in its role (MANAGED_BY, CALLED_BY, SERVES)."""
    role = str(member["role"])
    if role == Role.MANAGER:
        return bool(member["own_manager"])
    if role == Role.AGENT:
        return bool(member["own_agent"])
    return True


def _scorer(principal: Principal, retailer_id: str, team: list[Row], staff: str | None) -> Row:
    """The team member who scores the shop for `principal`; raises Forbidden outside scope."""
    area = str(team[0]["area"]) if team else None
    if not principal.sees_area(area):
        raise outside(principal, f"retailer {retailer_id}")
    if principal.role is AccountRole.STAFF:
        if staff not in (None, principal.staff):
            raise Forbidden(f"{principal.user} scores as itself, not on behalf of {staff}")
        who = principal.staff
    else:
        who = staff or principal.staff
    if who is None:
        raise InvalidInput("name the staff member who scores (staff)")
    member = next((m for m in team if m["staff_id"] == who and _serves(m)), None)
    if member is None:
        raise Forbidden(f"{who} does not serve retailer {retailer_id} in its role")
    return member


def _values(law: float, coop: float, constructive: float, growth: float) -> tuple[float, ...]:
    values = (law, coop, constructive, growth)
    if not all(0 <= v <= 100 for v in values):
        raise InvalidInput(f"scores must be 0–100, not {values}")
    return tuple(float(v) for v in values)


def _write(session: Session, scores: Sequence[IncentiveScore]) -> None:
    with session.transaction():
        session.write(Query.UPSERT_INCENTIVE_SCORES, [as_row(s) for s in scores])
        session.write(
            Query.LINK_RETAILER_SCORES, [{"src": s.retailer_id, "dst": s.id} for s in scores]
        )


def _record(retailer_id: str, member: Row, month: str, values: Sequence[float]) -> IncentiveScore:
    role = Role(str(member["role"]))
    return incentive_score(retailer_id, str(member["staff_id"]), role, month, values)


def _not_future(month: str, now: datetime) -> None:
    if month > now.strftime("%Y-%m"):
        raise InvalidInput(f"month {month} has not begun")


def submit_score(
    session: Session,
    principal: Principal,
    retailer_id: str,
    month: str,
    law_abiding: float,
    cooperation: float,
    constructive: float,
    growth: float,
    *,
    staff: str | None = None,
    now: datetime,
) -> IncentiveScore:
    """Store one role's score (0–100 per criterion) of a shop for `month` (YYYY-MM, not
    after `now`); a second score of the same shop, role and month replaces the first."""
    principal.require(*SCORERS, to="score retailers")
    _month(month)
    values = _values(law_abiding, cooperation, constructive, growth)
    team = _scorers(session, [retailer_id]).get(retailer_id, [])
    if not team:
        require_retailer(session, principal, retailer_id)  # NotFound / Forbidden
        raise InvalidInput(f"retailer {retailer_id} has no area team to score it")
    member = _scorer(principal, retailer_id, team, staff)
    _not_future(month, now)
    record = _record(retailer_id, member, month, values)
    _write(session, [record])
    return record


def _row_record(
    principal: Principal, row: ScoreRow, team: list[Row], now: datetime
) -> IncentiveScore | RowError:
    try:
        if not team and principal.areas is not None:
            raise outside(principal, f"retailer {row.retailer_id}")
        if not team:
            raise NotFound(f"retailer {row.retailer_id} not found or in no area")
        _not_future(row.month, now)
        member = _scorer(principal, row.retailer_id, team, row.staff_id)
    except (Forbidden, InvalidInput, NotFound) as exc:
        return RowError(row.line, row.column, exc.message)
    return _record(row.retailer_id, member, row.month, row.values)


def import_scores(
    session: Session,
    principal: Principal,
    content: bytes | BinaryIO,
    filename: str,
    *,
    fmt: TableFormat | None = None,
    now: datetime,
) -> ImportReport:
    """Scores from CSV or Excel (retailer, staff, month and the four criteria; Chinese headers
    too): every row answered, scope checked per row, all valid rows in one transaction."""
    principal.require(*SCORERS, to="import scores")
    table = read_table(content, filename=filename, fmt=fmt)
    rows, errors, ignored = validate_scores(table)
    teams = _scorers(session, [r.retailer_id for r in rows])
    records: dict[str, IncentiveScore] = {}
    for row in rows:
        out = _row_record(principal, row, teams.get(row.retailer_id, []), now)
        if isinstance(out, RowError):
            errors.append(out)
        else:
            records[out.id] = out  # a later row of the same shop, role and month wins
    held = session.read(Query.INCENTIVE_SCORES, keys=sorted(records)) if records else []
    existing = {str(r["id"]) for r in held}
    _write(session, list(records.values()))
    created = sum(1 for k in records if k not in existing)
    return ImportReport(
        filename,
        table.read,
        created,
        len(records) - created,
        tuple(sorted(errors, key=lambda e: e.line)),
        ignored,
    )


def _scored(row: Row) -> Scored:
    return Scored(
        str(row["retailer_id"]),
        str(row["area"] or ""),
        str(row["staff_id"]),
        str(row["role"]),
        str(row["month"]),
        float(row["law_abiding"]),
        float(row["cooperation"]),
        float(row["constructive"]),
        float(row["growth"]),
    )


def _latest(session: Session) -> str:
    """The latest month any score is stored for ('' when none is)."""
    rows = session.read(Query.POINTS_LATEST_MONTH)
    return str(rows[0]["month"] or "") if rows else ""


def points_report(
    session: Session,
    principal: Principal,
    *,
    month: str | None = None,
    area: str | None = None,
    params: ClassParams | None = None,
) -> PointsReport:
    """Completeness of `month` (default: the latest scored) per area and role, and each
    rater's bias over the points window ending with that month, in the principal's areas."""
    principal.require(*AREA_READERS, to="read the scoring report")
    p = params or ClassParams()
    if area is not None:
        principal.require_area(area, f"area {area}")
    month = _month(month) if month else _latest(session)
    if not month:
        raise NotFound("no incentive scores are stored")
    window = history_months(month, p.points_window_months)

    def keep(code: str | None) -> bool:
        return principal.sees_area(code) and (area is None or code == area)

    scores = [_scored(r) for r in session.read(Query.POINTS_SCORES, months=window)]
    teams = [
        AreaTeam(str(t["area"]), int(t["retailers"]), tuple(str(x) for x in t["roles"]))
        for t in session.read(Query.POINTS_AREA_TEAMS)
        if keep(str(t["area"]))
    ]
    if area is not None and not teams:
        raise NotFound(f"area {area} not found")
    mine = [s for s in scores if keep(s.area or None)]
    return PointsReport(area, rater_report(mine, teams, month, weights=p.points_weights))


def _role_totals(months: Mapping[str, list[RoleScore]]) -> tuple[RoleTotal, ...]:
    out = []
    for role in ("manager", "agent", "driver", "inspector"):
        points = [s.points for scores in months.values() for s in scores if s.role == role]
        total = round(sum(points), 2)
        mean = round(total / len(points), 2) if points else None
        out.append(RoleTotal(role, len(points), total, mean))
    return tuple(out)


def retailer_points(
    session: Session,
    principal: Principal,
    retailer_id: str,
    *,
    months: int = 12,
    params: ClassParams | None = None,
) -> RetailerPoints:
    """The last `months` months of a retailer's scores (ending with the latest scored month
    of the store), its accumulated points over the classification window and their class."""
    require_retailer(session, principal, retailer_id)
    if not 1 <= months <= 60:
        raise InvalidInput(f"months must be 1–60, not {months}")
    p = params or ClassParams()
    last = _latest(session)
    shown = history_months(last, months) if last else []
    rows = session.read(Query.RETAILER_SCORES, id=retailer_id, months=shown)
    records = [
        ScoreRecord(
            str(r["role"]),
            str(r["month"]),
            float(r["law_abiding"]),
            float(r["cooperation"]),
            float(r["constructive"]),
            float(r["growth"]),
        )
        for r in rows
    ]
    by_month: dict[str, list[RoleScore]] = defaultdict(list)
    for r, rec in zip(rows, records):
        by_month[rec.month].append(
            RoleScore(
                rec.role,
                str(r["staff_id"]),
                rec.law_abiding,
                rec.cooperation,
                rec.constructive,
                rec.growth,
                weighted(rec, p.points_weights),
            )
        )
    monthly = monthly_points(records, p.points_weights)
    window = tuple(shown[-p.points_window_months :])
    accumulated = round(sum(v for m, v in monthly.items() if m in window), 2)
    return RetailerPoints(
        retailer_id,
        tuple(MonthPoints(m, monthly.get(m), tuple(by_month.get(m, []))) for m in shown),
        window,
        accumulated,
        points_class(accumulated, p),
        p.points_special * p.points_window_months,
        p.points_key * p.points_window_months,
        round(sum(monthly.values()), 2),
        _role_totals(by_month),
    )
