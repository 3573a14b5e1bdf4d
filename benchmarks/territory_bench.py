"""`crm bench territory`: this product's area design against k-means on points and PySAL
spopt's contiguous regionalisation, on the seeded city; plus zones, a rebalance after a
perturbed quarter and the volume trade-off curve."""

from __future__ import annotations

import logging
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from scipy.cluster.vq import kmeans2

from classification.params import ClassParams
from classification.service.classify import classify_store
from graph.database import open_database
from graph.principal import LOCAL_ADMIN
from graph.progress import Progress
from graph.serialise import to_data
from graph.session import Session
from seeds.params import CityParams
from seeds.service import perturb_city, seed_city
from territory.design_params import MEASURES, DesignParams
from territory.metrics import evaluate
from territory.problem import PartitionProblem
from territory.service import design_territory, rebalance_territory
from territory.service.state import partition_problem, read_state

log = logging.getLogger(__name__)
CITY_RETAILERS, QUARTER_OPENINGS, QUARTER_CLOSURES = 11_500, 300, 200
REBALANCE_FIGURES = (
    "balance_before",
    "balance",
    "feasible",
    "moved",
    "moved_fraction",
    "moved_lower_bound",
    "leaving_lower_bound",
    "entering_lower_bound",
    "relaxed_lower_bound",
    "fewest_proved",
    "seconds",
)
"""The rebalance's figures the benchmark reports (keys of `crm territory rebalance --json`)."""


def _row(
    method: str, problem: PartitionProblem, labels: NDArray[np.int64], seconds: float
) -> dict[str, object]:
    q = evaluate(problem, labels)
    return {
        "method": method,
        "seconds": round(seconds, 2),
        **{m: round(q.balance[m], 4) for m in MEASURES},
        "compactness_km": round(q.compactness, 3),
        "contiguous": q.contiguous,
        "feasible": q.feasible,
    }


def _kmeans(problem: PartitionProblem, seed: int) -> NDArray[np.int64]:
    assert problem.xy is not None
    _, labels = kmeans2(problem.xy, problem.k, minit="++", seed=seed, iter=50)
    return np.asarray(labels, dtype=np.int64)


def _cells(problem: PartitionProblem, count: int, seed: int) -> NDArray[np.int64]:
    """Micro-cells of nearby retailers (k-means on positions), so spopt's solvers, whose
    objectives are quadratic in a region's size, finish on a city of 11,500 units."""
    assert problem.xy is not None
    _, cell = kmeans2(problem.xy, min(count, problem.n), minit="++", seed=seed, iter=20)
    return np.asarray(cell, dtype=np.int64)


def _spopt(problem: PartitionProblem, method: str, seed: int, cells: int) -> NDArray[np.int64]:
    import pandas as pd
    from libpysal.weights import W
    from spopt.region import AZP, RegionKMeansHeuristic

    cell = _cells(problem, cells, seed)
    used = np.unique(cell)
    index = {c: i for i, c in enumerate(used)}
    neighbours: dict[int, set[int]] = {i: set() for i in range(len(used))}
    for a, b, _ in problem.edges:
        ca, cb = index[cell[a]], index[cell[b]]
        if ca != cb:
            neighbours[ca].add(cb)
            neighbours[cb].add(ca)
    w = W({i: sorted(n) for i, n in neighbours.items()}, silence_warnings=True)
    attrs = ["workload", "volume"]
    frame = pd.DataFrame(
        {
            m: np.bincount(
                [index[c] for c in cell], weights=problem.measures[m], minlength=len(used)
            )
            for m in attrs
        }
    )
    if method == "azp":
        model = AZP(frame, w, attrs, n_clusters=problem.k, random_state=seed)
        model.solve()
        region = np.asarray(model.labels_, dtype=np.int64)
    else:
        rk = RegionKMeansHeuristic(frame[attrs].values, problem.k, w, seed=seed)
        rk.solve()
        region = np.asarray(rk.labels_, dtype=np.int64)
    return region[[index[c] for c in cell]]


def compare(
    session: Session, params: DesignParams, seed: int, *, spopt: bool, cells: int = 1200
) -> list[dict[str, object]]:
    """One row per method: runtime, the three deviations, compactness, contiguity."""
    state = read_state(session, params)
    problem = partition_problem(state, params, locked={}, pinned={})
    t = time.perf_counter()
    ours = design_territory(session, LOCAL_ADMIN, params, dry_run=True)
    rows: list[dict[str, object]] = [
        {
            "method": "this product",
            "seconds": ours.seconds,
            **ours.balance,
            "compactness_km": ours.compactness_km,
            "contiguous": ours.contiguous,
            "feasible": ours.feasible,
        }
    ]
    log.info("ours %.1f s", time.perf_counter() - t)
    t = time.perf_counter()
    rows.append(_row("k-means on points", problem, _kmeans(problem, seed), time.perf_counter() - t))
    if spopt:
        for method in ("azp", "region-kmeans"):
            t = time.perf_counter()
            try:
                labels = _spopt(problem, method, seed, cells)
            except Exception as exc:  # a baseline that fails is reported, not fatal
                rows.append({"method": f"spopt {method}", "error": str(exc)})
                continue
            rows.append(
                _row(f"spopt {method} ({cells} cells)", problem, labels, time.perf_counter() - t)
            )
    return rows


def tradeoff(
    session: Session,
    params: DesignParams,
    volumes: tuple[float, ...] = (0.05, 0.08, 0.10, 0.12, 0.15, 0.20),
) -> list[dict[str, object]]:
    """The best balance reached for each volume tolerance (customers, workload at theirs)."""
    out: list[dict[str, object]] = []
    for v in volumes:
        tolerance = {**params.tolerance, "volume": v}
        r = design_territory(
            session, LOCAL_ADMIN, replace(params, tolerance=tolerance), dry_run=True
        )
        out.append(
            {
                "volume_tolerance": v,
                **r.balance,
                "compactness_km": r.compactness_km,
                "feasible": r.feasible,
                "seconds": r.seconds,
            }
        )
    return out


def run(
    *, seeds: list[int], retailers: int, spopt: bool, curve: bool, progress: Progress | None = None
) -> dict[str, object]:
    """For each city seed: seed and classify a temporary store, compare the methods, apply our
    design, perturb a quarter and rebalance."""
    results = []
    for seed in seeds:
        with (
            tempfile.TemporaryDirectory(prefix="crm-bench-territory-") as tmp,
            open_database(f"ladybug://{Path(tmp) / 'graph'}") as db,
            db.session() as session,
        ):
            city = CityParams(retailers=retailers)
            seed_city(session, LOCAL_ADMIN, city, seed, reset=True, progress=progress)
            classify_store(session, LOCAL_ADMIN, ClassParams())
            results.append(_city(session, seed, retailers, spopt=spopt, curve=curve))
    return {"retailers": retailers, "results": results}


def _city(
    session: Session, seed: int, retailers: int, *, spopt: bool, curve: bool
) -> dict[str, object]:
    """The figures of one seeded, classified city: the methods compared, the trade-off curve
    (when `curve`), our design's zones, and a rebalance after a perturbed quarter (300
    openings and 200 closures in a city of 11,500, in proportion in a smaller one)."""
    params = DesignParams()
    entry: dict[str, object] = {
        "city_seed": seed,
        "methods": compare(session, params, seed, spopt=spopt),
    }
    if curve:
        entry["volume_tradeoff"] = tradeoff(session, params)
    design = design_territory(session, LOCAL_ADMIN, params)
    entry["zones"] = {
        "balance": design.zone_balance,
        "contiguous": design.zones_contiguous,
        "zone_days": to_data(design.zone_days),
    }
    perturb = perturb_city(
        session,
        LOCAL_ADMIN,
        open_count=round(QUARTER_OPENINGS * retailers / CITY_RETAILERS),
        close_count=round(QUARTER_CLOSURES * retailers / CITY_RETAILERS),
        seed=seed + 100,
    )
    rebalance = to_data(rebalance_territory(session, LOCAL_ADMIN, params, dry_run=True))
    entry["rebalance"] = {
        **{k: rebalance[k] for k in REBALANCE_FIGURES},
        "perturbation": to_data(perturb),
    }
    return entry
