"""Balanced recursive bisection: k compact groups of points with near-equal weight.

Used for first-cut partitions (the generated city's initial areas, a manager's share of an
area); the territory designer improves on them.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray


def bisect_balanced(
    xy: NDArray[np.float64], weights: NDArray[np.float64], k: int
) -> NDArray[np.int64]:
    """Label each point 0..k-1 so that groups have near-equal total weight.

    Each step splits a group across its longer extent at the weighted quantile that gives the
    two halves weight in proportion to the number of groups each will hold.

    >>> xy = np.array([[x, 0.0] for x in range(8)])
    >>> bisect_balanced(xy, np.ones(8), 4).tolist()
    [0, 0, 1, 1, 2, 2, 3, 3]
    """
    if k < 1:
        raise ValueError(f"k must be ≥ 1, got {k}")
    labels = np.zeros(len(xy), dtype=np.int64)
    _split(np.asarray(xy, float), np.asarray(weights, float), np.arange(len(xy)), k, 0, labels)
    return labels


def _split(
    xy: NDArray[np.float64],
    w: NDArray[np.float64],
    idx: NDArray[np.int64],
    k: int,
    first: int,
    labels: NDArray[np.int64],
) -> None:
    if k == 1 or len(idx) <= 1:
        labels[idx] = first
        return
    pts = xy[idx]
    axis = int(np.argmax(pts.max(axis=0) - pts.min(axis=0)))
    order = idx[np.lexsort((pts[:, 1 - axis], pts[:, axis]))]
    k_left = k // 2
    cum = np.cumsum(w[order])
    target = cum[-1] * k_left / k
    cut = int(np.searchsorted(cum, target)) + 1
    cut = min(max(cut, k_left), len(order) - (k - k_left))
    _split(xy, w, order[:cut], k_left, first, labels)
    _split(xy, w, order[cut:], k - k_left, first + k_left, labels)
