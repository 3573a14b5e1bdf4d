"""`crm seed` (a generated city) and `crm import` (real data from CSV or Excel)."""

from __future__ import annotations

from pathlib import Path

import typer

from cli.context import store_of
from cli.output import print_json, print_table, progress_bar, stdout

seed_app = typer.Typer(
    help="Generate a realistic city into the store.", invoke_without_command=True
)
import_app = typer.Typer(
    help="Import real retailers or orders (CSV or .xlsx).", no_args_is_help=True
)
JSON = typer.Option(False, "--json", help="Print JSON.")


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
    with store_of(ctx, create=True) as store, progress_bar() as progress:
        report = seed_city(store, params, seed_value, reset=reset, progress=progress)
    if as_json:
        print_json(report)
        return
    stdout.print(
        f"seeded {report.retailers} retailers (seed {report.seed}): generated in "
        f"{report.generate_seconds} s, loaded in {report.load_seconds} s"
    )
    print_table("nodes", ["label", "count"], [[k, v] for k, v in report.nodes.items()])


def _report(report: object, as_json: bool) -> None:
    from seeds.import_service import ImportReport

    assert isinstance(report, ImportReport)
    data = report.as_dict()
    if as_json:
        print_json(data)
    else:
        stdout.print(
            f"{report.file}: {report.rows} rows, {report.created} created, "
            f"{report.updated} updated, {len(report.rejected)} rejected"
        )
        if report.rejected:
            print_table(
                "rejected rows",
                ["line", "column", "message"],
                [[e.line, e.column, e.message] for e in report.rejected],
            )
        for col, why in report.ignored_columns.items():
            stdout.print(f"ignored column {col!r}: {why}")
    if report.rejected:
        raise typer.Exit(1)


@import_app.command("retailers")
def import_retailers_cmd(
    ctx: typer.Context, file: Path = typer.Argument(..., help="CSV or .xlsx"), as_json: bool = JSON
) -> None:
    """Create or update retailers; every rejected row is listed (exit status 1 if any)."""
    from seeds.import_service import import_retailers

    with store_of(ctx, create=True) as store, progress_bar() as progress:
        report = import_retailers(store, file, progress=progress)
    _report(report, as_json)


@import_app.command("orders")
def import_orders_cmd(
    ctx: typer.Context, file: Path = typer.Argument(..., help="CSV or .xlsx"), as_json: bool = JSON
) -> None:
    """Import orders (per order with a date, or monthly totals); re-importing replaces."""
    from seeds.import_service import import_orders

    with store_of(ctx) as store, progress_bar() as progress:
        report = import_orders(store, file, progress=progress)
    _report(report, as_json)
