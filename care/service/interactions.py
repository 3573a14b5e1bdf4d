"""Log, list and import interactions (visits, calls, deliveries, inspections).

Who may log what: a staff member logs, as itself and in its own role only, for the shops of
its areas; a team lead for any member of its areas' teams; an administrator or supervisor for
anyone. The staff member named must serve the shop's area in the interaction's role.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from care.interaction_rows import map_interaction_columns, parse_rows
from care.interactions import InteractionInput, build_interaction, problems
from graph.care_model import Interaction, InteractionKind
from graph.errors import Forbidden, InvalidInput, NotFound, RowError
from graph.page import Page, PageRequest, paginate
from graph.principal import AccountRole, Principal
from graph.queries import Query
from graph.repository import retailer_areas
from graph.rows import as_row
from graph.service.scope import outside, require_retailer
from graph.session import Session
from seeds.service.imports import ImportReport
from seeds.tabular import read_table

LOGGERS = (AccountRole.SUPERVISOR, AccountRole.TEAM_LEAD, AccountRole.STAFF)
"""Roles that log interactions (and the administrator)."""


@dataclass(frozen=True)
class _Refusal:
    """Why an interaction may not be logged: the error kind and message."""

    error: type[Forbidden] | type[NotFound] | type[InvalidInput]
    message: str
    field: str = "retailer_id"


class _Teams:
    """The areas of retailers and the team (employee → role) of areas, read once."""

    def __init__(self, session: Session, retailers: Iterable[str]) -> None:
        self.session = session
        self.areas = retailer_areas(session, sorted(set(retailers)))
        self.teams: dict[str, dict[str, str]] = {}

    def team(self, area: str) -> dict[str, str]:
        if area not in self.teams:
            rows = self.session.read(Query.AREA_TEAM, code=area)
            self.teams[area] = {str(r["employee_no"]): str(r["role"]) for r in rows}
        return self.teams[area]


def _refusal(principal: Principal, item: InteractionInput, teams: _Teams) -> _Refusal | None:
    """Why `principal` may not log `item`, or None when it may."""
    if item.retailer_id not in teams.areas:
        if principal.areas is None:
            return _Refusal(NotFound, f"retailer {item.retailer_id} not found")
        return _Refusal(Forbidden, str(outside(principal, f"retailer {item.retailer_id}")))
    area = teams.areas[item.retailer_id]
    if not principal.sees_area(area):
        return _Refusal(Forbidden, str(outside(principal, f"retailer {item.retailer_id}")))
    kind = InteractionKind(item.kind)
    if principal.role is AccountRole.STAFF:
        if item.staff_id != principal.staff:
            return _Refusal(
                Forbidden,
                f"{principal.user} logs as {principal.staff}, not {item.staff_id}",
                "staff_id",
            )
        if principal.staff_role is not kind.role:
            role = principal.staff_role.value if principal.staff_role else "no role"
            return _Refusal(
                Forbidden,
                f"{principal.user} ({role}) may not log a {item.kind} (a {kind.role.value}'s)",
                "kind",
            )
    served = teams.team(area) if area else {}
    if served.get(item.staff_id) != kind.role.value:
        return _Refusal(
            InvalidInput,
            f"staff {item.staff_id} does not serve area {area or '(none)'} of retailer "
            f"{item.retailer_id} as {kind.role.value}",
            "staff_id",
        )
    return None


def _write(session: Session, records: list[Interaction]) -> tuple[int, int]:
    """Write the records with their LOGGED and ABOUT edges; (created, updated)."""
    keys = [r.id for r in records]
    held = {str(r["id"]) for r in session.read(Query.INTERACTIONS, keys=keys)}
    with session.transaction():
        session.write(Query.UPSERT_INTERACTIONS, [as_row(r) for r in records])
        session.write(
            Query.SET_INTERACTION_RETAILERS, [{"src": r.id, "dst": r.retailer_id} for r in records]
        )
        session.write(
            Query.LINK_STAFF_INTERACTIONS, [{"src": r.staff_id, "dst": r.id} for r in records]
        )
    created = len(set(keys) - held)
    return created, len(set(keys)) - created


def log_interaction(
    session: Session, principal: Principal, item: InteractionInput, *, now: datetime
) -> Interaction:
    """Log one interaction (or update the same one logged before) and return its record; a
    staff member who names no staff logs as itself."""
    principal.require(*LOGGERS, to="log interactions")
    if principal.role is AccountRole.STAFF and not item.staff_id and principal.staff:
        item = replace(item, staff_id=principal.staff)
    record = build_interaction(item, logged_by=principal.user, logged_at=_minute(now), source="api")
    refusal = _refusal(principal, item, _Teams(session, [item.retailer_id]))
    if refusal is not None:
        raise refusal.error(refusal.message)
    _write(session, [record])
    return record


def interactions_of(
    session: Session, principal: Principal, retailer_id: str, page: PageRequest
) -> Page[Interaction]:
    """A retailer's interactions in scope, newest first."""
    require_retailer(session, principal, retailer_id)
    keys = [str(r["key"]) for r in session.read(Query.RETAILER_INTERACTIONS, id=retailer_id)]
    rows = session.read(Query.INTERACTIONS, keys=keys) if keys else []
    records = [Interaction(**r) for r in rows]
    records.sort(key=lambda r: (r.started_at or r.day.isoformat(), r.id), reverse=True)
    return paginate(records, page)


def import_interactions(
    session: Session, principal: Principal, content: bytes, filename: str, *, now: datetime
) -> ImportReport:
    """Import interactions from CSV or Excel: every rejected row is answered (line, column,
    message), rows outside the principal's scope too; the valid rows land in one
    transaction."""
    principal.require(*LOGGERS, to="import interactions")
    table = read_table(content, filename=filename)
    columns = map_interaction_columns(table.header)
    errors = list(table.errors) + list(columns.errors)
    parsed = parse_rows(table, columns.fields) if not columns.errors else []
    teams = _Teams(session, [item.retailer_id for _, item, _ in parsed if item is not None])
    records: dict[str, Interaction] = {}
    for line, item, row_errors in parsed:
        errors += row_errors
        if item is None:
            continue
        found = problems(item)
        if found:
            errors += [RowError(line, columns.column_of(f), m) for f, m in found]
            continue
        refusal = _refusal(principal, item, teams)
        if refusal is not None:
            errors.append(RowError(line, columns.column_of(refusal.field), refusal.message))
            continue
        record = build_interaction(
            item, logged_by=principal.user, logged_at=_minute(now), source="import"
        )
        records[record.id] = record
    created, updated = _write(session, list(records.values())) if records else (0, 0)
    return ImportReport(
        file=filename,
        rows=table.read,
        created=created,
        updated=updated,
        errors=tuple(sorted(errors, key=lambda e: e.line)),
        ignored_columns=columns.ignored,
    )


def _minute(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")
