"""`crm points`: monthly incentive scores by the four roles, accumulated points and the
raters' report.

Scores are entered as the acting principal: the root options ``--as-staff EMPLOYEE_NO
--role ROLE`` (default: the local administrator, who names the scorer with ``--staff``).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from cli.context import session_of
from cli.output import print_json, print_table, read_upload, show_import, stdout
from graph.model import Role
from graph.serialise import to_data

if TYPE_CHECKING:
    from care.service.points import PointsReport, RetailerPoints

points_app = typer.Typer(
    help="Process-incentive scores by the four roles and their report.", no_args_is_help=True
)
JSON = typer.Option(False, "--json", help="Print JSON.")
ROLE_ZH = {r: Role(r).label_zh for r in ("manager", "agent", "driver", "inspector")}


LAW = typer.Option(..., "--law", min=0, max=100, help="守法经营 law-abiding, 0–100.")
COOPERATION = typer.Option(..., "--cooperation", min=0, max=100, help="合作配合 cooperation.")
CONSTRUCTIVE = typer.Option(..., "--constructive", min=0, max=100, help="建设性 constructive.")
GROWTH = typer.Option(..., "--growth", min=0, max=100, help="成长性 growth, 0–100.")


@points_app.command("score")
def score(
    ctx: typer.Context,
    retailer_id: str = typer.Argument(..., help="Retailer id."),
    month: str = typer.Option(..., "--month", help="The month scored, YYYY-MM."),
    law: float = LAW,
    cooperation: float = COOPERATION,
    constructive: float = CONSTRUCTIVE,
    growth: float = GROWTH,
    staff: str | None = typer.Option(
        None, "--staff", help="Score on behalf of this team member (lead, supervisor, admin)."
    ),
    as_json: bool = JSON,
) -> None:
    """Score a shop for a month in the scorer's role; a re-score replaces."""
    from care.service.points import submit_score

    with session_of(ctx) as (session, principal):
        record = submit_score(
            session,
            principal,
            retailer_id,
            month,
            law,
            cooperation,
            constructive,
            growth,
            staff=staff,
            now=datetime.now(),
        )
    if as_json:
        print_json(to_data(record))
    else:
        stdout.print(
            f"scored {record.retailer_id} for {record.month} as {record.role.value} "
            f"{record.staff_id}: {record.law_abiding:g} / {record.cooperation:g} / "
            f"{record.constructive:g} / {record.growth:g}"
        )


@points_app.command("import")
def import_cmd(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="CSV or XLSX: retailer, staff, month, the criteria."),
    as_json: bool = JSON,
) -> None:
    """Import scores; every rejected row is listed (exit status 1 if any)."""
    from care.service.points import import_scores

    content = read_upload(file)
    with session_of(ctx) as (session, principal):
        report = import_scores(session, principal, content, file.name, now=datetime.now())
    show_import(report, as_json)


def _pct(share: float | None) -> str:
    return "" if share is None else f"{share:.0%}"


def _print_report(result: PointsReport) -> None:
    r = result.report
    stdout.print(
        f"[bold]scores of {r.month} / {r.month} 评分[/bold]: {r.overall.submitted} of "
        f"{r.overall.expected} expected ({_pct(r.overall.share)}); raters judged over "
        f"{', '.join(r.months)}"
    )
    areas = sorted({c.area for c in r.completeness})
    cells = {(c.area, c.role): c for c in r.completeness}
    roles = [c.role for c in r.by_role]
    print_table(
        "completeness / 评分完成率",
        ["area 片区", *(f"{x} {ROLE_ZH[x]}" for x in roles)],
        [
            [a, *(_pct(cells[(a, x)].share) if (a, x) in cells else "–" for x in roles)]
            for a in areas
        ]
        + [["all 合计", *(_pct(c.share) for c in r.by_role)]],
    )
    flagged = [b for b in r.raters if b.flag]
    print_table(
        f"flagged raters / 评分偏差 ({len(flagged)} of {len(r.raters)})",
        ["staff 评分人", "role 岗位", "n", "mean diff 平均差", "se", "t", "flag 标记"],
        [
            [b.staff_id, b.role, b.n, f"{b.mean_diff:+.1f}", b.std_error, b.t, b.flag]
            for b in flagged
        ],
    )


@points_app.command("report")
def report(
    ctx: typer.Context,
    month: str | None = typer.Option(None, "--month", help="YYYY-MM (default: latest)."),
    area: str | None = typer.Option(None, "--area", help="One area's code."),
    as_json: bool = JSON,
) -> None:
    """Completeness by area × role and raters lenient or harsh against the others."""
    from care.service.points import points_report

    with session_of(ctx) as (session, principal):
        result = points_report(session, principal, month=month, area=area)
    if as_json:
        print_json(to_data(result))
    else:
        _print_report(result)


def _print_points(p: RetailerPoints) -> None:
    stdout.print(
        f"[bold]{p.retailer_id}[/bold]: {p.accumulated:g} points accumulated over "
        f"{', '.join(p.window)} → {p.points_class} (special ≥ {p.special_from:g}, key ≥ "
        f"{p.key_from:g}); {p.total:g} over the months shown"
    )
    print_table(
        "monthly points / 月度积分",
        ["month 月份", "points 积分", *(f"{r} {ROLE_ZH[r]}" for r in ROLE_ZH)],
        [
            [
                m.month,
                "" if m.points is None else f"{m.points:g}",
                *(
                    next((f"{s.points:g}" for s in m.scores if s.role == role), "")
                    for role in ROLE_ZH
                ),
            ]
            for m in p.months
        ],
    )


@points_app.command("show")
def show(
    ctx: typer.Context,
    retailer_id: str = typer.Argument(..., help="Retailer id."),
    months: int = typer.Option(12, "--months", min=1, max=60, help="Months shown."),
    as_json: bool = JSON,
) -> None:
    """A retailer's monthly points by role and its accumulated points."""
    from care.service.points import retailer_points

    with session_of(ctx) as (session, principal):
        points = retailer_points(session, principal, retailer_id, months=months)
    if as_json:
        print_json(to_data(points))
    else:
        _print_points(points)
