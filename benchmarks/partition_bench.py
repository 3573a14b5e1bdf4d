"""`crm bench partition`: the generic districting engine on delivery-territory-design instances.

Every ``.graphml`` file of a directory is partitioned with the diameter objective (the largest
district diameter: the longest shortest path between two units of a district, by default
along the whole graph's paths as the published results of Aly et al. and Pereira & Vilà
measure it); a ``published.csv`` beside them (``instance,best``) gives the gap to the best
published diameter. Without a directory,
five synthetic 500-unit instances in the published style are written to a temporary folder.
"""

from __future__ import annotations

import csv
import logging
import statistics
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import BinaryIO

from benchmarks.territory_instances import write_instances
from graph.errors import InvalidInput
from graph.principal import LOCAL_ADMIN
from graph.progress import Progress
from graph.serialise import to_data
from territory.service import PartitionResult, partition_graph

log = logging.getLogger(__name__)
MEASURES = ("n_customers", "demand", "workload")


def read_published(path: Path) -> dict[str, float]:
    """Best published diameter per instance name (file stem) from ``instance,best`` rows."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    try:
        return {r["instance"]: float(r["best"]) for r in rows}
    except (KeyError, ValueError) as exc:
        raise InvalidInput(f"{path}: expected columns instance,best with numbers ({exc})") from exc


def run(
    instances: Path | None,
    *,
    districts: int = 10,
    measures: tuple[str, ...] = MEASURES,
    tolerance: float = 0.05,
    time_limit_s: float = 120.0,
    seed: int = 7,
    iterations: int = 4000,
    searches: int = 3,
    paths: str = "graph",
    progress: Progress | None = None,
) -> dict[str, object]:
    """Diameter, balance, feasibility and seconds per instance, with the gap to the published
    best where known, and the median gap and infeasible count over all instances."""
    partition = partial(
        partition_graph,
        LOCAL_ADMIN,
        districts=districts,
        measures=measures,
        tolerance={m: tolerance for m in measures},
        objective="diameter",
        time_limit_s=time_limit_s,
        seed=seed,
        search_iterations=iterations,
        searches=searches,
        paths=paths,
    )
    if instances is not None:
        return _run_folder(instances, partition, progress)
    with tempfile.TemporaryDirectory(prefix="crm-bench-partition-") as tmp:
        write_instances(Path(tmp))
        return _run_folder(Path(tmp), partition, progress)


def _run_folder(
    folder: Path, partition: Callable[[BinaryIO], PartitionResult], progress: Progress | None
) -> dict[str, object]:
    files = sorted(folder.glob("*.graphml"))
    if not files:
        raise InvalidInput(f"{folder}: no .graphml files")
    published_file = folder / "published.csv"
    published = read_published(published_file) if published_file.exists() else {}
    results: list[dict[str, object]] = []
    seconds: list[float] = []
    for done, file in enumerate(files):
        if progress is not None:
            progress("partition", done, len(files))
        with file.open("rb") as graphml:
            result = partition(graphml)
        seconds.append(result.seconds)
        best = published.get(file.stem)
        gap = round(100 * (result.diameter - best) / best, 2) if best and result.feasible else None
        figures = {k: v for k, v in to_data(result).items() if k != "district_of"}
        results.append({"instance": file.stem, **figures, "published_best": best, "gap_pct": gap})
        log.info("%s", results[-1])
    if progress is not None:
        progress("partition", len(files), len(files))
    gaps = [float(g) for r in results if isinstance(g := r["gap_pct"], float)]
    return {
        "results": results,
        "summary": {
            "instances": len(results),
            "infeasible": sum(1 for r in results if not r["feasible"]),
            "median_gap_pct": round(statistics.median(gaps), 2) if gaps else None,
            "worst_seconds": max(seconds),
        },
    }
