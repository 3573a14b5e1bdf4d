"""`crm territory ...`: redraw areas and zones, rebalance them, partition any graph of units;
the plans' history and moves by hand are in `cli.territory_plan_commands`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from cli.context import principal_of, session_of
from cli.output import print_json, print_table, progress_bar, stdout
from cli.territory_plan_commands import move, plans_app
from graph.serialise import to_data

if TYPE_CHECKING:
    from territory.design_params import DesignParams
    from territory.service import DesignResult, RebalanceResult

territory_app = typer.Typer(
    help="Areas (片区) and delivery zones: design, rebalance, move by hand, plans' history.",
    no_args_is_help=True,
)
territory_app.add_typer(plans_app, name="plans")
territory_app.command("move")(move)
JSON = typer.Option(False, "--json", help="Print JSON.")
TOLERANCE = typer.Option(
    None, "--tolerance", help="0.05 for every measure, or customers=0.05,workload=0.05,volume=0.12."
)
STRICT = typer.Option(False, "--strict", help="Exit with status 2 when a tolerance is missed.")
DRY_RUN = typer.Option(False, "--dry-run", help="Compute and report; write nothing.")


def _base_params(params_file: Path | None) -> DesignParams:
    from territory.design_params import DesignParams

    return DesignParams.from_file(params_file) if params_file else DesignParams()


def _pins(items: list[str]) -> dict[str, str]:
    """``AREA=RETAILER`` items as area → retailer."""
    from graph.errors import InvalidInput

    pins = {}
    for item in items:
        code, sep, rid = item.partition("=")
        if not sep:
            raise InvalidInput(f"--pin {item!r}: use AREA=RETAILER")
        pins[code] = rid
    return pins


def _show(result: DesignResult | RebalanceResult, as_json: bool, strict: bool) -> None:
    """Print the result, then with `strict` fail on a missed tolerance."""
    from territory.service import require_feasible

    if as_json:
        print_json(to_data(result))
    else:
        _print_report(result)
    if strict:
        require_feasible(result)


def _print_report(r: DesignResult | RebalanceResult) -> None:
    stdout.print(
        f"feasible: {r.feasible}, contiguous: {r.contiguous}, compactness {r.compactness_km} km,"
        f" moved {r.moved} ({r.moved_fraction:.1%}), {r.seconds} s"
        + (" — applied" if r.applied else " — dry run, nothing written")
    )
    print_table(
        "balance (largest deviation from the mean)",
        ["measure", "deviation", "tolerance"],
        [[m, f"{d:.1%}", f"{r.tolerance.get(m, 0):.0%}"] for m, d in r.balance.items()],
    )
    for miss in r.misses:
        stdout.print(
            f"[red]miss[/red] {miss.area} {miss.measure} "
            f"{miss.deviation:+.1%} (tolerance ±{miss.tolerance:.0%})"
        )
    print_table(
        "zone-days",
        ["zone", "depot", "stops", "cases", "vehicle-days", "vehicles", "fits"],
        [
            [z.zone, z.depot, z.stops, z.cases, z.vehicle_days, z.vehicles, z.fits]
            for z in r.zone_days
        ],
    )
    if r.zones_proved and not all(z.fits for z in r.zone_days):
        stdout.print(
            "[yellow]no split of these areas into connected zones within the zone "
            "tolerance fits every depot's fleet: all were tried, and this one leaves the "
            "least short[/yellow]"
        )


@territory_app.command("design")
def design(
    ctx: typer.Context,
    areas: int | None = typer.Option(None, "--areas", help="Areas (default 20)."),
    zones: int | None = typer.Option(None, "--zones", help="Delivery zones (default 3)."),
    tolerance: str | None = TOLERANCE,
    strict: bool = STRICT,
    dry_run: bool = DRY_RUN,
    seed: int | None = typer.Option(None, "--seed"),
    time_limit: float | None = typer.Option(
        None,
        "--time-limit",
        help="Seconds for drawing the areas (default 60; reading the graph, the zones and "
        "writing come on top).",
    ),
    within_districts: bool = typer.Option(
        False, "--within-districts", help="Keep every area inside one district or county."
    ),
    lock_retailer: list[str] = typer.Option(
        [], "--lock-retailer", help="Keep this retailer in its area (repeatable)."
    ),
    lock_area: list[str] = typer.Option(
        [], "--lock-area", help="Keep this whole area as it is (repeatable)."
    ),
    pin: list[str] = typer.Option(
        [], "--pin", help="AREA=RETAILER: the area's centre (repeatable)."
    ),
    params_file: Path | None = typer.Option(None, "--params", help="TOML parameters."),
    as_json: bool = JSON,
) -> None:
    """Redraw the areas (balanced, compact, connected) and the zones from scratch."""
    from territory.service import design_territory

    pins = _pins(pin)
    params = _base_params(params_file).with_overrides(
        areas=areas,
        zones=zones,
        seed=seed,
        time_limit_s=time_limit,
        within_districts=within_districts or None,
        tolerance=tolerance,
    )
    with session_of(ctx) as (session, principal), progress_bar() as progress:
        result = design_territory(
            session,
            principal,
            params,
            dry_run=dry_run,
            lock_retailers=lock_retailer,
            lock_areas=lock_area,
            pins=pins,
            progress=progress,
        )
    _show(result, as_json, strict)


@territory_app.command("rebalance")
def rebalance(
    ctx: typer.Context,
    max_moved: float | None = typer.Option(
        None, "--max-moved", help="Largest share of retailers that may move (0.1)."
    ),
    tolerance: str | None = TOLERANCE,
    strict: bool = STRICT,
    dry_run: bool = DRY_RUN,
    seed: int | None = typer.Option(None, "--seed"),
    params_file: Path | None = typer.Option(None, "--params"),
    as_json: bool = JSON,
    lock_retailer: list[str] = typer.Option(
        [], "--lock-retailer", help="Keep this retailer in its area, from now on (repeatable)."
    ),
    lock_area: list[str] = typer.Option(
        [], "--lock-area", help="Keep this whole area as it is, from now on (repeatable)."
    ),
    unlock: list[str] = typer.Option(
        [], "--unlock", help="Lift the lock or pin on this retailer or area (repeatable)."
    ),
) -> None:
    """Restore the tolerances from the current areas, moving as few retailers as possible and
    never a locked one (the locks stored with the current plan, plus and less these)."""
    from territory.service import rebalance_territory

    params = _base_params(params_file).with_overrides(
        seed=seed, max_moved=max_moved, tolerance=tolerance
    )
    with session_of(ctx) as (session, principal), progress_bar() as progress:
        result = rebalance_territory(
            session,
            principal,
            params,
            dry_run=dry_run,
            lock_retailers=lock_retailer,
            lock_areas=lock_area,
            unlock=unlock,
            progress=progress,
        )
    if not as_json:
        stdout.print(f"moved {result.moved} retailers; lower bound {result.moved_lower_bound}")
    _show(result, as_json, strict)


@territory_app.command("partition")
def partition(
    ctx: typer.Context,
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="GraphML of basic units."),
    districts: int = typer.Option(..., "--districts", min=1),
    measures: str = typer.Option(..., "--measures", help="Node attributes, a,b,c."),
    tolerance: str = typer.Option("0.05", "--tolerance"),
    objective: str = typer.Option("compactness", "--objective", help="compactness or diameter"),
    time_limit: float = typer.Option(120.0, "--time-limit"),
    seed: int = typer.Option(7, "--seed"),
    iterations: int = typer.Option(
        4000,
        "--iterations",
        min=0,
        help="Kicks of the diameter search (a count: same seed, same plan).",
    ),
    searches: int = typer.Option(
        3, "--searches", min=1, help="Diameter searches, each from one of the best starts."
    ),
    paths: str = typer.Option(
        "district", "--paths", help="Diameter along paths inside a district, or of the graph."
    ),
    out: Path | None = typer.Option(None, "--out", help="CSV of node,district."),
    as_json: bool = JSON,
) -> None:
    """The districting engine on any graph of units given as GraphML."""
    from territory.design_params import parse_tolerance
    from territory.service import partition_graph

    names = [m.strip() for m in measures.split(",") if m.strip()]
    principal = principal_of(ctx)
    with file.open("rb") as graphml:
        result = partition_graph(
            principal,
            graphml,
            districts=districts,
            measures=names,
            tolerance=parse_tolerance(tolerance, {m: 0.05 for m in names}, tuple(names)),
            objective=objective,
            time_limit_s=time_limit,
            seed=seed,
            search_iterations=iterations,
            searches=searches,
            paths=paths,
        )
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(result.assignment_csv())
    summary = to_data(result)
    if as_json:
        print_json(summary)
    else:
        del summary["district_of"]
        print_table(
            f"{file.name}: {districts} districts",
            ["figure", "value"],
            [[k, v] for k, v in summary.items()],
        )
