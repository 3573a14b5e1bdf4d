"""What every stage reads off a districting problem: the bands of its measures, the group of
each district, and a district's central unit."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from graph.apportion import apportion
from territory.assignment import Bands
from territory.problem import PartitionProblem


def bands_of(problem: PartitionProblem) -> Bands:
    q = problem.matrix()
    big = 1.0  # measures without a tolerance only steer weakly, never bind
    tol = np.array([problem.tolerance.get(m, big) for m in problem.names])
    priority = np.array(
        [problem.priority.get(m, 1.0 if m in problem.tolerance else 0.0) for m in problem.names]
    )
    return Bands(q.sum(axis=0) / problem.k, tol, problem.aim, priority)


def district_groups(problem: PartitionProblem) -> list[int]:
    """The group of each district: districts shared over groups by total of the first
    measure (every district in group 0 when there are no groups)."""
    if problem.groups is None:
        return [0] * problem.k
    names = sorted(set(problem.groups.tolist()))
    first = problem.matrix()[:, 0]
    load = [float(first[problem.groups == g].sum()) for g in names]
    counts = apportion(load, problem.k)
    return [g for g, c in zip(names, counts) for _ in range(c)]


def medoid(problem: PartitionProblem, members: NDArray[np.int64]) -> int:
    """The member nearest the weighted centroid (coordinates), or with the least total
    distance to the others (graph)."""
    w = problem.unit_weights()[members]
    w = w if w.sum() > 0 else np.ones(len(members))
    if problem.xy is not None:
        centre = (problem.xy[members] * w[:, None]).sum(axis=0) / w.sum()
        return int(members[np.argmin(np.hypot(*(problem.xy[members] - centre).T))])
    sample = members if len(members) <= 400 else members[:: len(members) // 400 + 1]
    dist = problem.distances_from(sample.tolist())[:, members]
    return int(sample[np.argmin((dist * w[None, :]).sum(axis=1))])
