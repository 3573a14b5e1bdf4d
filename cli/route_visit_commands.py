"""`crm routes visits`: every customer manager's week of visits."""

from __future__ import annotations

import re

import typer

from cli.context import session_of
from cli.output import print_json, print_table
from cli.routing_commands import JSON
from graph.errors import InvalidInput
from graph.serialise import to_data

FIGURES = (
    "week",
    "managers",
    "working_days",
    "visits",
    "max_visits_per_day",
    "max_day_minutes",
    "moved_to_other_manager",
    "missed",
    "seconds",
)


def visits(
    ctx: typer.Context,
    week: str = typer.Option(..., "--week", help="YYYY-Www"),
    working_days: int = typer.Option(6, "--working-days", help="Visiting days a week (1-7)."),
    as_json: bool = JSON,
) -> None:
    """Every customer manager's visits for the week, day by day in route order; visits a
    colleague of the same area makes, and per area the manager-days short where some are
    missed."""
    from routing.service import plan_visits
    from routing.visits import VisitParams

    match = re.fullmatch(r"(\d{4})-W(\d{1,2})", week)
    if not match:
        raise InvalidInput(f"--week {week!r}: use YYYY-Www, e.g. 2026-W48")
    params = VisitParams(working_days=working_days)
    with session_of(ctx) as (session, principal):
        result = plan_visits(session, principal, int(match[1]), int(match[2]), params=params)
    if as_json:
        print_json(to_data(result))
        return
    report = to_data(result)
    report["missed"] = len(result.missed)
    print_table(f"visits {result.week}", ["figure", "value"], [[k, report[k]] for k in FIGURES])
    if result.short:
        print_table(
            "areas short of managers",
            ["area", "manager-days short", "visits missed", "minutes"],
            [[s.area, s.manager_days, s.missed, s.minutes] for s in result.short],
        )
        print_table(
            "missed by reason",
            ["reason", "visits"],
            list(map(list, result.missed_by_reason.items())),
        )
