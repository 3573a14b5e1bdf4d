"""Retailers: one retailer's profile, the list in scope and the export."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date
from typing import Annotated

from pydantic import Field

from graph import repository
from graph.export import check_format, render_rows
from graph.model import AuditEntry, Change, ChangeRequest, ClassChange
from graph.page import Page, PageRequest
from graph.principal import Principal
from graph.queries import Query
from graph.repository import RetailerFilter, RetailerSummary, RetailerTeam
from graph.rows import Row
from graph.schema import SCHEMA
from graph.service.scope import AREA_READERS, outside, require_retailer
from graph.session import Session


@dataclass(frozen=True)
class FieldValue:
    """One field of the record with its labels and how it changes (static, dynamic, derived)."""

    field: str
    label_zh: str
    label_en: str
    change: Change
    value: bool | int | float | str | date | None


@dataclass(frozen=True)
class ClassExplanation:
    """A retailer's class in one scheme and why (`class_` is the class: a keyword in Python)."""

    class_: Annotated[str | int | bool, Field(alias="class")]
    text: str


@dataclass(frozen=True)
class RetailerProfile:
    """A retailer's record: fields by group, classes with explanations, class history,
    pending change requests, audit trail and the team that serves it."""

    id: str
    name: str
    fields: dict[str, tuple[FieldValue, ...]]
    classified_on: date | None
    classes: dict[str, ClassExplanation]
    class_history: tuple[ClassChange, ...]
    pending_change_requests: tuple[ChangeRequest, ...]
    audit: tuple[AuditEntry, ...]
    team: RetailerTeam


@dataclass(frozen=True)
class RetailerExport:
    """An export file's bytes, its format and how many retailers it holds."""

    content: bytes
    format: str
    retailers: int


def _fields(row: Row) -> dict[str, tuple[FieldValue, ...]]:
    groups: dict[str, list[FieldValue]] = {}
    for p in SCHEMA.node("Retailer").properties:
        if p.name != "class_explanations" and p.group is not None:
            value = FieldValue(p.name, p.label_zh, p.label_en, p.change, row[p.name])
            groups.setdefault(p.group.value, []).append(value)
    return {group: tuple(values) for group, values in groups.items()}


def _classes(text: str | None) -> dict[str, ClassExplanation]:
    explained = json.loads(text) if text else {}
    return {k: ClassExplanation(v["class"], v["text"]) for k, v in explained.items()}


def retailer_profile(session: Session, principal: Principal, retailer_id: str) -> RetailerProfile:
    """Everything known of one retailer in scope (a retailer principal: only itself)."""
    require_retailer(session, principal, retailer_id)
    row = repository.get_retailer(session, retailer_id)
    requests = session.read(Query.RETAILER_CHANGE_REQUESTS, id=retailer_id)
    return RetailerProfile(
        id=retailer_id,
        name=str(row["name"]),
        fields=_fields(row),
        classified_on=row["classified_on"],
        classes=_classes(row["class_explanations"]),
        class_history=tuple(
            ClassChange(**r) for r in session.read(Query.RETAILER_CLASS_HISTORY, id=retailer_id)
        ),
        pending_change_requests=tuple(
            ChangeRequest(**r) for r in requests if r["status"] == "pending"
        ),
        audit=tuple(AuditEntry(**r) for r in session.read(Query.RETAILER_AUDIT, id=retailer_id)),
        team=repository.retailer_team(session, retailer_id),
    )


def list_retailers(
    session: Session,
    principal: Principal,
    page: PageRequest,
    *,
    area: str | None = None,
    filters: RetailerFilter | None = None,
) -> Page[RetailerSummary]:
    """The retailers in scope that pass `filters` (only those of `area` when given), by id,
    one page."""
    principal.require(*AREA_READERS, to="read retailer records")
    found = filters or RetailerFilter()
    if area is not None:
        found = replace(found, area=area)
    if found.area is not None and not principal.sees_area(found.area):
        raise outside(principal, f"area {found.area}")
    items, total = repository.search_retailers(
        session, found, principal.areas, page.offset, page.limit
    )
    return Page(items, total, page.offset, page.limit)


def export_retailers(session: Session, principal: Principal, fmt: str) -> RetailerExport:
    """One row per retailer in scope with its classes, as csv, xlsx or json bytes."""
    principal.require(*AREA_READERS, to="export retailer records")
    check_format(fmt)
    rows = session.read(Query.ALL_RETAILERS)
    if principal.areas is not None:
        areas = repository.retailer_areas(session, [str(r["id"]) for r in rows])
        rows = [r for r in rows if principal.sees_area(areas.get(str(r["id"])))]
    return RetailerExport(render_rows(rows, fmt), fmt, len(rows))


def retailer_team(session: Session, principal: Principal, retailer_id: str) -> RetailerTeam:
    """Who serves a retailer in scope: its area's team, its own manager and agent marked."""
    require_retailer(session, principal, retailer_id)
    return repository.retailer_team(session, retailer_id)
