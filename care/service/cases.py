"""Complaints and requests: opened for a retailer through any channel, owned by the role its
category concerns, answered, paused, closed with a care record, listed with their clocks and
reported as the share within target (`care.service.case_report`).

Who may: open a case, the staff and team lead of the shop's area, a supervisor, an
administrator, or the retailer itself; act on one, its owner, the area's team lead, a
supervisor or an administrator; read them, every record reader in scope.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from care import cases as engine
from care.cases import CaseParams, ClockState
from care.clock import WorkCalendar
from care.service.case_store import (
    StoredCase,
    all_cases,
    case_alert_ids,
    load_case,
    raise_due,
    save_case,
)
from graph.care_model import Case
from graph.errors import Conflict, Forbidden, InvalidInput, NotFound
from graph.model import Role
from graph.page import Page, PageRequest, paginate
from graph.principal import WHOLE_CITY, AccountRole, Principal
from graph.queries import Query
from graph.service.scope import RECORD_READERS, outside, sees_retailer
from graph.session import Session

CALENDAR = WorkCalendar()
PARAMS = CaseParams()
OPENERS = (AccountRole.STAFF, AccountRole.TEAM_LEAD, AccountRole.SUPERVISOR, AccountRole.RETAILER)


@dataclass(frozen=True)
class CaseEvent:
    """One step of a case's history."""

    at: str
    by: str
    what: str
    note: str


@dataclass(frozen=True)
class CaseView:
    """A case with its area, its retailer's class, both clocks as of `as_of` and its
    history."""

    case: Case
    area: str | None
    service_class: str
    as_of: str
    first_response: ClockState
    resolution: ClockState
    history: tuple[CaseEvent, ...]


def open_case(
    session: Session,
    principal: Principal,
    retailer_id: str,
    kind: str,
    channel: str,
    category: str,
    text: str,
    *,
    owner: str | None = None,
    now: datetime,
    params: CaseParams = PARAMS,
) -> CaseView:
    """Open a case for the retailer, owned by `owner` or by whom the category concerns: the
    shop's manager or agent, else the first of that role in its area's team."""
    principal.require(*OPENERS, to="open cases")
    team = session.read(Query.RETAILER_TEAM, id=retailer_id)
    area = str(team[0]["area"]) if team else None
    retailer = session.read(Query.RETAILERS, keys=[retailer_id])
    if not retailer or not _may_open(principal, retailer_id, area):
        if not retailer and principal.areas is None:
            raise NotFound(f"retailer {retailer_id} not found")
        raise outside(principal, f"retailer {retailer_id}")
    if owner is not None and principal.role is AccountRole.RETAILER:
        raise Forbidden(f"{principal.user} (retailer) may not choose who owns its case")
    role = params.owner_role(category)
    owner, owner_role = _owner(session, team, role, owner)
    with session.transaction():
        case = engine.new_case(
            params,
            id=_next_id(session),
            retailer_id=retailer_id,
            kind=kind,
            channel=channel,
            category=category,
            text=text,
            key_account=bool(retailer[0].get("key_account")),
            owner=owner,
            owner_role=owner_role,
            by=principal.user,
            now=now,
        )
        save_case(session, case)
        session.write(Query.LINK_RETAILER_CASES, [{"src": retailer_id, "dst": case.id}])
        session.write(Query.SET_CASE_OWNERS, [{"src": case.id, "dst": owner}])
    service_class = str(retailer[0].get("service_class") or "")
    return view_of(StoredCase(case, area, service_class), now, params)


def respond_case(
    session: Session,
    principal: Principal,
    case_id: str,
    *,
    text: str,
    now: datetime,
    params: CaseParams = PARAMS,
) -> CaseView:
    """Record the first response."""
    step = partial(engine.respond, text=text, by=principal.user, now=now)
    return _act(session, principal, case_id, step, now=now, params=params)


def pause_case(
    session: Session,
    principal: Principal,
    case_id: str,
    *,
    note: str = "",
    now: datetime,
    params: CaseParams = PARAMS,
) -> CaseView:
    """Stop the clocks while waiting on the retailer."""
    step = partial(engine.pause, by=principal.user, now=now, note=note)
    return _act(session, principal, case_id, step, now=now, params=params)


def resume_case(
    session: Session,
    principal: Principal,
    case_id: str,
    *,
    note: str = "",
    now: datetime,
    params: CaseParams = PARAMS,
) -> CaseView:
    """Start the clocks again."""
    step = partial(engine.resume, calendar=CALENDAR, by=principal.user, now=now, note=note)
    return _act(session, principal, case_id, step, now=now, params=params)


def close_case(
    session: Session,
    principal: Principal,
    case_id: str,
    *,
    care_record: str,
    now: datetime,
    params: CaseParams = PARAMS,
) -> CaseView:
    """Close the case with its care record (refused without one)."""
    step = partial(
        engine.close, calendar=CALENDAR, care_record=care_record, by=principal.user, now=now
    )
    return _act(session, principal, case_id, step, now=now, params=params)


def get_case(
    session: Session,
    principal: Principal,
    case_id: str,
    *,
    now: datetime,
    params: CaseParams = PARAMS,
) -> CaseView:
    """One case in scope with its clocks as of `now`."""
    principal.require(*RECORD_READERS, to="read cases")
    stored = _load_visible(session, principal, case_id)
    return view_of(stored, now, params)


def list_cases(
    session: Session,
    principal: Principal,
    *,
    area: str | None = None,
    status: str | None = None,
    retailer: str | None = None,
    page: PageRequest,
    now: datetime,
    params: CaseParams = PARAMS,
) -> Page[CaseView]:
    """The cases in scope, newest first, narrowed to an area, status or retailer."""
    principal.require(*RECORD_READERS, to="read cases")
    if status is not None and status not in set(engine.CaseStatus):
        raise InvalidInput(f"status {status!r}: use {', '.join(engine.CaseStatus)}")
    chosen = [
        s
        for s in reversed(all_cases(session))
        if sees_retailer(principal, s.case.retailer_id, s.area)
        and (area is None or s.area == area)
        and (status is None or s.case.status == status)
        and (retailer is None or s.case.retailer_id == retailer)
    ]
    listed = paginate(chosen, page)
    items = tuple(view_of(s, now, params) for s in listed.items)
    return Page(items, listed.total, listed.offset, listed.limit)


def view_of(stored: StoredCase, now: datetime, params: CaseParams = PARAMS) -> CaseView:
    """A stored case with its clocks as of `now`."""
    first, resolution = engine.clock_states(stored.case, now, CALENDAR, params.warning_share)
    history = tuple(CaseEvent(**e) for e in json.loads(stored.case.events or "[]"))
    return CaseView(
        stored.case,
        stored.area,
        stored.service_class,
        engine.stamp(now),
        first,
        resolution,
        history,
    )


def _act(
    session: Session,
    principal: Principal,
    case_id: str,
    step: Callable[[Case], Case],
    *,
    now: datetime,
    params: CaseParams,
) -> CaseView:
    """Apply a transition: alerts already due are raised first, as of `now`."""
    principal.require(
        AccountRole.STAFF, AccountRole.TEAM_LEAD, AccountRole.SUPERVISOR, to="act on cases"
    )
    with session.transaction():
        stored = _load_visible(session, principal, case_id)
        if not _may_act(principal, stored):
            raise Forbidden(
                f"{principal.user} may not act on case {case_id}: its owner "
                f"{stored.case.owner}, the lead of area {stored.area}, a supervisor or an "
                "administrator may"
            )
        raise_due(
            session,
            [stored],
            case_alert_ids(session, case_id),
            now=now,
            calendar=CALENDAR,
            params=params,
        )
        after = StoredCase(step(stored.case), stored.area, stored.service_class)
        save_case(session, after.case)
    return view_of(after, now, params)


def _load_visible(session: Session, principal: Principal, case_id: str) -> StoredCase:
    try:
        stored = load_case(session, case_id)
    except NotFound:
        if principal.areas is None:
            raise
        raise outside(principal, f"case {case_id}") from None
    if not sees_retailer(principal, stored.case.retailer_id, stored.area):
        raise outside(principal, f"case {case_id}")
    return stored


def _may_open(principal: Principal, retailer_id: str, area: str | None) -> bool:
    if principal.role in (AccountRole.ADMIN, AccountRole.SUPERVISOR):
        return True
    return sees_retailer(principal, retailer_id, area)


def _may_act(principal: Principal, stored: StoredCase) -> bool:
    if principal.role in WHOLE_CITY:
        return True
    if principal.role is AccountRole.TEAM_LEAD:
        return principal.sees_area(stored.area)
    return principal.staff is not None and principal.staff == stored.case.owner


def _owner(
    session: Session, team: list[dict[str, object]], role: Role, owner: str | None
) -> tuple[str, Role]:
    """The given owner (a staff member) with their role, else the one the role names."""
    if owner is not None:
        serving = [r for r in team if r["employee_no"] == owner]
        if not serving:
            raise InvalidInput(f"owner {owner} is not in the team of the shop's area")
        return owner, Role(str(serving[0]["role"]))
    own = {Role.MANAGER: "own_manager", Role.AGENT: "own_agent"}.get(role)
    members = sorted(
        (r for r in team if r["role"] == role.value),
        key=lambda r: (not (own and r[own]), str(r["employee_no"])),
    )
    if not members:
        raise Conflict(f"no {role.value} serves this retailer's area: name the owner")
    return str(members[0]["employee_no"]), role


def _next_id(session: Session) -> str:
    n = int(session.read(Query.CASE_COUNT)[0]["n"]) + 1
    while session.read(Query.CASES, keys=[f"CS{n:06d}"]):
        n += 1
    return f"CS{n:06d}"
