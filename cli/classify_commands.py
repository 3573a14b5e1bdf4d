"""`crm classify`: recompute every retailer's classes."""

from __future__ import annotations

from pathlib import Path

import typer

from classification.params import ClassParams
from classification.service.classify import classify_store
from cli.context import option_date, session_of
from cli.output import print_json, print_table, progress_bar, stdout
from graph.serialise import to_data


def classify(
    ctx: typer.Context,
    as_of: str | None = typer.Option(
        None, "--as-of", help="YYYY-MM-DD; default the day after the latest month of orders."
    ),
    params_file: Path | None = typer.Option(
        None, "--params", help="TOML thresholds and weights (classification/params.py)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Recompute and store every retailer's classes; print counts per class and the time."""
    when = option_date(as_of, "--as-of") if as_of else None
    params = ClassParams.from_file(params_file) if params_file else ClassParams()
    with session_of(ctx) as (session, principal), progress_bar() as progress:
        report = classify_store(session, principal, params, as_of=when, progress=progress)
    if as_json:
        print_json(to_data(report))
        return
    stdout.print(
        f"classified {report.retailers} retailers as of {report.as_of} in "
        f"{report.seconds} s; {report.changes} class changes recorded"
    )
    for scheme, counts in report.counts.items():
        if scheme != "category":
            print_table(scheme, ["class", "retailers"], [[k, v] for k, v in counts.items()])
