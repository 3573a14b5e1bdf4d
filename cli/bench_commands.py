"""`crm bench ...`: benchmark commands that print figures (never run by the test suite)."""

from __future__ import annotations

import typer

from cli.context import settings_of
from cli.output import print_json, print_table, progress_bar

bench_app = typer.Typer(help="Benchmarks that print figures.", no_args_is_help=True)


@bench_app.command("graph")
def bench_graph(
    ctx: typer.Context,
    retailers: int = typer.Option(11_500, "--retailers", min=60),
    seed: int = typer.Option(7, "--seed"),
    samples: int = typer.Option(200, "--samples", min=20),
    target: str | None = typer.Option(
        None,
        "--target",
        help="Store to benchmark (it is emptied); default a temporary LadybugDB file.",
    ),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Seconds to seed and load the city; p50/p95 of the area read and of who-serves."""
    from benchmarks.graph_load import run

    with progress_bar() as progress:
        result = run(
            retailers=retailers,
            seed=seed,
            samples=samples,
            target=target,
            credentials=settings_of(ctx).neo4j_credentials,
            progress=progress,
        )
    if as_json:
        print_json(result)
        return
    print_table("graph benchmark", ["figure", "value"], [[k, v] for k, v in result.items()])
