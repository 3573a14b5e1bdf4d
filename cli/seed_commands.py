"""`crm seed` (a generated city), `crm seed perturb` (a simulated quarter), `crm seed activity`
(weeks of generated service activity) and `crm import` (real data from CSV or Excel)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import typer

from cli.context import session_of
from cli.output import print_json, print_table, progress_bar, read_upload, show_import, stdout
from graph.serialise import to_data

seed_app = typer.Typer(
    help="Generate a realistic city and load it into the graph.", invoke_without_command=True
)
import_app = typer.Typer(
    help="Import real retailers or orders (CSV or .xlsx).", no_args_is_help=True
)
JSON = typer.Option(False, "--json", help="Print JSON.")
FILE = typer.Argument(..., help="CSV or .xlsx")


@seed_app.callback()
def seed(
    ctx: typer.Context,
    retailers: int = typer.Option(11_500, "--retailers", min=60, help="Retailers to generate."),
    seed_value: int = typer.Option(
        7, "--seed", help="Random seed: the same seed gives the same graph."
    ),
    reset: bool = typer.Option(False, "--reset", help="Empty the graph first."),
    params_file: Path | None = typer.Option(
        None, "--params", help="TOML file of city parameters (seeds/params.py)."
    ),
    as_json: bool = JSON,
) -> None:
    """Generate a city modelled on Hefei and load it."""
    if ctx.invoked_subcommand is not None:
        return
    from seeds.params import CityParams
    from seeds.service import seed_city

    params = (
        CityParams.from_file(params_file, retailers=retailers)
        if params_file
        else CityParams(retailers=retailers)
    )
    with session_of(ctx, create=True) as (session, principal), progress_bar() as progress:
        report = seed_city(session, principal, params, seed_value, reset=reset, progress=progress)
    if as_json:
        print_json(to_data(report))
        return
    stdout.print(
        f"seeded {report.retailers} retailers (seed {report.seed}): generated in "
        f"{report.generate_seconds} s, loaded in {report.load_seconds} s"
    )
    print_table("nodes", ["label", "count"], [[k, v] for k, v in report.nodes.items()])


@seed_app.command("perturb")
def perturb(
    ctx: typer.Context,
    open_count: int = typer.Option(300, "--open", min=0, help="Retailers that open."),
    close_count: int = typer.Option(200, "--close", min=0, help="Retailers that close."),
    grow: float = typer.Option(0.1, "--grow", help="Mean volume growth (0.1 = +10%)."),
    seed_value: int = typer.Option(11, "--seed"),
    as_json: bool = JSON,
) -> None:
    """Simulate a quarter of openings, closures and growth in the graph."""
    from seeds.service import perturb_city

    with session_of(ctx) as (session, principal), progress_bar() as progress:
        report = perturb_city(
            session,
            principal,
            open_count=open_count,
            close_count=close_count,
            grow=grow,
            seed=seed_value,
            progress=progress,
        )
    if as_json:
        print_json(to_data(report))
    else:
        stdout.print(
            f"closed {report.closed}, opened {report.opened}, grew {report.grown} "
            f"retailers by {report.mean_growth:.1%} on average"
        )


@seed_app.command("activity")
def activity(
    ctx: typer.Context,
    weeks: int = typer.Option(12, "--weeks", min=1, max=52, help="Whole weeks of activity."),
    until: datetime | None = typer.Option(
        None,
        "--until",
        formats=["%Y-%m-%d"],
        help="Last day (moved back to its Saturday); default: the last Saturday of the latest "
        "order month.",
    ),
    seed_value: int = typer.Option(7, "--seed", help="Random seed: the same seed, the same data."),
    as_json: bool = JSON,
) -> None:
    """Generate service activity on a classified city: every planned visit (some missed, late,
    short, too far, duplicated or spoofed), calls on the order days of the last 4 weeks only
    and their deliveries, inspections, complaints and requests (a few breached), and one
    survey wave with KANO categories planted per class. Replaces earlier generated activity;
    run it after `crm classify` and `crm territory design`."""
    from seeds.service.activity import seed_activity

    with session_of(ctx) as (session, principal), progress_bar() as progress:
        report = seed_activity(
            session,
            principal,
            weeks=weeks,
            until=until.date() if until else None,
            seed=seed_value,
            progress=progress,
        )
    if as_json:
        print_json(to_data(report))
        return
    stdout.print(
        f"activity {report.first_day} – {report.last_day} (seed {report.seed}): generated in "
        f"{report.generate_seconds} s, written in {report.write_seconds} s"
    )
    print_table("记录 records", ["kind", "count"], [[k, v] for k, v in report.counts.items()])


@import_app.command("retailers")
def import_retailers_cmd(
    ctx: typer.Context,
    file: Path = FILE,
    margin_km: float = typer.Option(
        2.0, "--margin-km", help="How far outside its district's polygon a shop may lie."
    ),
    as_json: bool = JSON,
) -> None:
    """Create or update retailers; every rejected row is listed (exit status 1 if any)."""
    from seeds.service import import_retailers

    data = read_upload(file)
    with session_of(ctx, create=True) as (session, principal), progress_bar() as progress:
        report = import_retailers(
            session, principal, data, filename=str(file), margin_km=margin_km, progress=progress
        )
    show_import(report, as_json)


@import_app.command("orders")
def import_orders_cmd(ctx: typer.Context, file: Path = FILE, as_json: bool = JSON) -> None:
    """Import orders (per order with a date, or monthly totals); re-importing replaces."""
    from seeds.service import import_orders

    data = read_upload(file)
    with session_of(ctx) as (session, principal), progress_bar() as progress:
        report = import_orders(session, principal, data, filename=str(file), progress=progress)
    show_import(report, as_json)
