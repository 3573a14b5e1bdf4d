"""Governed edits of retailer fields by the acting principal (DOMAIN.md §5).

An administrator's or supervisor's edit applies at once and is audited; a staff member's, a
team lead's or a retailer's becomes a change request; planners, dispatchers and viewers may not
edit. The editor is the principal's staff member (or user, or retailer), never a claim.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from graph.edits import Editor, PlannedEdit, record_edits
from graph.errors import Forbidden
from graph.governance import OPERATIONAL, Actor, actor_of, planned_value
from graph.model import AuditEntry, ChangeRequest
from graph.principal import AccountRole, Principal
from graph.queries import Query
from graph.service.scope import require_retailer
from graph.session import Session


def editor_of(principal: Principal, actor: Actor) -> Editor:
    """Who the audit trail names: the staff member, else the user (or retailer id), in the
    governance role (an administrator as ``admin``)."""
    role = principal.role.value if principal.role is AccountRole.ADMIN else actor.value
    return Editor(principal.staff or principal.user, role)


def _require_serving(session: Session, editor: Editor, retailer_id: str) -> None:
    """Operational staff edit only the retailers they serve, in their own role."""
    team = session.read(Query.RETAILER_TEAM, id=retailer_id)
    if not any(m["employee_no"] == editor.by and m["role"] == editor.role for m in team):
        raise Forbidden(f"{editor.by} does not serve retailer {retailer_id} as {editor.role}")


def edit_retailer(
    session: Session,
    principal: Principal,
    retailer_id: str,
    changes: Mapping[str, str],
    *,
    now: datetime,
) -> tuple[AuditEntry | ChangeRequest, ...]:
    """Apply or request field changes (``{field: text}``) to a retailer in scope.

    Every change is parsed and checked before any is written; the result holds one audit
    entry (applied) or change request (waiting for a supervisor) per field."""
    actor = actor_of(principal)
    require_retailer(session, principal, retailer_id)
    editor = editor_of(principal, actor)
    if actor in OPERATIONAL:
        _require_serving(session, editor, retailer_id)
    planned = [PlannedEdit(f, *planned_value(f, text, actor)) for f, text in changes.items()]
    return record_edits(session, retailer_id, planned, editor, now=now)
