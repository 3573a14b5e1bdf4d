"""`crm bench day`: the dispatcher's delivery days on seeded cities (`benchmarks.day_bench`)."""

from __future__ import annotations

import typer

from cli.output import print_json, print_table, progress_bar


def bench_day(
    seeds: str = typer.Option("7,8", "--seeds", help="City seeds, comma-separated."),
    engine: str = typer.Option("ortools", "--engine", help="Engines: ortools,pyvrp,auto."),
    retailers: int = typer.Option(11500, "--retailers", min=100),
    time_limit: float = typer.Option(60.0, "--time-limit", min=1.0, help="Seconds a day."),
    vroom: float = typer.Option(
        60.0, "--vroom", min=0.0, help="Seconds VROOM gets a depot-day (0: no peer)."
    ),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """The three zone-days of each seeded city, as seeded and after a design and a quarter
    of changes: served, unserved, vehicles against the bound, km, longest shift, seconds;
    VROOM beside them on the same days."""
    from benchmarks.day_bench import run

    with progress_bar() as progress:
        result = run(
            seeds=[int(x) for x in seeds.split(",") if x.strip()],
            engines=[e.strip() for e in engine.split(",") if e.strip()],
            retailers=retailers,
            budget_s=time_limit,
            vroom_s=vroom,
            progress=progress,
        )
    if as_json:
        print_json(result)
        return
    columns = [
        "seed", "state", "zone", "engine", "stops", "served", "unserved", "vehicles", "bound",
        "km", "longest_shift_min", "over_capacity", "seconds",
    ]  # fmt: skip
    print_table(
        "delivery days",
        columns,
        [[r.get(c, "") for c in columns] for r in result["rows"]],
    )
    print_table("summary", ["figure", "value"], [[k, v] for k, v in result["summary"].items()])
