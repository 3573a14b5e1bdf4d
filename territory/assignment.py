"""Balanced assignment of units to district centres as a linear program (HiGHS).

Minimise the assignment cost subject to every unit joining exactly one of its candidate
districts and every district's total of each measure lying in a band around the mean. The
bands are elastic: a deviation beyond `aim` × tolerance costs a little, beyond the tolerance a
lot (so the LP is always feasible and says how far off it is). An optional cap limits how many
units may leave their current district. Fractional units (few: at most one per binding
constraint) go to their largest share.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linprog
from scipy.sparse import coo_matrix, csr_matrix, hstack, vstack

from graph.errors import Infeasible

TIGHT_PENALTY = 1e6
"""Cost of a 100% deviation beyond tolerance (per district and measure), before priority."""
AIM_SHARE = 0.05
"""Cost of deviating between aim and tolerance, as a share of `TIGHT_PENALTY`."""


@dataclass(frozen=True)
class Bands:
    """Per measure: the mean, the tolerance, the aim share and the priority."""

    mean: NDArray[np.float64]
    tolerance: NDArray[np.float64]
    aim: float
    priority: NDArray[np.float64]


def _slack_block(k: int, m: int, sign: float) -> csr_matrix:
    """Rows (district, measure) × 2 slack columns (inner band, beyond tolerance)."""
    eye = np.eye(k * m)
    return csr_matrix(sign * np.hstack([eye, eye]))


def assign(
    cost: NDArray[np.float64],
    allowed: NDArray[np.bool_],
    q: NDArray[np.float64],
    bands: Bands,
    *,
    current: NDArray[np.int64] | None = None,
    max_moves: int | None = None,
) -> NDArray[np.int64]:
    """District per unit. `cost` and `allowed` are (n, k); `q` is (n, m)."""
    n, k = cost.shape
    m = q.shape[1]
    units, districts = np.nonzero(allowed)
    if len(set(units.tolist())) < n:
        raise Infeasible("a unit has no district it may join")
    p = len(units)
    # equality: each unit exactly once
    a_eq = coo_matrix((np.ones(p), (units, np.arange(p))), shape=(n, p)).tocsr()
    # district totals: row (d, j) = sum_i q_ij x_id
    rows = (districts[:, None] * m + np.arange(m)[None, :]).ravel()
    cols = np.repeat(np.arange(p), m)
    totals = coo_matrix((q[units].ravel(), (rows, cols)), shape=(k * m, p)).tocsr()
    mean = np.tile(bands.mean, k)
    tol = np.tile(bands.tolerance, k)
    inner = mean * tol * bands.aim
    upper, lower = mean + inner, mean - inner
    a_ub = vstack(
        [
            hstack([totals, _slack_block(k, m, -1.0), csr_matrix((k * m, 2 * k * m))]),
            hstack([-totals, csr_matrix((k * m, 2 * k * m)), _slack_block(k, m, -1.0)]),
        ]
    )
    b_ub = np.concatenate([upper, -lower])
    if current is not None and max_moves is not None:
        moved = (districts != current[units]).astype(float)
        a_ub = vstack([a_ub, hstack([csr_matrix(moved), csr_matrix((1, 4 * k * m))])])
        b_ub = np.append(b_ub, max_moves)
    scale = np.tile(TIGHT_PENALTY * bands.priority / np.maximum(bands.mean, 1e-9), k)
    slack_cost = np.concatenate([scale * AIM_SHARE, scale])
    c = np.concatenate([cost[units, districts], slack_cost, slack_cost])
    band = mean * tol * (1 - bands.aim)
    bounds = (
        [(0.0, 1.0)] * p
        + [(0.0, float(b)) for b in band]
        + [(0.0, None)] * (k * m)
        + [(0.0, float(b)) for b in band]
        + [(0.0, None)] * (k * m)
    )
    a_eq_full = hstack([a_eq, csr_matrix((n, 4 * k * m))]).tocsr()
    result = linprog(
        c,
        A_ub=a_ub.tocsr(),
        b_ub=b_ub,
        A_eq=a_eq_full,
        b_eq=np.ones(n),
        bounds=bounds,
        method="highs",
    )
    if result.status != 0:
        raise Infeasible(f"balanced assignment failed: {result.message}")
    share = result.x[:p]
    labels = np.full(n, -1, dtype=np.int64)
    best = np.zeros(n)
    for i, d, s in zip(units, districts, share):
        if s > best[i]:
            best[i], labels[i] = s, d
    return labels
