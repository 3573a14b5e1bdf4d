"""The clock sweep (warnings and breaches raised once, to the owner and the area lead; each
breach an action on the area's team) and the alerts a principal receives."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from care.cases import CaseParams, CaseStatus, alerts_due, stamp
from care.service.case_store import Raised, all_cases, raise_due
from care.service.cases import CALENDAR, PARAMS
from graph.care_model import Action, Alert
from graph.page import Page, PageRequest, paginate
from graph.principal import AccountRole, Principal
from graph.queries import Query
from graph.service.scope import AREA_READERS
from graph.session import Session

SWEEPERS = (AccountRole.SUPERVISOR,)


@dataclass(frozen=True)
class SweepReport:
    """One sweep: when, how many open cases it checked, the alerts and actions it raised."""

    at: str
    open_cases: int
    alerts: tuple[Alert, ...]
    actions: tuple[Action, ...]


def sweep_clocks(
    session: Session, principal: Principal, *, now: datetime, params: CaseParams = PARAMS
) -> SweepReport:
    """Raise every alert the open cases' clocks have come to by `now` (each once); writes
    only when something is due."""
    principal.require(*SWEEPERS, to="sweep the case clocks")
    open_cases = [s for s in all_cases(session) if s.case.status != CaseStatus.CLOSED]
    raised = frozenset(str(r["id"]) for r in session.read(Query.OPEN_CASE_ALERTS))
    due = [s for s in open_cases if alerts_due(s.case, now, CALENDAR, raised, params.warning_share)]
    done = Raised((), ())
    if due:
        with session.transaction():
            done = raise_due(session, due, raised, now=now, calendar=CALENDAR, params=params)
    return SweepReport(stamp(now), len(open_cases), done.alerts, done.actions)


def alerts_for(session: Session, principal: Principal, *, page: PageRequest) -> Page[Alert]:
    """Alerts addressed to the principal (a team lead: also those of its areas; a supervisor
    or an administrator: all), newest first."""
    principal.require(*AREA_READERS, to="read case alerts")
    alerts = [Alert(**{**r, "area": r.get("area") or ""}) for r in session.read(Query.ALL_ALERTS)]
    mine = [a for a in alerts if _addressed(principal, a)]
    mine.sort(key=lambda a: (a.raised_at, a.id), reverse=True)
    return paginate(mine, page)


def _addressed(principal: Principal, alert: Alert) -> bool:
    if principal.role in (AccountRole.ADMIN, AccountRole.SUPERVISOR):
        return True
    if principal.role is AccountRole.TEAM_LEAD and principal.sees_area(alert.area or None):
        return True
    return principal.staff is not None and principal.staff in alert.recipients.split(",")
