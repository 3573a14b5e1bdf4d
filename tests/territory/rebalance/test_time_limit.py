"""The rebalance keeps its time limit and refuses one that is no time at all."""

from __future__ import annotations

import numpy as np
import pytest

from graph.errors import InvalidInput
from territory.rebalance.partition import rebalance_partition
from tests.territory.conftest import lattice


@pytest.mark.parametrize("seconds", [0, -1])
def test_a_time_limit_of_no_time_is_refused(seconds: float) -> None:
    problem = lattice(4, 4, 2)
    with pytest.raises(InvalidInput, match=f"time limit: {seconds} seconds must be > 0"):
        rebalance_partition(problem, np.zeros(16, dtype=np.int64), time_limit_s=seconds)


def test_a_short_time_limit_is_kept() -> None:
    problem = lattice(30, 30, 6, tolerance=0.01)
    current = (np.arange(900) % 30 // 5).astype(np.int64)  # six stripes, unbalanced workload
    plan = rebalance_partition(problem, current, time_limit_s=1.0)
    assert plan.seconds <= 1.0 * 1.5
