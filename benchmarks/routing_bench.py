"""`crm bench routing`: the engines against best-known solutions on VRPLIB and Solomon files.

Every ``.vrp`` (CVRP) and ``.txt`` (Solomon VRPTW) file of a directory is solved by each
engine at each time limit; a ``bks.csv`` in the directory gives the gap to the best-known cost.
Engines are the product's (``ortools``, ``pyvrp``, ``auto``) and, as a peer to measure them
against, ``vroom``.
"""

from __future__ import annotations

import logging
import statistics
from collections.abc import Callable
from pathlib import Path

from benchmarks.vroom_engine import solve_vroom
from graph.progress import Progress
from routing.params import SolveParams
from routing.problem import RoutePlan, RoutingProblem
from routing.solve import solve
from routing.vrplib import read_bks, read_instance

log = logging.getLogger(__name__)
KINDS = {".vrp": "cvrp", ".txt": "vrptw"}
PEERS: dict[str, Callable[[RoutingProblem, SolveParams], RoutePlan]] = {"vroom": solve_vroom}
"""Engines measured here but not offered by the product."""


def run(
    instances: Path,
    time_limits: list[float],
    engines: list[str],
    *,
    seed: int = 0,
    progress: Progress | None = None,
) -> dict[str, object]:
    """Cost, gap to the best-known cost, vehicles and seconds per instance, engine and time
    limit, plus the median and worst gap per engine, time limit and kind (cvrp, vrptw).

    Costs are in the instance's own units; a plan that leaves stops unserved has no gap.
    """
    files = sorted(f for f in Path(instances).iterdir() if f.suffix in KINDS)
    bks_file = Path(instances) / "bks.csv"
    bks = read_bks(bks_file) if bks_file.exists() else {}
    runs = [(f, e, t) for f in files for e in engines for t in time_limits]
    results = []
    for done, (file, engine, limit) in enumerate(runs):
        if progress is not None:
            progress("routing", done, len(runs))
        results.append(_measure(file, engine, limit, seed, bks.get(file.stem)))
        log.info("%s", results[-1])
    if progress is not None:
        progress("routing", len(runs), len(runs))
    return {"results": results, "summary": summarise(results)}


def _measure(
    file: Path, engine: str, limit: float, seed: int, best: float | None
) -> dict[str, object]:
    problem, scale = read_instance(file)
    params = SolveParams(time_limit_s=limit, seed=seed)
    plan = (
        PEERS[engine](problem, params)
        if engine in PEERS
        else solve(problem, engine=engine, params=params)
    )
    cost = plan.distance / scale
    gap = None if best is None or plan.unserved else round(100 * (cost - best) / best, 3)
    return {
        "instance": file.stem,
        "kind": KINDS[file.suffix],
        "engine": engine,
        "winner": plan.engine,
        "time_limit_s": limit,
        "cost": round(cost, 3),
        "bks": best,
        "gap_pct": gap,
        "vehicles": plan.vehicles_used,
        "unserved": len(plan.unserved),
        "feasible": plan.feasible,
        "seconds": round(plan.seconds, 2),
    }


def summarise(results: list[dict[str, object]]) -> list[dict[str, object]]:
    """Median and worst gap, and the feasible count, per (engine, time limit, kind).

    >>> rows = [{"engine": "e", "time_limit_s": 1, "kind": "cvrp", "gap_pct": g,
    ...          "feasible": True} for g in (1.0, 3.0, 2.0)]
    >>> summarise(rows)[0]["median_gap_pct"], summarise(rows)[0]["worst_gap_pct"]
    (2.0, 3.0)
    """
    groups: dict[tuple[object, object, object], list[dict[str, object]]] = {}
    for r in results:
        groups.setdefault((r["engine"], r["time_limit_s"], r["kind"]), []).append(r)
    out: list[dict[str, object]] = []
    for (engine, limit, kind), rows in groups.items():
        gaps = [float(g) for r in rows if isinstance(g := r["gap_pct"], int | float)]
        out.append(
            {
                "engine": engine,
                "time_limit_s": limit,
                "kind": kind,
                "instances": len(rows),
                "feasible": sum(1 for r in rows if r["feasible"]),
                "median_gap_pct": round(statistics.median(gaps), 3) if gaps else None,
                "worst_gap_pct": max(gaps) if gaps else None,
            }
        )
    return out
