"""Edits of retailer fields under governance: change requests, decisions and the audit trail."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from graph.errors import Conflict, Forbidden, InvalidInput, NotFound
from graph.governance import OPERATIONAL, Actor, check_value, edit_outcome
from graph.model import AuditEntry, ChangeRequest
from graph.queries import Query
from graph.repository import get_retailer
from graph.rows import Row, as_row
from graph.schema import SCHEMA
from graph.store import GraphStore
from graph.values import CellError, parse_cell

PROPS = {p.name: p for p in SCHEMA.node("Retailer").properties}


def _text(value: object) -> str:
    return "" if value is None else value.isoformat() if hasattr(value, "isoformat") else str(value)


def _check_actor(store: GraphStore, actor: Actor, by: str, retailer: Row) -> None:
    """Operational staff must exist, hold the role and serve the retailer's area."""
    if actor not in OPERATIONAL:
        return
    team = store.read(Query.RETAILER_TEAM, id=retailer["id"])
    if not any(m["employee_no"] == by and m["role"] == actor.value for m in team):
        raise Forbidden(f"{by} does not serve retailer {retailer['id']} as {actor.value}")


def _apply(
    store: GraphStore,
    retailer: Row,
    field: str,
    value: object,
    by: str,
    role: str,
    at: str,
    request_id: str = "",
) -> AuditEntry:
    entry = AuditEntry(
        f"AU-{retailer['id']}-{field}-{at}",
        str(retailer["id"]),
        field,
        _text(retailer[field]),
        _text(value),
        by,
        role,
        at,
        request_id,
    )
    with store.transaction():
        store.write(Query.UPSERT_RETAILERS, [{**retailer, field: value}])
        store.write(Query.UPSERT_AUDIT_ENTRIES, [as_row(entry)])
        store.write(Query.LINK_RETAILER_AUDIT, [{"src": entry.retailer_id, "dst": entry.id}])
    return entry


def edit_retailer(
    store: GraphStore,
    retailer_id: str,
    changes: dict[str, str],
    *,
    by: str,
    actor: Actor,
    now: datetime,
) -> list[AuditEntry | ChangeRequest]:
    """Apply (supervisor) or propose (operational roles, the retailer) field changes."""
    retailer = get_retailer(store, retailer_id)
    _check_actor(store, actor, by, retailer)
    planned: list[tuple[str, str, object]] = []
    for field, text in changes.items():
        outcome = edit_outcome(field, actor)
        try:
            value = parse_cell(PROPS[field], text)
        except CellError as exc:
            raise InvalidInput(f"{field}: {exc}") from exc
        check_value(field, value)
        planned.append((field, outcome, value))
    at = now.isoformat(timespec="seconds")
    out: list[AuditEntry | ChangeRequest] = []
    for field, outcome, value in planned:
        if outcome == "apply":
            out.append(_apply(store, retailer, field, value, by, actor.value, at))
            retailer = get_retailer(store, retailer_id)
            continue
        request = ChangeRequest(
            f"CR-{retailer_id}-{field}-{at}",
            retailer_id,
            field,
            _text(retailer[field]),
            _text(value),
            by,
            actor.value,
            at,
            "pending",
        )
        with store.transaction():
            store.write(Query.UPSERT_CHANGE_REQUESTS, [as_row(request)])
            store.write(
                Query.LINK_RETAILER_CHANGE_REQUESTS, [{"src": retailer_id, "dst": request.id}]
            )
        out.append(request)
    return out


def decide_request(
    store: GraphStore,
    request_id: str,
    *,
    approve: bool,
    by: str,
    actor: Actor,
    now: datetime,
    note: str = "",
) -> tuple[ChangeRequest, AuditEntry | None]:
    """A supervisor approves (the change applies and is audited) or rejects a request."""
    if actor is not Actor.SUPERVISOR:
        raise Forbidden(f"only a supervisor decides change requests, not a {actor.value}")
    rows = store.read(Query.CHANGE_REQUESTS, keys=[request_id])
    if not rows:
        raise NotFound(f"change request {request_id} not found")
    request = ChangeRequest(**rows[0])
    if request.status != "pending":
        raise Conflict(f"change request {request_id} is already {request.status}")
    retailer = get_retailer(store, request.retailer_id)
    at = now.isoformat(timespec="seconds")
    if approve and _text(retailer[request.field]) != request.old:
        raise Conflict(
            f"{request.field} changed since the request ({request.old!r} → "
            f"{_text(retailer[request.field])!r}); reject it and ask again"
        )
    decided = replace(
        request,
        status="approved" if approve else "rejected",
        decided_by=by,
        decided_at=at,
        note=note,
    )
    entry = None
    with store.transaction():
        if approve:
            value = parse_cell(PROPS[request.field], request.new)
            entry = _apply(store, retailer, request.field, value, by, actor.value, at, request.id)
        store.write(Query.UPSERT_CHANGE_REQUESTS, [as_row(decided)])
    return decided, entry
