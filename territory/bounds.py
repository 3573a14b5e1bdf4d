"""Infeasibility that can be proved before searching: locks and district-bound groups."""

from __future__ import annotations

import numpy as np

from territory.problem import PartitionProblem


def proven_misses(
    problem: PartitionProblem, district_group: list[int], labels_of: list[str]
) -> list[str]:
    """Sentences for tolerances no plan can meet, with the numbers that prove it."""
    q = problem.matrix()
    mean = q.sum(axis=0) / problem.k
    out = []
    for j, name in enumerate(problem.names):
        tol = problem.tolerance.get(name)
        if tol is None or mean[j] <= 0:
            continue
        upper, lower = mean[j] * (1 + tol), mean[j] * (1 - tol)
        locked = np.zeros(problem.k)
        for unit, d in problem.locked.items():
            locked[d] += q[unit, j]
        for d in (int(x) for x in np.flatnonzero(locked > upper)):
            out.append(
                f"{labels_of[d]}: its locked units alone give {locked[d]:,.1f} {name} > "
                f"upper limit {upper:,.1f}"
            )
        if problem.groups is None:
            continue
        for g in sorted(set(district_group)):
            count = district_group.count(g)
            total = float(q[problem.groups == g, j].sum())
            if not lower * count <= total <= upper * count:
                out.append(
                    f"group {g}: {total:,.1f} {name} over {count} district(s) is "
                    f"{total / count:,.1f} each, outside [{lower:,.1f}, {upper:,.1f}]"
                )
    return out
