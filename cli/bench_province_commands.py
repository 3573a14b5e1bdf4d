"""`crm bench province`: a province planned serially and on Ray (`benchmarks.province_bench`)."""

from __future__ import annotations

import contextlib
import sys

import typer

from cli.output import print_json, print_table, progress_bar


def bench_province(
    cities: int = typer.Option(4, "--cities", min=1, max=16),
    retailers: int = typer.Option(3000, "--retailers-per-city", min=100),
    seed: int = typer.Option(7, "--seed"),
    node_loss: bool = typer.Option(
        True, "--node-loss/--no-node-loss", help="Also run on a cluster that loses a node."
    ),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Seed a province, then design every city and plan one day serially, on Ray with two
    workers and on a Ray cluster losing a worker node: tasks, wall and task seconds,
    speed-up, peak memory of a worker, digests."""
    from benchmarks.province_bench import run

    # Ray prints its retries on stdout: stdout is kept for the result
    with progress_bar() as progress, contextlib.redirect_stdout(sys.stderr):
        result = run(
            cities=cities, retailers=retailers, seed=seed, node_loss=node_loss, progress=progress
        )
    if as_json:
        print_json(result)
        return
    columns = ["run", "tasks", "wall_s", "task_s", "peak_worker_mib", "cities_ok", "digest"]
    print_table(
        f"province: {cities} cities × {retailers} retailers 全省基准",
        columns,
        [[r[c] for c in columns] for r in result["rows"]],
    )
    print_table(
        "summary 汇总",
        ["figure", "value"],
        [[k, result[k]] for k in ("speedup", "same_digests", "task_s_per_city")],
    )
