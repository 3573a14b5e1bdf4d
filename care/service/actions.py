"""What area teams owe (issue 23 item 6): every survey item an area's retailers rate as
under-served (important, and less satisfying than the area's average) becomes an action on
that area's team, owned by the item's role; breached cases' actions (kind ``breach``) are
written by the case service and listed here with them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from care.importance import Quadrant
from care.service.surveys import answer_facts, by_group
from care.survey_analysis import group_result
from graph.care_model import Action
from graph.errors import Forbidden, InvalidInput, NotFound
from graph.page import Page, PageRequest, paginate
from graph.principal import AccountRole, Principal
from graph.queries import Query
from graph.rows import Row, as_row
from graph.service.scope import AREA_READERS
from graph.session import Session

STATUSES = ("open", "done")
UNDER_SERVICE = "under_service"


@dataclass(frozen=True)
class DerivedActions:
    """The under-service actions of a wave: all of them, and how many were new."""

    wave: str
    areas: int
    created: int
    kept: int
    actions: tuple[Action, ...]


def _action(row: Row) -> Action:
    return Action(**{k: row[k] for k in Action.__dataclass_fields__ if k in row})


def derive_actions(
    session: Session, principal: Principal, *, wave: str | None = None, now: datetime
) -> DerivedActions:
    """An action ``under:<wave>:<area>:<item>`` for every under-service item of every area
    in scope (I-S with the area's own cut lines). An action derived before keeps its status
    and creation time."""
    principal.require(
        AccountRole.PLANNER, AccountRole.SUPERVISOR, AccountRole.TEAM_LEAD, to="derive actions"
    )
    name, rows = answer_facts(session, principal, wave)
    groups = by_group([r for r in rows if r["area"]], "area")
    stamp = now.isoformat(timespec="minutes")
    actions = []
    for area in sorted(groups):
        table = group_result(area, groups[area])
        for it in table.items:
            if it.quadrant != Quadrant.UNDER_SERVICE:
                continue
            text_zh = (
                f"片区 {area}「{it.item_zh}」服务不足：重要度 {it.importance:.2f}"
                f"（均值 {table.importance_cut:.2f}），满意度 {it.satisfaction:.2f}"
                f"（均值 {table.satisfaction_cut:.2f}），请改进。"
            )
            text_en = (
                f"Area {area} under-serves '{it.item_en}': importance {it.importance:.2f} "
                f"(mean {table.importance_cut:.2f}), satisfaction {it.satisfaction:.2f} "
                f"(mean {table.satisfaction_cut:.2f}); improve it."
            )
            actions.append(
                Action(
                    f"under:{name}:{area}:{it.item}",
                    area,
                    UNDER_SERVICE,
                    it.role,
                    it.item,
                    text_zh,
                    text_en,
                    stamp,
                )
            )
    held = {str(r["id"]): r for r in session.read(Query.ACTIONS, keys=[a.id for a in actions])}
    actions = [
        replace(a, status=str(held[a.id]["status"]), created_at=str(held[a.id]["created_at"]))
        if a.id in held
        else a
        for a in actions
    ]
    with session.transaction():
        session.write(Query.UPSERT_ACTIONS, [as_row(a) for a in actions])
        session.write(Query.LINK_AREA_ACTIONS, [{"src": a.area, "dst": a.id} for a in actions])
    kept = sum(a.id in held for a in actions)
    return DerivedActions(name, len(groups), len(actions) - kept, kept, tuple(actions))


def list_actions(
    session: Session,
    principal: Principal,
    *,
    area: str | None = None,
    status: str | None = None,
    page: PageRequest | None = None,
) -> Page[Action]:
    """The actions of the areas in scope (of `area` only, when given), open ones first."""
    principal.require(*AREA_READERS, to="read area actions")
    if status is not None and status not in STATUSES:
        raise InvalidInput(f"status {status!r}: use {', '.join(STATUSES)}")
    if area is not None:
        principal.require_area(area, f"area {area}")
    found = [
        _action(r)
        for r in session.read(Query.ALL_ACTIONS)
        if principal.sees_area(str(r["area"]))
        and (area is None or r["area"] == area)
        and (status is None or r["status"] == status)
    ]
    found.sort(key=lambda a: (a.status != "open", a.area, a.kind, a.id))
    return paginate(found, page or PageRequest())


def complete_action(session: Session, principal: Principal, action_id: str) -> Action:
    """Mark an action done: its area's team lead, a supervisor or an administrator."""
    principal.require(AccountRole.SUPERVISOR, AccountRole.TEAM_LEAD, to="complete actions")
    rows = session.read(Query.ACTIONS, keys=[action_id])
    if not rows or not principal.sees_area(str(rows[0]["area"])):
        if principal.areas is None:
            raise NotFound(f"action {action_id} not found")
        raise Forbidden(f"action {action_id} is not in the areas of {principal.user}")
    done = replace(_action(rows[0]), status="done")
    with session.transaction():
        session.write(Query.UPSERT_ACTIONS, [as_row(done)])
    return done
