"""Change requests: the queue in scope and a supervisor's decision."""

from __future__ import annotations

from datetime import datetime

from graph.edits import Decision, decide, get_request
from graph.governance import Actor
from graph.model import ChangeRequest
from graph.page import Page, PageRequest, paginate
from graph.principal import AccountRole, Principal
from graph.queries import Query
from graph.service.edits import editor_of
from graph.service.scope import RECORD_READERS, sees_retailer
from graph.session import Session


def pending_requests(
    session: Session, principal: Principal, page: PageRequest
) -> Page[ChangeRequest]:
    """Pending change requests of the retailers in scope, oldest first (a retailer: its own)."""
    principal.require(*RECORD_READERS, to="read change requests")
    rows = session.read(Query.PENDING_CHANGE_REQUESTS)
    visible = [
        ChangeRequest(**{k: v for k, v in r.items() if k != "area"})
        for r in rows
        if sees_retailer(principal, str(r["retailer_id"]), r["area"])
    ]
    return paginate(visible, page)


def decide_request(
    session: Session,
    principal: Principal,
    request_id: str,
    *,
    approve: bool,
    note: str = "",
    now: datetime,
) -> Decision:
    """Approve (the change applies and is audited) or reject a pending request; only a
    supervisor (or an administrator) decides, and is recorded as the decider."""
    principal.require(AccountRole.SUPERVISOR, to="decide change requests")
    request = get_request(session, request_id)
    return decide(
        session,
        request,
        editor_of(principal, Actor.SUPERVISOR),
        approve=approve,
        note=note,
        now=now,
    )
