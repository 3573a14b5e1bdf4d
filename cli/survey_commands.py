"""`crm survey` and `crm actions`: satisfaction surveys analysed with KANO and
importance–satisfaction, and the actions area teams owe."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from cli.context import option_date, session_of
from cli.output import print_json, print_table, progress_bar, read_upload, show_import, stdout
from graph.page import PageRequest
from graph.serialise import to_data

if TYPE_CHECKING:
    from care.service.surveys import SurveyAnalysis, WavePlan
    from care.survey_analysis import GroupResult

survey_app = typer.Typer(help="Satisfaction surveys: plan, import, analyse (KANO, I-S).")
actions_app = typer.Typer(help="The actions area teams owe (under-service, breached cases).")
JSON = typer.Option(False, "--json", help="Print JSON.")
WAVE = typer.Option(None, "--wave", help="A wave's id (default: the latest with answers).")


def _next_monday(today: date) -> date:
    return today + timedelta(days=7 - today.weekday())


def _date(text: str | None) -> date:
    if text is None:
        return _next_monday(datetime.now().date())
    return option_date(text, "--start")


@survey_app.command("plan")
def plan(
    ctx: typer.Context,
    start: str | None = typer.Option(None, "--start", help="First day (default: next Monday)."),
    days: int = typer.Option(30, "--days", help="Days in the window (1-365)."),
    items: str | None = typer.Option(
        None, "--items", help="Comma-separated item codes (default: all, at most 20)."
    ),
    name: str = typer.Option("", "--name", help="The wave's name."),
    as_json: bool = JSON,
) -> None:
    """Plan a wave: every retailer due gets one working day; those surveyed within 180 days
    are left out with the day they are next due."""
    from care.service.surveys import plan_survey

    codes = [c.strip() for c in items.split(",") if c.strip()] if items is not None else None
    with session_of(ctx) as (session, principal):
        result = plan_survey(
            session,
            principal,
            start=_date(start),
            days=days,
            items=codes,
            name=name,
            now=datetime.now(),
        )
    if as_json:
        print_json(to_data(result))
    else:
        _print_plan(result)


def _print_plan(p: WavePlan) -> None:
    stdout.print(
        f"wave {p.id} ({p.name}): {p.starts_on} – {p.ends_on}, {p.scheduled} retailers "
        f"scheduled ({p.overdue} overdue), {len(p.excluded)} left out / 未安排"
    )
    print_table(
        "items / 调查项目",
        ["code", "项目", "item", "role"],
        [[i.code, i.zh, i.en, i.role] for i in p.items],
    )
    print_table("per day / 每日户数", ["day", "retailers"], [[d, n] for d, n in p.per_day.items()])
    if p.excluded:
        print_table(
            "left out / 未安排 (first 20)",
            ["retailer", "area", "last", "next due", "why"],
            [
                [e.retailer, e.area, e.last, e.next_due, f"{e.reason_zh} {e.reason_en}"]
                for e in p.excluded[:20]
            ],
        )


@survey_app.command("import")
def import_cmd(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="CSV or .xlsx of answers."),
    wave: str | None = typer.Option(
        None, "--wave", help="The wave of rows that name none (default: the latest planned)."
    ),
    as_json: bool = JSON,
) -> None:
    """Import answers; every rejected row is listed (exit status 1 if any)."""
    from care.service.surveys import import_answers

    content = read_upload(file)
    with session_of(ctx) as (session, principal), progress_bar() as progress:
        report = import_answers(
            session,
            principal,
            content,
            file.name,
            wave=wave,
            now=datetime.now(),
            progress=progress,
        )
    show_import(report, as_json)


@survey_app.command("analyse")
def analyse(
    ctx: typer.Context,
    wave: str | None = WAVE,
    by: str | None = typer.Option(None, "--by", help="class, area or format."),
    as_json: bool = JSON,
) -> None:
    """KANO category, Better/Worse, Fong's mixed flag and the I-S quadrant per item, overall
    and per group, with the items the groups answer significantly differently."""
    from care.service.surveys import analyse_survey

    with session_of(ctx) as (session, principal):
        result = analyse_survey(session, principal, wave=wave, by=by)
    if as_json:
        print_json(to_data(result))
    else:
        _print_analysis(result)


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _print_group(title: str, g: GroupResult) -> None:
    print_table(
        f"{title}: {g.answers} answers, {g.retailers} retailers; cut lines importance "
        f"{g.importance_cut:.2f}, satisfaction {g.satisfaction_cut:.2f}",
        [
            "item / 项目",
            "n",
            "KANO",
            "better",
            "worse",
            "mixed",
            "重要度 imp.",
            "满意度 sat.",
            "quadrant / 象限",
        ],
        [
            [
                f"{i.item_zh} {i.item_en}",
                i.n,
                f"{i.category.value} {i.category_zh} {i.category_en}" if i.category else "-",
                _num(i.better),
                _num(i.worse),
                "mixed 混合" if i.mixed else "",
                _num(i.importance),
                _num(i.satisfaction),
                f"{i.quadrant_zh} {i.quadrant_en}",
            ]
            for i in g.items
        ],
    )


def _print_analysis(a: SurveyAnalysis) -> None:
    stdout.print(f"wave {a.wave}: {a.answers} answers from {a.retailers} retailers")
    _print_group("all / 全部", a.overall)
    for g in a.groups:
        _print_group(f"{a.by} {g.group}", g)
    flagged = [d for d in a.differences if d.kano_significant or d.satisfaction_significant]
    if a.by:
        print_table(
            f"significant differences between {a.by} groups / 组间显著差异 (p < 0.05)",
            ["item", "groups", "KANO p", "satisfaction p"],
            [[d.item, d.groups, _num(d.kano_p), _num(d.satisfaction_p)] for d in flagged],
        )


@actions_app.command("list")
def list_cmd(
    ctx: typer.Context,
    area: str | None = typer.Option(None, "--area", help="One area only."),
    status: str | None = typer.Option(None, "--status", help="open or done."),
    offset: int = typer.Option(0, "--offset", help="Skip this many."),
    limit: int = typer.Option(100, "--limit", help="Show at most this many (1-1000)."),
    as_json: bool = JSON,
) -> None:
    """The actions of the areas in scope, open ones first."""
    from care.service.actions import list_actions

    with session_of(ctx) as (session, principal):
        page = list_actions(
            session, principal, area=area, status=status, page=PageRequest(offset, limit)
        )
    if as_json:
        print_json(to_data(page))
        return
    print_table(
        f"actions / 待办 {offset + 1}-{offset + len(page.items)} of {page.total}",
        ["id", "area", "kind", "role", "status", "说明", "what"],
        [[a.id, a.area, a.kind, a.role, a.status, a.text_zh, a.text_en] for a in page.items],
    )


@actions_app.command("derive")
def derive(ctx: typer.Context, wave: str | None = WAVE, as_json: bool = JSON) -> None:
    """Turn every under-service item of every area into an action on its team."""
    from care.service.actions import derive_actions

    with session_of(ctx) as (session, principal):
        result = derive_actions(session, principal, wave=wave, now=datetime.now())
    if as_json:
        print_json(to_data(result))
        return
    stdout.print(
        f"wave {result.wave}: {len(result.actions)} under-service actions in {result.areas} "
        f"areas ({result.created} new, {result.kept} derived before)"
    )


@actions_app.command("done")
def done(
    ctx: typer.Context,
    action_id: str = typer.Argument(..., help="An action's id."),
    as_json: bool = JSON,
) -> None:
    """Mark an action done."""
    from care.service.actions import complete_action

    with session_of(ctx) as (session, principal):
        action = complete_action(session, principal, action_id)
    if as_json:
        print_json(to_data(action))
    else:
        stdout.print(f"{action.id}: {action.status}")
