"""How good a partition is: balance per measure, misses against tolerance, compactness,
diameter, contiguity."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from territory.contiguity import is_connected
from territory.problem import PartitionProblem


@dataclass(frozen=True)
class Miss:
    """A district whose measure is outside its tolerance."""

    measure: str
    district: int
    deviation: float
    tolerance: float


@dataclass(frozen=True)
class Quality:
    totals: NDArray[np.float64]
    """(k, m) district totals in the problem's measure order."""
    balance: dict[str, float]
    """Largest relative deviation from the mean per measure (0.05 = 5%)."""
    misses: list[Miss]
    contiguous: bool
    compactness: float
    """Weighted mean distance of units to their district's centre (km with coordinates)."""

    @property
    def feasible(self) -> bool:
        return not self.misses and self.contiguous


def totals_by_district(
    labels: NDArray[np.int64], q: NDArray[np.float64], k: int
) -> NDArray[np.float64]:
    """(k, m) sum of each measure over each district's units; `q` is (n, m)."""
    totals = np.zeros((k, q.shape[1]))
    np.add.at(totals, labels, q)
    return totals


def district_totals(problem: PartitionProblem, labels: NDArray[np.int64]) -> NDArray[np.float64]:
    return totals_by_district(labels, problem.matrix(), problem.k)


def compactness(problem: PartitionProblem, labels: NDArray[np.int64]) -> float:
    """Weighted mean distance to the weighted centroid (coordinates) or to the medoid."""
    w = problem.unit_weights()
    total = 0.0
    for d in range(problem.k):
        idx = np.flatnonzero(labels == d)
        if not len(idx):
            continue
        wd = w[idx] if w[idx].sum() > 0 else np.ones(len(idx))
        if problem.xy is not None:
            centre = (problem.xy[idx] * wd[:, None]).sum(axis=0) / wd.sum()
            total += float((wd * np.hypot(*(problem.xy[idx] - centre).T)).sum())
        else:
            dist = problem.distances_from(idx.tolist())[:, idx]
            total += float((dist * wd[None, :]).sum(axis=1).min())
    return total / max(float(w.sum()), 1e-12)


def evaluate(problem: PartitionProblem, labels: NDArray[np.int64]) -> Quality:
    totals = district_totals(problem, labels)
    mean = totals.sum(axis=0) / problem.k
    dev = totals / np.maximum(mean, 1e-12) - 1
    balance, misses = {}, []
    for j, name in enumerate(problem.names):
        balance[name] = float(np.abs(dev[:, j]).max()) if mean[j] > 0 else 0.0
        tol = problem.tolerance.get(name)
        if tol is None:
            continue
        for d in range(problem.k):
            if abs(dev[d, j]) > tol + 1e-9:
                misses.append(Miss(name, d, float(dev[d, j]), tol))
    adj = problem.neighbours()
    contiguous = all(is_connected(labels, d, adj) for d in range(problem.k))
    return Quality(totals, balance, misses, contiguous, compactness(problem, labels))
