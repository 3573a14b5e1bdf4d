"""Governed writes of retailer fields: applied changes with their audit entries, change
requests and decisions. Who may make them is checked by `graph.service.edits`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from graph.errors import Conflict, NotFound
from graph.governance import PROPS
from graph.model import AuditEntry, ChangeRequest
from graph.queries import Query
from graph.repository import get_retailer
from graph.rows import Row, as_row
from graph.session import Session
from graph.values import parse_cell


@dataclass(frozen=True)
class Editor:
    """Who makes a change (employee number, user or retailer id) and in what role."""

    by: str
    role: str


@dataclass(frozen=True)
class PlannedEdit:
    field: str
    outcome: str
    """``"apply"`` or ``"request"``."""
    value: object


@dataclass(frozen=True)
class Decision:
    """A decided change request and, when approved, the audit entry of the applied change."""

    request: ChangeRequest
    audit: AuditEntry | None


def cell_text(value: object) -> str:
    """A field's value as the audit trail and change requests keep it.

    >>> cell_text(None), cell_text(datetime(2026, 12, 3).date()), cell_text(4.5)
    ('', '2026-12-03', '4.5')
    """
    return "" if value is None else value.isoformat() if hasattr(value, "isoformat") else str(value)


def audit_entry(
    retailer_id: str, field: str, old: str, new: str, editor: Editor, at: str, source: str
) -> AuditEntry:
    """The audit record of one changed field; `source` is the request or import behind it."""
    return AuditEntry(
        f"AU-{retailer_id}-{field}-{at}",
        retailer_id,
        field,
        old,
        new,
        editor.by,
        editor.role,
        at,
        source,
    )


def _stamp(now: datetime) -> str:
    return now.isoformat(timespec="seconds")


def _unused(base: str, records: Sequence[Row]) -> str:
    """`base`, or `base` with the first free suffix ``-2``, ``-3``… when one of `records` (the
    retailer's audit entries or requests) holds it: two changes of one field in one second
    are both kept.

    >>> _unused("CR-R1-phone-T", [{"id": "CR-R1-phone-T"}, {"id": "CR-R1-phone-T-2"}])
    'CR-R1-phone-T-3'
    """
    taken = {str(r["id"]) for r in records}
    n, found = 1, base
    while found in taken:
        n += 1
        found = f"{base}-{n}"
    return found


def _apply(
    session: Session, retailer: Row, edit: PlannedEdit, editor: Editor, at: str, request_id: str
) -> AuditEntry:
    rid = str(retailer["id"])
    old, new = cell_text(retailer[edit.field]), cell_text(edit.value)
    entry = audit_entry(rid, edit.field, old, new, editor, at, request_id)
    with session.transaction():
        entry = replace(entry, id=_unused(entry.id, session.read(Query.RETAILER_AUDIT, id=rid)))
        session.write(Query.UPSERT_RETAILERS, [{**retailer, edit.field: edit.value}])
        session.write(Query.UPSERT_AUDIT_ENTRIES, [as_row(entry)])
        session.write(Query.LINK_RETAILER_AUDIT, [{"src": rid, "dst": entry.id}])
    return entry


def _file(
    session: Session, retailer: Row, edit: PlannedEdit, editor: Editor, at: str
) -> ChangeRequest:
    rid = str(retailer["id"])
    request = ChangeRequest(
        f"CR-{rid}-{edit.field}-{at}",
        rid,
        edit.field,
        cell_text(retailer[edit.field]),
        cell_text(edit.value),
        editor.by,
        editor.role,
        at,
        "pending",
    )
    # A request changes nothing any computation reads (only its decision does), so it does
    # not count as a change: a running design or cached answers stay valid.
    with session.transaction(counted=False):
        filed = session.read(Query.RETAILER_CHANGE_REQUESTS, id=rid)
        request = replace(request, id=_unused(request.id, filed))
        session.write(Query.UPSERT_CHANGE_REQUESTS, [as_row(request)])
        session.write(Query.LINK_RETAILER_CHANGE_REQUESTS, [{"src": rid, "dst": request.id}])
    return request


def record_edits(
    session: Session,
    retailer_id: str,
    edits: Sequence[PlannedEdit],
    editor: Editor,
    *,
    now: datetime,
) -> tuple[AuditEntry | ChangeRequest, ...]:
    """Apply the edits whose outcome is ``"apply"`` (audited) and file the others as requests."""
    _refuse_repeats(session, retailer_id, [e for e in edits if e.outcome != "apply"])
    at = _stamp(now)
    out: list[AuditEntry | ChangeRequest] = []
    for edit in edits:
        retailer = get_retailer(session, retailer_id)
        if edit.outcome == "apply":
            out.append(_apply(session, retailer, edit, editor, at, ""))
        else:
            out.append(_file(session, retailer, edit, editor, at))
    return tuple(out)


def _refuse_repeats(session: Session, retailer_id: str, requests: Sequence[PlannedEdit]) -> None:
    """Raise `Conflict` before anything is written when a request would repeat a pending one
    (same field, same new value): the queue holds each proposal once."""
    pending = {
        (str(f["field"]), str(f["new"])): str(f["id"])
        for f in session.read(Query.RETAILER_CHANGE_REQUESTS, id=retailer_id)
        if f["status"] == "pending"
    }
    for edit in requests:
        found = pending.get((edit.field, cell_text(edit.value)))
        if found:
            raise Conflict(
                f"{found} already asks to set {edit.field} of {retailer_id} to "
                f"{cell_text(edit.value)!r}; it waits for a decision"
            )


def get_request(session: Session, request_id: str) -> ChangeRequest:
    rows = session.read(Query.CHANGE_REQUESTS, keys=[request_id])
    if not rows:
        raise NotFound(f"change request {request_id} not found")
    return ChangeRequest(**rows[0])


def decide(
    session: Session,
    request: ChangeRequest,
    editor: Editor,
    *,
    approve: bool,
    note: str,
    now: datetime,
) -> Decision:
    """Approve (the change applies and is audited) or reject a pending request."""
    if request.status != "pending":
        raise Conflict(f"change request {request.id} is already {request.status}")
    retailer = get_retailer(session, request.retailer_id)
    current = cell_text(retailer[request.field])
    if approve and current != request.old:
        raise Conflict(
            f"{request.field} changed since the request ({request.old!r} → {current!r}); "
            "reject it and ask again"
        )
    at = _stamp(now)
    status = "approved" if approve else "rejected"
    decided = replace(request, status=status, decided_by=editor.by, decided_at=at, note=note)
    entry = None
    with session.transaction(counted=approve):  # a rejection changes the request alone
        if approve:
            edit = PlannedEdit(
                request.field, "apply", parse_cell(PROPS[request.field], request.new)
            )
            entry = _apply(session, retailer, edit, editor, at, request.id)
        session.write(Query.UPSERT_CHANGE_REQUESTS, [as_row(decided)])
    return Decision(decided, entry)
