"""`crm routes ...`: delivery plans, visit plans, call lists and route exports."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import typer

from cli.context import option_date, session_of
from cli.output import print_json, print_table, progress_bar, stdout
from graph.serialise import to_data

routes_app = typer.Typer(help="Delivery routes, visit plans and call lists.", no_args_is_help=True)
JSON = typer.Option(False, "--json", help="Print JSON.")
DATE = typer.Option(..., "--date", help="YYYY-MM-DD")


@routes_app.command("plan")
def plan(
    ctx: typer.Context,
    day: str = typer.Option(
        ...,
        "--date",
        help="The delivery date, YYYY-MM-DD: the zone that ordered the day before is "
        "delivered (morning orders in the morning, afternoon orders in the afternoon).",
    ),
    zone: int | None = typer.Option(None, "--zone", help="Zone (default: the date's)."),
    engine: str = typer.Option("ortools", "--engine", help="ortools, pyvrp or auto."),
    time_limit: float = typer.Option(
        60.0,
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
    verbose: bool = typer.Option(
        False, "--verbose", help="List every unserved stop (the table counts them by reason)."
    ),
    as_json: bool = JSON,
) -> None:
    """Plan the date's delivery routes and replace them on the graph: each depot's stops
    over its whole fleet, with the bound beside it and the unserved stops by reason."""
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
    lists = ("unserved", "unserved_by_reason", "bounds", "vehicles_by_depot")
    used = result.vehicles_by_depot
    print_table(
        f"delivery {report['date']} (ordered {report['order_date']}), zone {report['zone']}",
        ["figure", "value"],
        [[k, v] for k, v in report.items() if k not in lists],
    )
    print_table(
        "vehicles by depot: the bound (fewest any plan needs) and what the plan used",
        ["depot", "stops", "vehicles", "bound", "binding", "fits", "used"],
        [
            [b.depot, b.stops, b.vehicles, b.needed, b.binding, b.fits, used.get(b.depot, 0)]
            for b in result.bounds
        ],
    )
    if result.unserved_by_reason:
        print_table(
            "unserved stops by reason",
            ["reason", "stops"],
            [[r.reason, r.stops] for r in result.unserved_by_reason],
        )
    if verbose:
        for u in result.unserved:
            stdout.print(f"unserved {u.retailer}: {u.reason}")


@routes_app.command("replan")
def replan(
    ctx: typer.Context,
    day: str = typer.Option(..., "--date", help="The delivery date with routes, YYYY-MM-DD."),
    freeze: str = typer.Option(
        "", "--freeze", help="Vehicles whose trips stay as planned (loaded, left): V01,V02."
    ),
    add: Path | None = typer.Option(
        None,
        "--add",
        exists=True,
        dir_okay=False,
        help="Late orders: CSV with retailer,cases[,batch] (batch am or pm).",
    ),
    cancel: list[str] = typer.Option([], "--cancel", help="A cancelled retailer (repeat)."),
    engine: str = typer.Option("ortools", "--engine", help="ortools, pyvrp or auto."),
    time_limit: float = typer.Option(60.0, "--time-limit", help="Seconds for the re-plan."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Re-plan without writing."),
    as_json: bool = JSON,
) -> None:
    """Re-plan the date without upsetting it: frozen vehicles keep their trips, late orders
    are added, cancelled ones taken off, and only the other vehicles' routes change."""
    from routing.service.replan import read_late_orders, replan_routes

    orders = read_late_orders(add.read_text(encoding="utf-8-sig")) if add else ()
    with (
        session_of(ctx) as (session, principal),
        progress_bar() as progress,
        ProcessPoolExecutor(max_workers=2) as pool,
    ):
        result = replan_routes(
            session,
            principal,
            option_date(day, "--date"),
            freeze=[v.strip() for v in freeze.split(",") if v.strip()],
            add=orders,
            cancel=cancel,
            engine=engine,
            time_limit_s=time_limit,
            dry_run=dry_run,
            executor=pool,
            progress=progress,
        )
    if as_json:
        print_json(to_data(result))
        return
    plan = result.plan
    print_table(
        f"re-plan {plan.date}, zone {plan.zone}",
        ["figure", "value"],
        [
            ["frozen vehicles", ", ".join(result.frozen) or "-"],
            ["stops kept on them", result.kept_stops],
            ["added", len(result.added)],
            ["cancelled", len(result.cancelled)],
            ["moved to another vehicle or trip", len(result.moved)],
            ["served", f"{plan.served} of {plan.stops}"],
            ["vehicles used (all)", plan.vehicles],
            ["bound (the vehicles not frozen)", plan.vehicles_needed],
            ["km", plan.total_km],
            ["applied", plan.applied],
        ],
    )
    if result.moved:
        print_table(
            "moved stops (vehicle/trip)",
            ["retailer", "before", "after"],
            [[m.retailer, m.before, m.after] for m in result.moved],
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
