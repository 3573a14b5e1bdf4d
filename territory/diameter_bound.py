"""A lower bound on the largest district diameter of any balanced plan.

Every unit v belongs to some district, and that district must hold at least the lower limit
of every measure. Let r(v) be the smallest distance such that the units within r(v) of v
(v included) hold that much of every measure: the district must reach a unit at least r(v)
from v, so its diameter is at least r(v). Hence no plan's largest diameter is below the
largest r(v) over all units. Distances are shortest paths of the whole graph, so the bound
holds for diameters measured along the whole graph and, a fortiori, inside districts.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray


def diameter_lower_bound(
    q: NDArray[np.float64], lower: NDArray[np.float64], dist: NDArray[np.float64]
) -> float:
    """max over units v of r(v) for the (n, m) measures `q`, the (m,) least totals a district
    may hold and the (n, n) shortest-path lengths `dist`.

    >>> path = np.array([[0.0, 1, 3], [1, 0, 2], [3, 2, 0]])
    >>> diameter_lower_bound(np.ones((3, 1)), np.array([2.0]), path)
    2.0
    """
    order = np.argsort(dist, axis=1, kind="stable")
    reach = np.take_along_axis(dist, order, axis=1)
    held = np.cumsum(q[order], axis=1)  # (n, n, m): what the nearest j + 1 units hold
    enough = np.all(held >= lower - 1e-9, axis=2)
    first = np.argmax(enough, axis=1)
    if not enough[np.arange(len(q)), first].all():
        return float("inf")  # some unit's whole graph holds too little: no plan is balanced
    return float(reach[np.arange(len(q)), first].max())
