"""`crm complaints`: retailers' complaints and requests with their first-response clock.

Changes are made by the acting principal (root options ``--as-staff``/``--as-retailer``;
default the local administrator) at ``--now`` (default: now), so scripted runs repeat.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

import typer

from care.cases import STATE_LABELS
from cli.context import option_date, session_of
from cli.output import print_json, print_table, stdout
from graph.care_model import Alert
from graph.errors import InvalidInput
from graph.page import PageRequest
from graph.serialise import to_data

if TYPE_CHECKING:
    from care.case_report import ReportLine
    from care.service.cases import CaseView
    from graph.principal import Principal
    from graph.session import Session

complaints_app = typer.Typer(
    help="Complaints and requests with first-response clocks.", no_args_is_help=True
)
JSON = typer.Option(False, "--json", help="Print JSON.")
NOW = typer.Option(None, "--now", help="The time it happens, e.g. 2026-11-23T09:30 (default now).")
CASE = typer.Argument(..., help="The case id, e.g. CS000001.")


def _now(text: str | None) -> datetime:
    if text is None:
        return datetime.now()
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"--now {text!r}: give a time like 2026-11-23T09:30") from None


@complaints_app.command("open")
def open_(
    ctx: typer.Context,
    retailer: str = typer.Argument(..., help="The retailer's customer code."),
    category: str = typer.Option(
        ...,
        "--category",
        help="delivery, order, brand_supply, service_attitude, price, licence or other.",
    ),
    channel: str = typer.Option(..., "--channel", help="phone, visit, hotline_12313 or api."),
    text: str = typer.Option(..., "--text", help="What the retailer said."),
    kind: str = typer.Option("complaint", "--kind", help="complaint or request."),
    owner: str | None = typer.Option(None, "--owner", help="Employee no. (default: by role)."),
    now: str | None = NOW,
    as_json: bool = JSON,
) -> None:
    """Open a case for a retailer; it is owned by the role its category concerns."""
    from care.service.cases import open_case

    with session_of(ctx) as (session, principal):
        view = open_case(
            session, principal, retailer, kind, channel, category, text, owner=owner, now=_now(now)
        )
    _print_case(view, as_json)


@complaints_app.command("respond")
def respond(
    ctx: typer.Context,
    case_id: str = CASE,
    text: str = typer.Option(..., "--text", help="The first response."),
    now: str | None = NOW,
    as_json: bool = JSON,
) -> None:
    """Record the first response (it stops the first-response clock)."""
    from care.service.cases import respond_case

    _act(ctx, as_json, lambda s, p: respond_case(s, p, case_id, text=text, now=_now(now)))


@complaints_app.command("pause")
def pause(
    ctx: typer.Context,
    case_id: str = CASE,
    note: str = typer.Option("", "--note", help="Why (waiting on the retailer)."),
    now: str | None = NOW,
    as_json: bool = JSON,
) -> None:
    """Pause both clocks while waiting on the retailer."""
    from care.service.cases import pause_case

    _act(ctx, as_json, lambda s, p: pause_case(s, p, case_id, note=note, now=_now(now)))


@complaints_app.command("resume")
def resume(
    ctx: typer.Context,
    case_id: str = CASE,
    note: str = typer.Option("", "--note", help="What came back."),
    now: str | None = NOW,
    as_json: bool = JSON,
) -> None:
    """Start the clocks again."""
    from care.service.cases import resume_case

    _act(ctx, as_json, lambda s, p: resume_case(s, p, case_id, note=note, now=_now(now)))


@complaints_app.command("close")
def close(
    ctx: typer.Context,
    case_id: str = CASE,
    care_record: str = typer.Option(..., "--care-record", help="The care record."),
    now: str | None = NOW,
    as_json: bool = JSON,
) -> None:
    """Close a case with its care record (客户关怀记录; refused without one)."""
    from care.service.cases import close_case

    _act(
        ctx, as_json, lambda s, p: close_case(s, p, case_id, care_record=care_record, now=_now(now))
    )


def _act(ctx: typer.Context, as_json: bool, act: Callable[[Session, Principal], CaseView]) -> None:
    """Run one transition of a case as the acting principal and print the case."""
    with session_of(ctx) as (session, principal):
        view = act(session, principal)
    _print_case(view, as_json)


@complaints_app.command("list")
def list_(
    ctx: typer.Context,
    area: str | None = typer.Option(None, "--area", help="Only this area."),
    status: str | None = typer.Option(None, "--status", help="open, responded, paused, closed."),
    retailer: str | None = typer.Option(None, "--retailer", help="Only this retailer."),
    offset: int = typer.Option(0, "--offset", help="Skip this many."),
    limit: int = typer.Option(100, "--limit", help="Show at most this many (1-1000)."),
    now: str | None = NOW,
    as_json: bool = JSON,
) -> None:
    """Cases in scope, newest first, with their clocks."""
    from care.service.cases import list_cases

    with session_of(ctx) as (session, principal):
        page = list_cases(
            session,
            principal,
            area=area,
            status=status,
            retailer=retailer,
            page=PageRequest(offset, limit),
            now=_now(now),
        )
    if as_json:
        print_json(to_data(page))
        return
    print_table(
        f"cases / 工单 {offset + 1}-{offset + len(page.items)} of {page.total}",
        [
            "id",
            "retailer 客户",
            "area 片区",
            "category 类别",
            "owner 负责人",
            "status 状态",
            "first response 首次响应",
            "resolution 解决",
        ],
        [
            [
                v.case.id,
                v.case.retailer_id,
                v.area,
                v.case.category,
                v.case.owner,
                v.case.status,
                _clock(v.first_response.state, v.first_response.due_at),
                _clock(v.resolution.state, v.resolution.due_at),
            ]
            for v in page.items
        ],
    )


@complaints_app.command("show")
def show(
    ctx: typer.Context, case_id: str = CASE, now: str | None = NOW, as_json: bool = JSON
) -> None:
    """One case with its clocks and history."""
    from care.service.cases import get_case

    with session_of(ctx) as (session, principal):
        view = get_case(session, principal, case_id, now=_now(now))
    _print_case(view, as_json)


@complaints_app.command("report")
def report(
    ctx: typer.Context,
    since: str | None = typer.Option(None, "--since", help="First day opened (default -90 d)."),
    until: str | None = typer.Option(None, "--until", help="Last day opened (default today)."),
    now: str | None = NOW,
    as_json: bool = JSON,
) -> None:
    """The share of cases within target by area, owner role and class."""
    from care.service.case_report import case_report, report_period

    at = _now(now)
    first, last = report_period(
        option_date(since, "--since") if since else None,
        option_date(until, "--until") if until else None,
        at.date(),
    )
    with session_of(ctx) as (session, principal):
        found = case_report(session, principal, since=first, until=last, now=at)
    if as_json:
        print_json(to_data(found))
        return
    r = found.report
    stdout.print(f"[bold]cases opened {first} – {last}, as of {found.as_of}[/bold]")
    for title, lines in (
        ("all / 全部", (r.overall,)),
        ("area / 片区", r.by_area),
        ("owner role / 负责岗位", r.by_role),
        ("key account / 重点客户", r.by_key_account),
        ("class / 服务分类", r.by_class),
    ):
        _print_lines(title, lines)


@complaints_app.command("sweep")
def sweep(ctx: typer.Context, now: str | None = NOW, as_json: bool = JSON) -> None:
    """Raise the alerts the open cases' clocks have come to (the server does it by itself)."""
    from care.service.alerts import sweep_clocks

    with session_of(ctx) as (session, principal):
        done = sweep_clocks(session, principal, now=_now(now))
    if as_json:
        print_json(to_data(done))
        return
    stdout.print(
        f"checked {done.open_cases} open cases at {done.at}: {len(done.alerts)} alerts, "
        f"{len(done.actions)} breach actions / 提醒 {len(done.alerts)} 条"
    )
    _print_alerts(done.alerts)


@complaints_app.command("alerts")
def alerts(
    ctx: typer.Context,
    offset: int = typer.Option(0, "--offset", help="Skip this many."),
    limit: int = typer.Option(100, "--limit", help="Show at most this many (1-1000)."),
    as_json: bool = JSON,
) -> None:
    """Case alerts addressed to the acting principal, newest first."""
    from care.service.alerts import alerts_for

    with session_of(ctx) as (session, principal):
        page = alerts_for(session, principal, page=PageRequest(offset, limit))
    if as_json:
        print_json(to_data(page))
    else:
        _print_alerts(page.items)


def _clock(state: str, due_at: str) -> str:
    label = f"{STATE_LABELS[state]} {state}"
    return f"{label} (due {due_at})" if due_at and state in ("ok", "warning") else label


def _print_case(view: CaseView, as_json: bool) -> None:
    if as_json:
        print_json(to_data(view))
        return
    case = view.case
    stdout.print(
        f"[bold]{case.id}[/bold] {case.kind} · {case.category} · retailer "
        f"{case.retailer_id} · area {view.area} · owner {case.owner} "
        f"({case.owner_role}) · {case.status}"
    )
    print_table(
        f"clocks as of {view.as_of} / 时限",
        [
            "clock 时限",
            "target min 目标",
            "elapsed min 已用",
            "share 比例",
            "due 到期",
            "state 状态",
        ],
        [
            [
                c.clock,
                c.target_min,
                c.elapsed_min,
                f"{c.share:.0%}",
                c.due_at,
                f"{c.state_zh} {c.state}",
            ]
            for c in (view.first_response, view.resolution)
        ],
    )
    print_table(
        "history / 处理记录",
        ["at 时间", "by 处理人", "what 操作", "note 说明"],
        [[e.at, e.by, e.what, e.note] for e in view.history],
    )


def _print_lines(title: str, lines: tuple[ReportLine, ...]) -> None:
    def share(value: float | None) -> str:
        return "-" if value is None else f"{value:.1%}"

    print_table(
        title,
        [
            "group",
            "cases 工单",
            "first response met/missed 首次响应",
            "share 达标率",
            "resolution met/missed 解决",
            "share 达标率",
        ],
        [
            [
                x.group,
                x.cases,
                f"{x.first_response_met}/{x.first_response_missed}",
                share(x.first_response_share),
                f"{x.resolution_met}/{x.resolution_missed}",
                share(x.resolution_share),
            ]
            for x in lines
        ],
    )


def _print_alerts(rows: tuple[Alert, ...]) -> None:
    print_table(
        "alerts / 提醒",
        [
            "case 工单",
            "clock 时限",
            "kind 类型",
            "due 到期",
            "raised 提醒时间",
            "to 接收人",
            "area 片区",
        ],
        [[a.case_id, a.clock, a.kind, a.due_at, a.raised_at, a.recipients, a.area] for a in rows],
    )
