"""Small named districting instances."""

from __future__ import annotations

import numpy as np
import pytest

from territory.problem import PartitionProblem


def lattice(
    rows: int, cols: int, k: int, *, seed: int = 7, tolerance: float = 0.05, **kw: object
) -> PartitionProblem:
    """A rows × cols grid of unit squares with random activity measures."""
    rng = np.random.default_rng(seed)
    n = rows * cols
    xy = np.array([[c, r] for r in range(rows) for c in range(cols)], dtype=float)
    edges = []
    for r in range(rows):
        for c in range(cols):
            i = r * cols + c
            if c + 1 < cols:
                edges.append((i, i + 1, 1.0))
            if r + 1 < rows:
                edges.append((i, i + cols, 1.0))
    measures = {"customers": np.ones(n), "workload": rng.uniform(5, 15, n)}
    return PartitionProblem(
        tuple(range(n)), measures, {m: tolerance for m in measures}, k, tuple(edges), xy, **kw
    )  # type: ignore[arg-type]


@pytest.fixture
def lattice_8x8() -> PartitionProblem:
    """An 8 × 8 grid to be cut into 4 districts, ±10% on customers and workload."""
    return lattice(8, 8, 4, tolerance=0.10)
