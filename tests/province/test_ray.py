"""Planning a province on a real Ray cluster (a head without CPUs and two one-CPU worker
nodes, in this machine): the same digests as in one process, also when a worker node is
lost mid-run (Ray retries its tasks on the node left)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import ray
from ray.cluster_utils import Cluster

from province.plan import ProvinceSettings, plan_province
from province.runners import RayRunner, SerialRunner

DAY = dt.date(2026, 11, 24)
QUICK = ProvinceSettings(day_solutions=40)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Cluster, list[Any]]]:
    patch = pytest.MonkeyPatch()
    patch.setenv("HOME", str(tmp_path_factory.mktemp("home")))  # Ray writes under ~/.ray
    patch.setenv("RAY_USAGE_STATS_ENABLED", "0")
    patch.setenv("RAY_gcs_server_port_wait_time_s", "180")  # a loaded CI machine starts slowly
    ray.shutdown()  # a Ray another test of this process started would be joined instead
    made = Cluster(initialize_head=True, head_node_args={"num_cpus": 0})
    workers = [made.add_node(num_cpus=1) for _ in range(2)]
    ray.init(address=made.address, log_to_driver=False, configure_logging=False)
    yield made, workers
    ray.shutdown()
    made.shutdown()
    patch.undo()


def _digests(result: Any) -> list[tuple[str, str, str]]:
    return [(c.adcode, c.areas_digest, c.routes_digest) for c in result.cities]


def test_a_lost_node_changes_nothing(
    cluster: tuple[Cluster, list[Any]], fresh: Callable[[str], Path]
) -> None:
    made, workers = cluster
    serial = plan_province(fresh("serial"), DAY, SerialRunner(), design=True, settings=QUICK)
    clean = plan_province(fresh("clean"), DAY, RayRunner(), design=True, settings=QUICK)
    assert all(c.ok for c in clean.cities) and _digests(clean) == _digests(serial)

    lost: list[int] = []

    def lose_a_node(stage: str, done: int, total: int) -> None:
        if not lost and done < total:  # after the first task, with others still to run
            made.remove_node(workers[0])
            lost.append(done)

    hit = plan_province(
        fresh("lost"), DAY, RayRunner(), design=True, settings=QUICK, progress=lose_a_node
    )
    assert lost and all(c.ok for c in hit.cities)
    assert _digests(hit) == _digests(serial) and hit.digest == serial.digest
