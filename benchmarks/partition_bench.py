"""`crm bench partition`: the generic districting engine on delivery-territory-design instances.

Every ``.graphml`` file of a directory is partitioned with the diameter objective (the largest
district diameter: the longest shortest path between two units of a district, by default
along the whole graph's paths as the published results of Aly et al. and Pereira & Vilà
measure it); a ``published.csv`` beside them (``instance,best``) gives the gap to the best
published diameter, and every instance gets a lower bound on the diameter of any plan within
the tolerance (`territory.diameter_bound`) and the ratio of the plan's diameter to it.
Without a directory, two families are written to a temporary folder and reported side by
side: five planar 500-unit instances in the published style (``planar``) and eight sparse
grids with holes of 400–700 units that carry only edge distances (``grid``).
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

from benchmarks.grid_instances import write_grid_instances
from benchmarks.territory_instances import write_instances
from graph.errors import InvalidInput
from graph.principal import LOCAL_ADMIN
from graph.progress import Progress
from graph.serialise import to_data
from territory.diameter_bound import diameter_lower_bound
from territory.graphml import load_graphml
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
    """Diameter, its lower bound, balance, feasibility and seconds per instance, with the gap
    to the published best where known; a summary per family (see `_report`)."""
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
    bound = partial(_bound, districts=districts, measures=measures, tolerance=tolerance)
    if instances is not None:
        return _report({instances.name: _run_folder(instances, partition, bound, progress)})
    with tempfile.TemporaryDirectory(prefix="crm-bench-partition-") as tmp:
        write_instances(Path(tmp) / "planar")
        write_grid_instances(Path(tmp) / "grid")
        return _report(
            {
                family: _run_folder(Path(tmp) / family, partition, bound, progress)
                for family in ("planar", "grid")
            }
        )


def _bound(graphml: Path, districts: int, measures: tuple[str, ...], tolerance: float) -> float:
    """The diameter no plan within the tolerance can beat (graph paths)."""
    problem = load_graphml(graphml, list(measures), districts, {}).problem
    q = problem.matrix()
    lower = q.sum(axis=0) / districts * (1 - tolerance)
    return diameter_lower_bound(q, lower, problem.distances_from(range(problem.n)))


def _run_folder(
    folder: Path,
    partition: Callable[[BinaryIO], PartitionResult],
    bound: Callable[[Path], float],
    progress: Progress | None,
) -> list[dict[str, object]]:
    files = sorted(folder.glob("*.graphml"))
    if not files:
        raise InvalidInput(f"{folder}: no .graphml files")
    published_file = folder / "published.csv"
    published = read_published(published_file) if published_file.exists() else {}
    results: list[dict[str, object]] = []
    for done, file in enumerate(files):
        if progress is not None:
            progress(f"partition {folder.name}", done, len(files))
        with file.open("rb") as graphml:
            result = partition(graphml)
        best = published.get(file.stem)
        gap = round(100 * (result.diameter - best) / best, 2) if best and result.feasible else None
        low = bound(file)
        figures = {k: v for k, v in to_data(result).items() if k != "district_of"}
        results.append(
            {
                "family": folder.name,
                "instance": file.stem,
                "units": len(result.district_of),
                **figures,
                "published_best": best,
                "gap_pct": gap,
                "lower_bound": round(low, 4),
                "ratio": round(result.diameter / low, 3) if 0 < low < float("inf") else None,
            }
        )
        log.info("%s", results[-1])
    if progress is not None:
        progress(f"partition {folder.name}", len(files), len(files))
    return results


def _report(families: dict[str, list[dict[str, object]]]) -> dict[str, object]:
    """Every instance's figures, and per family the instances, the infeasible count, the
    median gap to the published best, the median and largest diameter / bound ratio and the
    slowest instance's seconds."""
    summary: dict[str, object] = {}
    for family, rows in families.items():
        gaps = [float(g) for r in rows if isinstance(g := r["gap_pct"], float)]
        ratios = [float(x) for r in rows if isinstance(x := r["ratio"], float)]
        summary[family] = {
            "instances": len(rows),
            "infeasible": sum(1 for r in rows if not r["feasible"]),
            "median_gap_pct": round(statistics.median(gaps), 2) if gaps else None,
            "median_ratio": round(statistics.median(ratios), 3) if ratios else None,
            "worst_ratio": max(ratios) if ratios else None,
            "worst_seconds": max(float(str(r["seconds"])) for r in rows),
        }
    return {"results": [r for rows in families.values() for r in rows], "summary": summary}
