"""`crm bench province`: a seeded province planned serially, on Ray with two workers, and on
a Ray cluster that loses a worker node mid-run; the same digests each way.

Each run starts from its own copy of the seeded province (planning writes back), designs
every city and plans one delivery day. The figures: tasks, wall seconds, the tasks' summed
seconds, the speed-up of Ray over the serial run, the largest peak memory of a worker, and
the digests.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from graph.progress import Progress
from province.plan import ProvincePlan, ProvinceSettings, plan_province
from province.runners import RayRunner, SerialRunner
from province.seed import seed_province

DAY = dt.date(2026, 11, 24)


def _row(name: str, result: ProvincePlan) -> dict[str, Any]:
    return {
        "run": name,
        "tasks": result.tasks,
        "wall_s": result.wall_seconds,
        "task_s": result.task_seconds,
        "peak_worker_mib": result.peak_worker_mib,
        "cities_ok": sum(c.ok for c in result.cities),
        "digest": result.digest,
    }


def run(
    *,
    cities: int = 4,
    retailers: int = 3000,
    seed: int = 7,
    node_loss: bool = True,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Seed, then plan the province three ways (see the module docstring)."""
    import ray
    from ray.cluster_utils import Cluster

    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    os.environ.setdefault("RAY_gcs_server_port_wait_time_s", "180")
    settings = ProvinceSettings()
    with tempfile.TemporaryDirectory(prefix="crm-bench-province-") as tmp:
        seeded = Path(tmp) / "seeded"
        seed_province(seeded, cities, retailers, seed, progress)

        def copy(name: str) -> Path:
            return Path(shutil.copytree(seeded, Path(tmp) / name))

        serial = plan_province(
            copy("serial"), DAY, SerialRunner(), design=True, settings=settings, progress=progress
        )
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
        try:
            pooled = plan_province(
                copy("ray"), DAY, RayRunner(), design=True, settings=settings, progress=progress
            )
        finally:
            ray.shutdown()
        rows = [_row("serial", serial), _row("ray, 2 workers", pooled)]
        if node_loss:
            rows.append(_row("ray, a node lost", _lossy(copy("lost"), settings, Cluster, progress)))
    speedup = serial.wall_seconds / max(pooled.wall_seconds, 1e-9)
    per_city = serial.task_seconds / cities
    return {
        "cities": cities,
        "retailers_per_city": retailers,
        "date": DAY.isoformat(),
        "rows": rows,
        "speedup": round(speedup, 2),
        "same_digests": len({r["digest"] for r in rows}) == 1,
        "task_s_per_city": round(per_city, 1),
        "cities_detail": [c.__dict__ for c in pooled.cities],
    }


def _lossy(
    into: Path, settings: ProvinceSettings, cluster: Callable[..., Any], progress: Progress | None
) -> ProvincePlan:
    """The plan on a cluster of a CPU-less head and two one-CPU workers, one of which is
    removed after the first task completes."""
    import ray

    made = cluster(initialize_head=True, head_node_args={"num_cpus": 0})
    workers = [made.add_node(num_cpus=1) for _ in range(2)]
    ray.init(address=made.address, log_to_driver=False)
    lost: list[int] = []

    def lose(stage: str, done: int, total: int) -> None:
        if progress:
            progress(stage, done, total)
        if not lost and done < total:
            made.remove_node(workers[0])
            lost.append(done)

    try:
        return plan_province(into, DAY, RayRunner(), design=True, settings=settings, progress=lose)
    finally:
        ray.shutdown()
        made.shutdown()
