"""Cases in the graph: reading them with their retailer's area, saving them, and raising the
alerts (and, for a breach, the area team's action) a case's clocks have come to."""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from care.cases import CLOCK_LABELS, CaseParams, Deadline, alerts_due, stamp
from care.clock import WorkCalendar
from graph.care_model import Action, Alert, Case
from graph.errors import NotFound
from graph.model import Role
from graph.queries import Query
from graph.repository import retailer_areas
from graph.rows import Row, as_row
from graph.session import Session

CASE_FIELDS = tuple(f.name for f in fields(Case))


@dataclass(frozen=True)
class StoredCase:
    """A case with its retailer's area (None: in no area) and service class."""

    case: Case
    area: str | None
    service_class: str


def case_of(row: Row) -> Case:
    """A case record from a store row (missing optional text as empty)."""
    values: dict[str, Any] = {name: row.get(name) for name in CASE_FIELDS}
    for f in fields(Case):
        if values[f.name] is None and f.default is not None:
            values[f.name] = f.default
    return Case(**values)


def all_cases(session: Session) -> list[StoredCase]:
    """Every case, oldest first."""
    return [
        StoredCase(case_of(r), r["area"], str(r["service_class"] or ""))
        for r in session.read(Query.CASE_LIST)
    ]


def load_case(session: Session, case_id: str) -> StoredCase:
    """One case; `NotFound` when there is none with this id."""
    rows = session.read(Query.CASES, keys=[case_id])
    if not rows:
        raise NotFound(f"case {case_id} not found")
    case = case_of(rows[0])
    area = retailer_areas(session, [case.retailer_id]).get(case.retailer_id)
    retailer = session.read(Query.RETAILERS, keys=[case.retailer_id])
    service_class = str(retailer[0].get("service_class") or "") if retailer else ""
    return StoredCase(case, area, service_class)


def save_case(session: Session, case: Case) -> None:
    session.write(Query.UPSERT_CASES, [as_row(case)])


def area_leads(session: Session) -> dict[str, tuple[str, ...]]:
    """Each area's lead(s) by employee number."""
    leads: dict[str, list[str]] = {}
    for row in session.read(Query.LEAD_EDGES):
        leads.setdefault(str(row["area"]), []).append(str(row["staff"]))
    return {area: tuple(sorted(staff)) for area, staff in leads.items()}


@dataclass(frozen=True)
class Raised:
    """The alerts raised and the breach actions created by one sweep or transition."""

    alerts: tuple[Alert, ...]
    actions: tuple[Action, ...]


def raise_due(
    session: Session,
    cases: Sequence[StoredCase],
    raised: AbstractSet[str],
    *,
    now: datetime,
    calendar: WorkCalendar,
    params: CaseParams,
) -> Raised:
    """Raise every alert the cases' clocks have come to by `now` and not raised yet, to the
    owner and the area lead; each breach also becomes an action on the area's team. Writes
    nothing when nothing is due; call inside a transaction."""
    leads = area_leads(session)
    alerts: list[Alert] = []
    actions: list[Action] = []
    for stored in cases:
        due = alerts_due(stored.case, now, calendar, raised, params.warning_share)
        for deadline in due:
            alerts.append(_alert(stored, deadline, leads, now))
            if deadline.kind == "breach" and stored.area:
                actions.append(_action(stored, deadline, now))
    if alerts:
        session.write(Query.UPSERT_ALERTS, [as_row(a) for a in alerts])
        links = [{"src": a.case_id, "dst": a.id} for a in alerts]
        session.write(Query.LINK_CASE_ALERTS, links)
    if actions:
        session.write(Query.UPSERT_ACTIONS, [as_row(a) for a in actions])
        owes = [{"src": a.area, "dst": a.id} for a in actions]
        session.write(Query.LINK_AREA_ACTIONS, owes)
    return Raised(tuple(alerts), tuple(actions))


def case_alert_ids(session: Session, case_id: str) -> frozenset[str]:
    return frozenset(str(r["id"]) for r in session.read(Query.CASE_ALERTS, id=case_id))


def _alert(
    stored: StoredCase, deadline: Deadline, leads: dict[str, tuple[str, ...]], now: datetime
) -> Alert:
    case = stored.case
    recipients = dict.fromkeys([case.owner, *leads.get(stored.area or "", ())])
    return Alert(
        id=deadline.alert_id(case.id),
        case_id=case.id,
        kind=deadline.kind,
        clock=deadline.clock,
        due_at=stamp(deadline.at),
        raised_at=stamp(now),
        recipients=",".join(r for r in recipients if r),
        area=stored.area or "",
    )


def _action(stored: StoredCase, deadline: Deadline, now: datetime) -> Action:
    case = stored.case
    role = Role(case.owner_role)
    clock_zh, clock_en = CLOCK_LABELS[deadline.clock]
    return Action(
        id=f"breach:{case.id}:{deadline.clock}",
        area=stored.area or "",
        kind="breach",
        role=role.value,
        subject=case.id,
        text_zh=(
            f"工单 {case.id}（{case.category}）{clock_zh}已超时（应于 {stamp(deadline.at)} 前）："
            f"请{role.label_zh}今日内联系零售户 {case.retailer_id}，处理完毕并填写客户关怀记录。"
        ),
        text_en=(
            f"Case {case.id} ({case.category}) breached its {clock_en} target (due "
            f"{stamp(deadline.at)}): the {role.value} contacts retailer {case.retailer_id} "
            "today, resolves it and writes the care record."
        ),
        created_at=stamp(now),
    )
