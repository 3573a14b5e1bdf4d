"""`crm province`: many cities, each in its own store, planned side by side on Ray."""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from pathlib import Path

import typer

from cli.output import print_json, print_table, progress_bar
from graph.errors import InvalidInput

province_app = typer.Typer(help="A province of cities (one store a city) planned on Ray.")


@province_app.command("seed")
def seed(
    into: Path = typer.Option(..., "--into", help="Folder of the province (a store a city)."),
    cities: int = typer.Option(4, "--cities", help="Cities of Anhui, in adcode order (1–16)."),
    retailers: int = typer.Option(3000, "--retailers-per-city", help="Retailers in each city."),
    seed_: int = typer.Option(7, "--seed", help="Province seed; each city's is derived."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Seed the cities, each into INTO/<adcode>/graph (emptied first), and list them in
    INTO/province.json."""
    from province.seed import seed_province

    with progress_bar() as progress:
        made = seed_province(into, cities, retailers, seed_, progress)
    if as_json:
        print_json({"into": str(into), "cities": made})
        return
    print_table(
        "province 省",
        ["adcode", "城市", "city", "retailers", "seed", "store"],
        [[c.adcode, c.name, c.name_en, c.retailers, c.seed, c.store(into)] for c in made],
    )


@province_app.command("plan")
def plan(
    into: Path = typer.Option(..., "--into", help="Folder of the province."),
    date: str = typer.Option(..., "--date", help="Delivery date, YYYY-MM-DD (as crm routes plan)."),
    design: bool = typer.Option(False, "--design", help="Redraw every city's areas first."),
    ray_address: str | None = typer.Option(
        None, "--ray-address", help="A Ray cluster (default: RAY_ADDRESS, else a local Ray)."
    ),
    serial: bool = typer.Option(False, "--serial", help="Run the tasks here, one at a time."),
    day_limit: float = typer.Option(
        300.0,
        "--day-limit",
        min=1.0,
        help="Cap on a depot's day (s); its solutions stop it first.",
    ),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Design (with --design) and plan the date's deliveries of every city: one task a
    city's design and one a depot's day; each city written back by this process. A city
    that fails is reported with its error while the others complete."""
    from province.cities import read_manifest
    from province.plan import ProvinceSettings, plan_province
    from province.runners import RayRunner, Runner, SerialRunner

    try:
        day = dt.date.fromisoformat(date)
    except ValueError as exc:
        raise InvalidInput(f"date: {date!r} is not YYYY-MM-DD") from exc
    read_manifest(into)  # a folder without a province is refused before Ray starts
    runner: Runner = SerialRunner() if serial else RayRunner(ray_address)
    # Ray prints its retries on stdout: stdout is kept for the result
    with progress_bar() as progress, contextlib.redirect_stdout(sys.stderr):
        result = plan_province(
            into,
            day,
            runner,
            design=design,
            settings=ProvinceSettings(day_s=day_limit),
            progress=progress,
        )
    if as_json:
        print_json(result)
    else:
        print_table(
            f"province plan {result.date} (zone {result.zone}) 全省计划",
            ["adcode", "城市", "ok", "stops", "served", "vehicles", "km", "areas", "routes",
             "error"],
            [
                [c.adcode, c.name, c.ok, c.stops, c.served, c.vehicles, c.km, c.areas_digest,
                 c.routes_digest, c.error]
                for c in result.cities
            ],
        )  # fmt: skip
        print_table(
            "figures 指标",
            ["figure", "value"],
            [
                ["tasks 任务", result.tasks],
                ["wall seconds 耗时", result.wall_seconds],
                ["task seconds 任务累计", result.task_seconds],
                ["peak worker MiB 内存峰值", result.peak_worker_mib],
                ["digest 摘要", result.digest],
            ],
        )
    if not all(c.ok for c in result.cities):
        raise typer.Exit(1)
