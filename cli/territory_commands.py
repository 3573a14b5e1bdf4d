"""`crm territory ...` and `crm seed perturb`: redraw areas and zones, rebalance, partition."""

from __future__ import annotations

from pathlib import Path

import typer

from cli.context import store_of
from cli.output import print_json, print_table, progress_bar, stdout
from graph.errors import Infeasible

territory_app = typer.Typer(
    help="Areas (片区) and delivery zones: design and rebalance.", no_args_is_help=True
)
JSON = typer.Option(False, "--json", help="Print JSON.")
TOLERANCE = typer.Option(
    None, "--tolerance", help="0.05 for every measure, or customers=0.05,workload=0.05,volume=0.12."
)
STRICT = typer.Option(False, "--strict", help="Exit with status 2 when a tolerance is missed.")
DRY_RUN = typer.Option(False, "--dry-run", help="Compute and report; write nothing.")


def _params(
    areas: int | None,
    zones: int | None,
    tolerance: str | None,
    seed: int | None,
    time_limit: float | None,
    params_file: Path | None,
    **extra: object,
) -> object:
    from dataclasses import replace

    from territory.design_params import DesignParams

    params = DesignParams.from_file(params_file) if params_file else DesignParams()
    changes = {
        k: v
        for k, v in {
            "areas": areas,
            "zones": zones,
            "seed": seed,
            "time_limit_s": time_limit,
            **extra,
        }.items()
        if v is not None
    }
    return replace(params, **changes).with_tolerance(tolerance)


def _show(report: dict[str, object], as_json: bool, strict: bool) -> None:
    if as_json:
        print_json(report)
    else:
        stdout.print(
            f"feasible: {report['feasible']}, contiguous: {report['contiguous']}, "
            f"compactness {report['compactness_km']} km, moved "
            f"{report['moved']} ({report['moved_fraction']:.1%}), {report['seconds']} s"
            + (" — applied" if report["applied"] else " — dry run, nothing written")
        )
        print_table(
            "balance (largest deviation from the mean)",
            ["measure", "deviation", "tolerance"],
            [
                [m, f"{d:.1%}", f"{report['tolerance'].get(m, 0):.0%}"]  # type: ignore[attr-defined]
                for m, d in report["balance"].items()
            ],
        )  # type: ignore[attr-defined]
        for miss in report["misses"]:  # type: ignore[attr-defined]
            stdout.print(
                f"[red]miss[/red] {miss['area']} {miss['measure']} "
                f"{miss['deviation']:+.1%} (tolerance ±{miss['tolerance']:.0%})"
            )
        print_table(
            "zone-days",
            ["zone", "depot", "stops", "cases", "vehicle-days", "vehicles", "fits"],
            [
                [
                    z["zone"],
                    z["depot"],
                    z["stops"],
                    z["cases"],
                    z["vehicle_days"],
                    z["vehicles"],
                    z["fits"],
                ]
                for z in report["zone_days"]
            ],
        )  # type: ignore[attr-defined]
        short = [z for z in report["zone_days"] if not z["fits"]]  # type: ignore[attr-defined]
        if short and report.get("zones_proved"):
            stdout.print(
                "[yellow]no split of these areas into connected zones within the zone "
                "tolerance fits every depot's fleet: all were tried, and this one leaves the "
                "least short[/yellow]"
            )
    if strict and not report["feasible"]:
        misses = "; ".join(
            f"{m['area']} {m['measure']} {m['deviation']:+.1%}" for m in report["misses"]
        )  # type: ignore[attr-defined]
        proven = "; ".join(report.get("proven", []))  # type: ignore[arg-type]
        raise Infeasible(
            "tolerances missed: "
            + (misses or "districts not connected")
            + (f" (proven: {proven})" if proven else "")
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
    time_limit: float | None = typer.Option(None, "--time-limit", help="Seconds."),
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
    from graph.errors import InvalidInput
    from territory.service.territory import design_territory

    pins = {}
    for item in pin:
        code, sep, rid = item.partition("=")
        if not sep:
            raise InvalidInput(f"--pin {item!r}: use AREA=RETAILER")
        pins[code] = rid
    params = _params(
        areas,
        zones,
        tolerance,
        seed,
        time_limit,
        params_file,
        within_districts=within_districts or None,
    )
    with store_of(ctx) as store, progress_bar() as progress:
        report = design_territory(
            store,
            params,
            dry_run=dry_run,  # type: ignore[arg-type]
            lock_retailers=lock_retailer,
            lock_areas=lock_area,
            pins=pins,
            progress=progress,
        )
    _show(report, as_json, strict)


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
) -> None:
    """Restore the tolerances from the current areas, moving as few retailers as possible."""
    from territory.service.territory import rebalance_territory

    params = _params(None, None, tolerance, seed, None, params_file, max_moved=max_moved)
    with store_of(ctx) as store, progress_bar() as progress:
        report = rebalance_territory(
            store,
            params,
            dry_run=dry_run,  # type: ignore[arg-type]
            progress=progress,
        )
    if not as_json:
        stdout.print(
            f"moved {report['moved']} retailers; lower bound {report['moved_lower_bound']}"
        )
    _show(report, as_json, strict)


@territory_app.command("partition")
def partition(
    file: Path = typer.Argument(..., help="GraphML of basic units."),
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
    from territory.graphml import partition_graphml

    names = [m.strip() for m in measures.split(",") if m.strip()]
    tol = parse_tolerance(tolerance, {m: 0.05 for m in names}, tuple(names))
    report = partition_graphml(
        file,
        districts=districts,
        measures=names,
        tolerance=tol,
        objective=objective,
        time_limit_s=time_limit,
        seed=seed,
        search_iterations=iterations,
        searches=searches,
        paths=paths,
        out=out,
    )
    if as_json:
        print_json(report)
    else:
        print_table(
            f"{file.name}: {districts} districts",
            ["figure", "value"],
            [[k, v] for k, v in report.items()],
        )


def perturb(
    ctx: typer.Context,
    open_count: int = typer.Option(300, "--open", min=0, help="Retailers that open."),
    close_count: int = typer.Option(200, "--close", min=0, help="Retailers that close."),
    grow: float = typer.Option(0.1, "--grow", help="Mean volume growth (0.1 = +10%)."),
    seed: int = typer.Option(11, "--seed"),
    as_json: bool = JSON,
) -> None:
    """Simulate a quarter of openings, closures and growth in the store."""
    from seeds.perturb import perturb_city

    with store_of(ctx) as store, progress_bar() as progress:
        report = perturb_city(
            store,
            open_count=open_count,
            close_count=close_count,
            grow=grow,
            seed=seed,
            progress=progress,
        )
    if as_json:
        print_json(report)
    else:
        stdout.print(
            f"closed {report.closed}, opened {report.opened}, grew {report.grown} "
            f"retailers by {report.mean_growth:.1%} on average"
        )
