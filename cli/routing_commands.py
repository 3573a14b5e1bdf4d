"""`crm routes ...`: delivery plans, visit plans, call lists and route exports."""

from __future__ import annotations

import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import typer

from cli.context import option_date, session_of
from cli.output import print_json, print_table, progress_bar, stdout
from graph.errors import InvalidInput
from graph.serialise import to_data

routes_app = typer.Typer(help="Delivery routes, visit plans and call lists.", no_args_is_help=True)
JSON = typer.Option(False, "--json", help="Print JSON.")
DATE = typer.Option(..., "--date", help="YYYY-MM-DD")


@routes_app.command("plan")
def plan(
    ctx: typer.Context,
    day: str = DATE,
    zone: int | None = typer.Option(None, "--zone", help="Zone (default: the date's)."),
    engine: str = typer.Option("ortools", "--engine", help="ortools, pyvrp or auto."),
    time_limit: float = typer.Option(
        100.0,
        "--time-limit",
        help="Seconds for planning the day, travel matrices and models included "
        "(reading and writing the graph come on top; the result shows both).",
    ),
    osrm: str | None = typer.Option(
        None,
        "--osrm",
        help="OSRM server URL for travel times (default: straight lines, no network).",
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Plan without writing."),
    balance_shifts: bool = typer.Option(
        False, "--balance-shifts", help="Even out the drivers' shift lengths."
    ),
    as_json: bool = JSON,
) -> None:
    """Plan the date's delivery routes and replace them on the graph."""
    from routing.service import delivery_params, plan_routes, route_matrix

    with (
        session_of(ctx) as (session, principal),
        progress_bar() as progress,
        ProcessPoolExecutor(max_workers=2) as pool,
    ):
        result = plan_routes(
            session,
            principal,
            option_date(day, "--date"),
            zone=zone,
            engine=engine,
            time_limit_s=time_limit,
            matrix=route_matrix(osrm),
            params=delivery_params(balance_shifts=balance_shifts),
            dry_run=dry_run,
            executor=pool,
            progress=progress,
        )
    report = to_data(result)
    if as_json:
        print_json(report)
        return
    print_table(
        f"delivery {report['date']}, zone {report['zone']}",
        ["figure", "value"],
        [[k, v] for k, v in report.items() if k != "unserved"],
    )
    for u in result.unserved:
        stdout.print(f"unserved {u.retailer}: {u.reason}")


@routes_app.command("visits")
def visits(
    ctx: typer.Context,
    week: str = typer.Option(..., "--week", help="YYYY-Www"),
    as_json: bool = JSON,
) -> None:
    """Every customer manager's visits for the week, day by day in route order."""
    from routing.service import plan_visits

    match = re.fullmatch(r"(\d{4})-W(\d{1,2})", week)
    if not match:
        raise InvalidInput(f"--week {week!r}: use YYYY-Www, e.g. 2026-W48")
    with session_of(ctx) as (session, principal):
        result = plan_visits(session, principal, int(match[1]), int(match[2]))
    report = to_data(result)
    if as_json:
        print_json(report)
        return
    print_table(
        f"visits {result.week}",
        ["figure", "value"],
        [[k, v if k != "missed" else len(v)] for k, v in report.items() if k != "days"],
    )


@routes_app.command("calls")
def calls(ctx: typer.Context, day: str = DATE, as_json: bool = JSON) -> None:
    """Each call-centre agent's ordered call list for the date's zone (≤ 140 each)."""
    from routing.service import plan_calls

    with session_of(ctx) as (session, principal):
        result = plan_calls(session, principal, option_date(day, "--date"))
    if as_json:
        print_json(to_data(result))
        return
    print_table(
        f"calls {result.date}, zone {result.zone}",
        ["agent", "calls"],
        [[a, len(c)] for a, c in result.lists.items()],
    )


@routes_app.command("export")
def export(
    ctx: typer.Context,
    day: str = DATE,
    fmt: str = typer.Option("geojson", "--format", help="geojson, csv or manifest."),
    out: Path = typer.Argument(..., help="Output file."),
) -> None:
    """The date's routes as GeoJSON, CSV or printable manifests."""
    from routing.service import export_routes

    with session_of(ctx) as (session, principal):
        result = export_routes(session, principal, option_date(day, "--date"), fmt)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(result.content)
    stdout.print(f"wrote {result.routes} routes to {out}")
