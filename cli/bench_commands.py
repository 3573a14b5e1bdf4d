"""`crm bench ...`: benchmark commands that print figures (never run by the test suite)."""

from __future__ import annotations

from pathlib import Path

import typer

from cli.context import invocation_of
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
            credentials=invocation_of(ctx).settings.neo4j_credentials,
            progress=progress,
        )
    if as_json:
        print_json(result)
        return
    print_table("graph benchmark", ["figure", "value"], [[k, v] for k, v in result.items()])


@bench_app.command("territory")
def bench_territory(
    seeds: str = typer.Option("7,8", "--seeds", help="City seeds."),
    retailers: int = typer.Option(11_500, "--retailers", min=200),
    spopt: bool = typer.Option(
        True, "--spopt/--no-spopt", help="Include PySAL spopt (pip install '.[bench]')."
    ),
    curve: bool = typer.Option(True, "--curve/--no-curve", help="Volume trade-off curve."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Area design against k-means and spopt; zones; a rebalance after a perturbed quarter."""
    from benchmarks.territory_bench import run

    with progress_bar() as progress:
        result = run(
            seeds=[int(s) for s in seeds.split(",")],
            retailers=retailers,
            spopt=spopt,
            curve=curve,
            progress=progress,
        )
    if as_json:
        print_json(result)
        return
    for entry in result["results"]:  # type: ignore[attr-defined]
        print_table(
            f"city seed {entry['city_seed']}",
            [
                "method",
                "seconds",
                "customers",
                "workload",
                "volume",
                "compactness km",
                "contiguous",
            ],
            [
                [
                    m.get("method"),
                    m.get("seconds"),
                    m.get("customers"),
                    m.get("workload"),
                    m.get("volume"),
                    m.get("compactness_km"),
                    m.get("contiguous"),
                ]
                for m in entry["methods"]
            ],
        )


@bench_app.command("partition")
def bench_partition(
    instances: Path | None = typer.Option(
        None,
        "--instances",
        help="Directory of .graphml files (and published.csv); default: 5 planar and 8 "
        "grid-with-holes instances, generated.",
    ),
    districts: int = typer.Option(10, "--districts", min=1),
    measures: str = typer.Option("n_customers,demand,workload", "--measures"),
    tolerance: float = typer.Option(0.05, "--tolerance", min=0.0),
    time_limit: float = typer.Option(120.0, "--time-limit", min=1.0),
    seed: int = typer.Option(7, "--seed"),
    iterations: int = typer.Option(4000, "--iterations", min=0, help="Diameter-search kicks."),
    searches: int = typer.Option(3, "--searches", min=1, help="Diameter searches per instance."),
    paths: str = typer.Option("graph", "--paths", help="Diameter paths: graph or district."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Partition every GraphML instance with the diameter objective: diameter against a lower
    bound and against published.csv, balance, seconds; a summary per family."""
    from benchmarks.partition_bench import run
    from graph.errors import InvalidInput

    if instances is not None and not instances.is_dir():
        raise InvalidInput(f"--instances {instances}: not a directory")
    with progress_bar() as progress:
        result = run(
            instances,
            districts=districts,
            measures=tuple(m.strip() for m in measures.split(",") if m.strip()),
            tolerance=tolerance,
            time_limit_s=time_limit,
            seed=seed,
            iterations=iterations,
            searches=searches,
            paths=paths,
            progress=progress,
        )
    if as_json:
        print_json(result)
        return
    columns = [
        "family", "instance", "units", "diameter", "lower_bound", "ratio",
        "published_best", "gap_pct", "feasible", "seconds",
    ]  # fmt: skip
    print_table(
        "partition benchmark",
        columns,
        [[r[c] for c in columns] for r in result["results"]],  # type: ignore[attr-defined]
    )
    summary: dict[str, dict[str, object]] = result["summary"]  # type: ignore[assignment]
    keys = ["instances", "infeasible", "median_gap_pct", "median_ratio", "worst_ratio"]
    print_table(
        "by family",
        ["family", *keys, "worst_seconds"],
        [[family, *(s[k] for k in keys), s["worst_seconds"]] for family, s in summary.items()],
    )


@bench_app.command("routing")
def bench_routing(
    instances: Path = typer.Option(
        ..., "--instances", help="Directory of .vrp (CVRP) and .txt (Solomon) files."
    ),
    time_limit: str = typer.Option("10,60", "--time-limit", help="Seconds, e.g. 10,60."),
    engine: str = typer.Option("ortools,pyvrp,auto", "--engine"),
    seed: int = typer.Option(0, "--seed"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Solve every instance with each engine and time limit; gaps to bks.csv when present."""
    from benchmarks.routing_bench import run
    from graph.errors import InvalidInput

    if not instances.is_dir():
        raise InvalidInput(f"--instances {instances}: not a directory")
    try:
        limits = [float(t) for t in time_limit.split(",")]
    except ValueError:
        raise InvalidInput(f"--time-limit {time_limit!r}: use seconds like 10,60") from None
    with progress_bar() as progress:
        result = run(
            instances, limits, [e.strip() for e in engine.split(",")], seed=seed, progress=progress
        )
    if as_json:
        print_json(result)
        return
    print_table(
        "routing benchmark",
        ["instance", "engine", "limit s", "cost", "bks", "gap %", "vehicles", "feasible"],
        [
            [
                r["instance"],
                r["engine"],
                r["time_limit_s"],
                r["cost"],
                r["bks"],
                r["gap_pct"],
                r["vehicles"],
                r["feasible"],
            ]
            for r in result["results"]  # type: ignore[attr-defined]
        ],
    )


@bench_app.command("crash")
def bench_crash(
    kills: int = typer.Option(
        200, "--kills", min=7, help="Kills in all, spread over the commands."
    ),
    retailers: int = typer.Option(240, "--retailers", min=60, help="Retailers in the small city."),
    only: list[str] = typer.Option([], "--only", help="Only this command (repeatable)."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Kill seed, import, classify, design and rebalance apply, perturb and route planning at
    offsets spread over their run; after each kill the store must open, check clean and hold
    the state before the command or after one of its transactions."""
    from benchmarks.crash_bench import run
    from graph.serialise import to_data

    with progress_bar() as progress:
        results = run(kills=kills, retailers=retailers, only=only, progress=progress)
    if as_json:
        print_json(to_data(results))
        return
    columns = ["command", "run s", "transactions", "kills", "reopened", "check clean"]
    columns += ["before", "after", "neither"]
    rows = [
        [
            r.name,
            r.run_s,
            r.transactions,
            r.kills,
            r.reopened,
            r.clean,
            r.before,
            r.after,
            r.neither,
        ]
        for r in results
    ]
    print_table("crash benchmark", columns, rows)


@bench_app.command("api")
def bench_api(
    ctx: typer.Context,
    users: int = typer.Option(50, "--users", min=3, help="Simulated people (waits of 1–2 s)."),
    duration: float = typer.Option(60.0, "--duration", min=5.0, help="Seconds per phase."),
    saturation_users: int = typer.Option(
        24, "--saturation-users", min=3, help="Users without waits in the saturation phase."
    ),
    saturation_duration: float = typer.Option(30.0, "--saturation-duration", min=5.0),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Load the HTTP API on a copy of the store over loopback: people at their pages, the
    same during a route-planning job, then saturation; and where a request's time goes."""
    from benchmarks.api_bench import run
    from benchmarks.api_breakdown import breakdown_table
    from benchmarks.api_figures import COLUMNS, ENDPOINTS, met, table_rows
    from cli.output import stdout
    from graph.serialise import to_data

    with progress_bar() as progress:
        report = run(
            invocation_of(ctx).settings.store,
            users=users,
            duration_s=duration,
            saturation_users=saturation_users,
            saturation_duration_s=saturation_duration,
            progress=progress,
        )
    if as_json:
        print_json(to_data(report))
        return
    day = report.route_date or "none"
    stdout.print(
        f"store {report.store} (copied): {report.areas} areas, {report.team_leads} team leads "
        f"signed in; routes read for {day}",
        highlight=False,
    )
    for name, request in ENDPOINTS.items():
        stdout.print(f"  {name:<17} {request}", highlight=False)
    columns, rows = breakdown_table(report.breakdown)
    title = "where the time goes: in-process, answers not cached; HTTP: one client, warm caches"
    print_table(title, columns, rows)
    for phase in report.phases:
        verdict = "targets met" if met(phase) else "targets missed"
        title = f"{phase.title}: {phase.total.rps} req/s over {phase.seconds} s, {verdict} (ms)"
        print_table(title, COLUMNS, table_rows(phase))
        for message, count in phase.failures:
            stdout.print(f"  {count} × {message}", highlight=False)
    job = report.job
    stdout.print(
        f"route-planning job {job.id} (time limit {job.time_limit_s:g} s): "
        f"{job.state_at_phase_end} at the end of phase 2, then {job.state} after {job.seconds} s"
        + (f" — {job.error}" if job.error else ""),
        highlight=False,
    )
    for note in report.notes:
        stdout.print(note, highlight=False)


@bench_app.command("web")
def bench_web(
    ctx: typer.Context,
    runs: int = typer.Option(3, "--runs", min=1, help="Cold-browser visits per page."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Time the web pages in a cold headless Chromium (/usr/bin/chromium) on a copy of the
    store (default ./var/graph, which `make demo` builds): first render, time to interactive,
    blocking time, click → next paint, pan/zoom frame gaps, JS size and requests off the
    origin, each the median of the runs, beside the targets."""
    from benchmarks.web_bench import run
    from benchmarks.web_figures import table_rows
    from cli.output import stderr, stdout
    from graph.serialise import to_data

    def progress(stage: str, done: int, total: int) -> None:
        stderr.print(f"{stage} {done}/{total}" if total else stage, highlight=False)

    settings = invocation_of(ctx).settings
    report = run(settings.store, web_dir=settings.web_dir, runs=runs, progress=progress)
    if as_json:
        print_json(to_data(report))
        return
    stdout.print(
        f"store {report.store} (copied); the team lead's page is /area/{report.area}",
        highlight=False,
    )
    title = f"web pages, median of {report.runs} cold-browser runs (MISS: target missed)"
    columns = ["figure", "target", *(p.name for p in report.pages)]
    print_table(title, columns, table_rows([p.runs for p in report.pages]))
    for page in report.pages:
        first = page.runs[0]
        largest = sorted(first.chunks_kb.items(), key=lambda c: -c[1])[:3]
        chunks = ", ".join(f"{name} {kb:.1f}" for name, kb in largest)
        stdout.print(f"{page.name} {page.path} (first run):", highlight=False)
        stdout.print(f"  largest JS (KB gzip): {chunks}", highlight=False)
        stdout.print(f"  slowest API calls: {'; '.join(first.slowest_api)}", highlight=False)
        stdout.print(
            f"  longest task {first.longest_task_ms:.0f} ms; longest scripts in frames: "
            + "; ".join(first.blocking_scripts),
            highlight=False,
        )
        for url in sorted({u for r in page.runs for u in r.off_origin}):
            stdout.print(f"  off the origin: {url}", highlight=False)
    for note in report.notes:
        stdout.print(note, highlight=False)


@bench_app.command("crm-loop")
def bench_crm_loop(
    retailers: int = typer.Option(11_500, "--retailers", min=240, help="The full city."),
    small: int = typer.Option(1_200, "--small", min=240, help="The brute-force city."),
    seed: int = typer.Option(7, "--seed"),
    runs: int = typer.Option(3, "--runs", min=1, help="Timed adherence reports."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """The service loop on two generated cities with 12 weeks of activity: adherence time and
    its brute-force check, planted spoofs found, planted KANO categories recovered, breach
    alerts on a simulated clock, beside the targets."""
    from benchmarks.crm_loop_bench import run
    from benchmarks.crm_loop_figures import tables
    from graph.serialise import to_data

    with progress_bar() as progress:
        result = to_data(
            run(retailers=retailers, small=small, seed=seed, runs=runs, progress=progress)
        )
    if as_json:
        print_json(result)
        return
    for title, columns, rows in tables(result):
        print_table(title, columns, rows)
