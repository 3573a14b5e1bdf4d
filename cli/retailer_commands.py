"""`crm retailer ...` (one retailer, governed edits, change requests) and `crm retailers ...`.

Edits and decisions are made by the acting principal: the root options ``--as-staff
EMPLOYEE_NO --role ROLE`` or ``--as-retailer ID`` (default: the local administrator).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import typer

from cli.context import session_of
from cli.output import print_json, print_table, stdout
from graph.errors import InvalidInput
from graph.model import ChangeRequest
from graph.page import PageRequest
from graph.serialise import to_data
from graph.service.edits import edit_retailer
from graph.service.requests import decide_request, pending_requests
from graph.service.retailers import (
    RetailerProfile,
    export_retailers,
    list_retailers,
    retailer_profile,
)

retailer_app = typer.Typer(
    help="One retailer: its record, classes and governed edits.", no_args_is_help=True
)
retailers_app = typer.Typer(help="All retailers.", no_args_is_help=True)
JSON = typer.Option(False, "--json", help="Print JSON.")
OFFSET = typer.Option(0, "--offset", help="Skip this many.")
LIMIT = typer.Option(100, "--limit", help="Show at most this many (1-1000).")


@retailer_app.command("show")
def show(
    ctx: typer.Context,
    retailer_id: str = typer.Argument(..., help="Retailer id."),
    as_json: bool = JSON,
) -> None:
    """Fields (by group), classes with explanations, class history, pending change requests."""
    with session_of(ctx) as (session, principal):
        profile = retailer_profile(session, principal, retailer_id)
    if as_json:
        print_json(to_data(profile))
    else:
        _print_profile(profile)


def _print_profile(profile: RetailerProfile) -> None:
    stdout.print(f"[bold]{profile.id} {profile.name}[/bold]")
    for group, fields in profile.fields.items():
        print_table(
            group,
            ["field", "字段", "kind", "value"],
            [[f.label_en, f.label_zh, f.change.value, f.value] for f in fields],
        )
    print_table(
        f"classes (as of {profile.classified_on})",
        ["scheme", "class", "why"],
        [[k, v.class_, v.text] for k, v in profile.classes.items()],
    )
    print_table(
        "class history",
        ["date", "scheme", "old", "new", "reason"],
        [[h.changed_on, h.scheme, h.old, h.new, h.reason] for h in profile.class_history],
    )
    print_table(
        "team / 服务团队",
        ["employee", "name", "role", "phone", "lead"],
        [
            [m.employee_no, m.name, m.role, m.phone, "片长" if m.lead else ""]
            for m in profile.team.team
        ],
    )
    print_table(
        "audit / 修改记录",
        ["when", "field", "old", "new", "by"],
        [
            [a.changed_at, a.field, a.old, a.new, f"{a.changed_by} ({a.role})"]
            for a in profile.audit
        ],
    )
    print_table(
        "pending change requests",
        ["id", "field", "old", "new", "by"],
        [[r.id, r.field, r.old, r.new, r.requested_by] for r in profile.pending_change_requests],
    )


def _pairs(changes: list[str]) -> dict[str, str]:
    pairs = {}
    for item in changes:
        field, sep, value = item.partition("=")
        if not sep:
            raise InvalidInput(f"{item!r} is not FIELD=VALUE")
        pairs[field.strip()] = value.strip()
    return pairs


@retailer_app.command("edit")
def edit(
    ctx: typer.Context,
    retailer_id: str = typer.Argument(...),
    changes: list[str] = typer.Argument(..., help="FIELD=VALUE pairs."),
    as_json: bool = JSON,
) -> None:
    """Edit fields as the acting principal: a supervisor's (or the administrator's) edit
    applies (audited); staff, team leads and retailers file change requests."""
    with session_of(ctx) as (session, principal):
        done = edit_retailer(session, principal, retailer_id, _pairs(changes), now=datetime.now())
    if as_json:
        print_json(to_data(done))
        return
    for item in done:
        kind = "request" if isinstance(item, ChangeRequest) else "applied"
        stdout.print(f"{kind}: {item.field} {item.old!r} → {item.new!r} ({item.id})")


@retailer_app.command("requests")
def requests(
    ctx: typer.Context, offset: int = OFFSET, limit: int = LIMIT, as_json: bool = JSON
) -> None:
    """Change requests waiting for a supervisor's decision (those in the principal's scope)."""
    with session_of(ctx) as (session, principal):
        page = pending_requests(session, principal, PageRequest(offset, limit))
    if as_json:
        data = to_data(page)
        print_json({"pending": data.pop("items"), **data})
        return
    print_table(
        f"pending change requests ({page.total})",
        ["id", "retailer", "field", "old", "new", "by"],
        [
            [r.id, r.retailer_id, r.field, r.old, r.new, f"{r.requested_by} ({r.requested_role})"]
            for r in page.items
        ],
    )


def _decide(ctx: typer.Context, request_id: str, approve: bool, note: str, as_json: bool) -> None:
    with session_of(ctx) as (session, principal):
        decision = decide_request(
            session, principal, request_id, approve=approve, note=note, now=datetime.now()
        )
    if as_json:
        print_json(to_data(decision))
    else:
        request = decision.request
        stdout.print(f"{request.id}: {request.status} by {request.decided_by}")


@retailer_app.command("approve")
def approve(
    ctx: typer.Context,
    request_id: str = typer.Argument(...),
    note: str = typer.Option("", "--note"),
    as_json: bool = JSON,
) -> None:
    """Approve a change request (supervisor): the change applies and is audited."""
    _decide(ctx, request_id, True, note, as_json)


@retailer_app.command("reject")
def reject(
    ctx: typer.Context,
    request_id: str = typer.Argument(...),
    note: str = typer.Option("", "--note", help="Why."),
    as_json: bool = JSON,
) -> None:
    """Reject a change request (supervisor)."""
    _decide(ctx, request_id, False, note, as_json)


@retailers_app.command("list")
def retailers_list(
    ctx: typer.Context,
    area: str | None = typer.Option(None, "--area", help="Only this area's retailers."),
    offset: int = OFFSET,
    limit: int = LIMIT,
    as_json: bool = JSON,
) -> None:
    """The retailers in the principal's scope with their area and main classes."""
    with session_of(ctx) as (session, principal):
        page = list_retailers(session, principal, PageRequest(offset, limit), area=area)
    if as_json:
        print_json(to_data(page))
        return
    print_table(
        f"retailers {page.offset + 1}-{page.offset + len(page.items)} of {page.total}",
        ["id", "name", "area", "category", "tier", "grade", "value", "cases/month"],
        [
            [
                r.id,
                r.name,
                r.area,
                r.category_code,
                r.tier,
                r.grade,
                r.value_segment,
                r.avg_monthly_cases,
            ]
            for r in page.items
        ],
    )


@retailers_app.command("export")
def export(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="Output file."),
    fmt: str = typer.Option("csv", "--format", help="csv, xlsx or json."),
    as_json: bool = JSON,
) -> None:
    """One row per retailer with its classes (id, name, category_code, tier, grade, ...)."""
    with session_of(ctx) as (session, principal):
        exported = export_retailers(session, principal, fmt)
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(exported.content)
    if as_json:
        print_json({"file": str(file), "format": exported.format, "retailers": exported.retailers})
    else:
        stdout.print(f"wrote {exported.retailers} retailers to {file}")
