"""The share of cases within target, for a period, over the cases in scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from care import cases as engine
from care.case_report import CaseReport, ReportCase
from care.case_report import case_report as build_report
from care.cases import CaseParams
from care.service.case_store import all_cases
from care.service.cases import CALENDAR, PARAMS
from graph.errors import InvalidInput
from graph.principal import AccountRole, Principal
from graph.session import Session

REPORT_DAYS = 90
"""The report's default period: this many days up to today."""
REPORT_READERS = (
    AccountRole.PLANNER,
    AccountRole.DISPATCHER,
    AccountRole.SUPERVISOR,
    AccountRole.TEAM_LEAD,
    AccountRole.VIEWER,
)


@dataclass(frozen=True)
class PeriodCaseReport:
    """The share of cases within target among those opened from `since` to `until`."""

    since: date
    until: date
    as_of: str
    report: CaseReport


def report_period(since: date | None, until: date | None, today: date) -> tuple[date, date]:
    """The report's period: the two days in order, by default the `REPORT_DAYS` up to today.

    >>> report_period(None, date(2026, 12, 31), date(2026, 12, 3))
    (datetime.date(2026, 10, 2), datetime.date(2026, 12, 31))
    >>> report_period(date(2026, 12, 2), date(2026, 12, 1), date(2026, 12, 3))
    (datetime.date(2026, 12, 1), datetime.date(2026, 12, 2))
    """
    last = until or today
    first = since or last - timedelta(days=min(REPORT_DAYS, last.toordinal() - 1))
    return min(first, last), max(first, last)


def case_report(
    session: Session,
    principal: Principal,
    *,
    since: date,
    until: date,
    now: datetime,
    params: CaseParams = PARAMS,
) -> PeriodCaseReport:
    """The share within target of the cases in scope opened from `since` to `until`, by
    area, owner role, key account and class; clocks as of `now`."""
    principal.require(*REPORT_READERS, to="read the case report")
    if until < since:
        raise InvalidInput(f"the period ends ({until}) before it starts ({since})")
    rows = []
    for stored in all_cases(session):
        opened = engine.parse_at(stored.case.opened_at).date()
        if since <= opened <= until and principal.sees_area(stored.area):
            first, resolution = engine.clock_states(
                stored.case, now, CALENDAR, params.warning_share
            )
            rows.append(
                ReportCase(
                    stored.area or "",
                    stored.case.owner_role,
                    stored.case.key_account,
                    stored.service_class,
                    first.state,
                    resolution.state,
                )
            )
    return PeriodCaseReport(since, until, engine.stamp(now), build_report(rows))
