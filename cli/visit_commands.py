"""`crm interactions` and `crm visits`: logged visits, calls, deliveries and inspections, and
visit adherence against the class plan."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from cli.context import option_date, session_of
from cli.output import print_json, print_table, read_upload, show_import, stdout
from graph.errors import InvalidInput
from graph.page import PageRequest
from graph.serialise import to_data

if TYPE_CHECKING:
    from care.adherence import AdherenceRow
    from care.service.adherence import AdherenceReport

interactions_app = typer.Typer(
    help="Logged visits, calls, deliveries and inspections.", no_args_is_help=True
)
visits_app = typer.Typer(
    help="Visit adherence against the class service policy.", no_args_is_help=True
)
JSON = typer.Option(False, "--json", help="Print JSON.")
BY = ("manager", "area", "class", "week")


def _flag(text: str | None) -> bool | None:
    if text is None:
        return None
    if text.lower() in ("yes", "true", "1"):
        return True
    if text.lower() in ("no", "false", "0"):
        return False
    raise InvalidInput(f"{text!r} is not yes or no")


@interactions_app.command("log")
def log_cmd(
    ctx: typer.Context,
    kind: str = typer.Option(..., "--kind", help="visit, call, delivery or inspection."),
    retailer: str = typer.Option(..., "--retailer", help="Retailer id."),
    staff: str = typer.Option("", "--staff", help="Who did it (default: the --as-staff member)."),
    day: str = typer.Option(..., "--day", help="Date, 2026-11-23."),
    status: str = typer.Option("done", "--status", help="done, missed or cancelled."),
    started: str = typer.Option("", "--started", help="Start, 2026-11-23T09:30."),
    ended: str = typer.Option("", "--ended", help="End, 2026-11-23T09:50."),
    planned_start: str = typer.Option("", "--planned-start", help="Planned start."),
    planned_end: str = typer.Option("", "--planned-end", help="Planned end."),
    lon: float | None = typer.Option(None, "--lon", help="Check-in longitude."),
    lat: float | None = typer.Option(None, "--lat", help="Check-in latitude."),
    tasks: str = typer.Option("", "--tasks", help="display,stock,prices,competitor,requests"),
    notes: str = typer.Option("", "--notes", help="Notes."),
    reached: str | None = typer.Option(None, "--reached", help="Call: yes or no."),
    order_taken: str | None = typer.Option(None, "--order-taken", help="Call: yes or no."),
    brands: str = typer.Option("", "--brands", help="Call: brands recommended."),
    delivered: str | None = typer.Option(None, "--delivered", help="Delivery: yes or no."),
    signed: str | None = typer.Option(None, "--signed", help="Delivery: yes or no."),
    problem: str = typer.Option("", "--problem", help="Delivery: problem."),
    licence_checked: str | None = typer.Option(None, "--licence-checked", help="yes or no."),
    result: str = typer.Option("", "--result", help="Inspection: result."),
    violation: str = typer.Option("", "--violation", help="Inspection: violation."),
    plan_ref: str = typer.Option("", "--plan-ref", help="Planned visit or route stop."),
    as_json: bool = JSON,
) -> None:
    """Log one interaction (logging the same one again updates it)."""
    from care.interactions import InteractionInput
    from care.service.interactions import log_interaction

    on = option_date(day, "--day")
    item = InteractionInput(
        kind=kind,
        retailer_id=retailer,
        staff_id=staff,
        day=on,
        status=status,
        started_at=started,
        ended_at=ended,
        planned_start=planned_start,
        planned_end=planned_end,
        checkin_lon=lon,
        checkin_lat=lat,
        tasks=tuple(t.strip() for t in tasks.split(",") if t.strip()),
        notes=notes,
        reached=_flag(reached),
        order_taken=_flag(order_taken),
        brands=brands,
        delivered=_flag(delivered),
        signed=_flag(signed),
        problem=problem,
        licence_checked=_flag(licence_checked),
        result=result,
        violation=violation,
        plan_ref=plan_ref,
    )
    with session_of(ctx) as (session, principal):
        record = log_interaction(session, principal, item, now=datetime.now())
    if as_json:
        print_json(to_data(record))
    else:
        stdout.print(f"logged {record.id}")


@interactions_app.command("list")
def list_cmd(
    ctx: typer.Context,
    retailer: str = typer.Argument(..., help="Retailer id."),
    offset: int = typer.Option(0, "--offset", help="Skip this many."),
    limit: int = typer.Option(100, "--limit", help="Show at most this many (1-1000)."),
    as_json: bool = JSON,
) -> None:
    """A retailer's interactions, newest first."""
    from care.service.interactions import interactions_of

    with session_of(ctx) as (session, principal):
        page = interactions_of(session, principal, retailer, PageRequest(offset, limit))
    if as_json:
        print_json(to_data(page))
        return
    print_table(
        f"interactions / 服务记录 of {retailer} ({page.total})",
        ["time 时间", "kind 类型", "staff 工号", "status 状态", "tasks 事项", "notes 备注"],
        [
            [r.started_at or r.day, r.kind, r.staff_id, r.status, r.tasks, r.notes]
            for r in page.items
        ],
    )


@interactions_app.command("import")
def import_cmd(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="A .csv (UTF-8 or GB18030) or .xlsx file."),
    as_json: bool = JSON,
) -> None:
    """Import interactions; every rejected row is listed (exit status 1 if any)."""
    from care.service.interactions import import_interactions

    content = read_upload(file)
    with session_of(ctx) as (session, principal):
        report = import_interactions(session, principal, content, file.name, now=datetime.now())
    show_import(report, as_json)


@visits_app.command("adherence")
def adherence_cmd(
    ctx: typer.Context,
    area: str | None = typer.Option(None, "--area", help="One area (default: all in scope)."),
    weeks: int = typer.Option(4, "--weeks", help="ISO weeks (1-104)."),
    until: str | None = typer.Option(None, "--until", help="Last day (default: latest visit)."),
    max_distance_m: float = typer.Option(200.0, "--max-distance-m", help="Check-in distance."),
    by: str = typer.Option("area", "--by", help="manager, area, class or week."),
    as_json: bool = JSON,
) -> None:
    """Adherence, coverage and over-service against the class plan, and why visits failed."""
    from care.service.adherence import visit_adherence

    if by not in BY:
        raise InvalidInput(f"--by {by!r} is not one of {', '.join(BY)}")
    last = None if until is None else option_date(until, "--until")
    with session_of(ctx) as (session, principal):
        report = visit_adherence(
            session, principal, weeks=weeks, until=last, area=area, max_distance_m=max_distance_m
        )
    if as_json:
        print_json(to_data(report))
    else:
        _print_adherence(report, by)


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def _print_adherence(report: AdherenceReport, by: str) -> None:
    result = report.adherence
    rows: tuple[AdherenceRow, ...] = getattr(result, f"by_{by}")
    print_table(
        f"visit adherence / 拜访达成 {report.first} – {report.until} by {by}",
        [
            by,
            "planned 计划",
            "verified 有效",
            "adherence 达成率",
            "coverage 覆盖率",
            "over-service 过度服务",
        ],
        [
            [
                r.key,
                r.planned,
                r.verified,
                _share(r.adherence),
                _share(r.coverage),
                _share(r.over_service),
            ]
            for r in (*rows, result.overall)
        ],
    )
    print_table(
        f"unverified visits / 无效拜访 ({sum(result.reasons.values())} of {result.visits})",
        ["reason 原因", "visits 次数"],
        [[" ".join(report.reason_labels[k]), n] for k, n in result.reasons.items()],
    )
    stdout.print(f"late check-ins / 迟到签到: {result.late}")
    if report.last_week_partial:
        stdout.print(
            "the last week is not over: its whole plan counts / 本周尚未结束，按全周计划计算"
        )
