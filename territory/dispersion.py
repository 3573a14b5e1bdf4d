"""Shrink the largest district diameter (the longest shortest path inside a district), the
dispersion measure of delivery territory design, keeping balance and connectedness.

Repeatedly take the district with the largest diameter and try to hand one of the units at
the ends of its diameter (or next to them) to a neighbouring district, when the move keeps every
measure within tolerance, leaves the district connected and lowers the larger of the two
diameters involved. Stops when no such move exists or the move budget is spent.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from territory.contiguity import removable


def _diameter(members: Sequence[int], graph: csr_matrix) -> tuple[float, int, int]:
    """(diameter, end, other end) of the district made of `members`."""
    if len(members) < 2:
        return 0.0, members[0] if members else -1, members[0] if members else -1
    idx = np.asarray(members)
    dist = dijkstra(graph[idx][:, idx], directed=False)
    dist[~np.isfinite(dist)] = -1.0
    a, b = np.unravel_index(int(np.argmax(dist)), dist.shape)
    return float(dist[a, b]), int(idx[a]), int(idx[b])


def reduce_diameter(
    labels: Sequence[int],
    q: NDArray[np.float64],
    lower: NDArray[np.float64],
    upper: NDArray[np.float64],
    graph: csr_matrix,
    adj: Sequence[Sequence[int]],
    fixed: set[int],
    *,
    max_moves: int = 2000,
) -> list[int]:
    """Labels with a smaller largest diameter; `lower`/`upper` bound each district's totals."""
    out = list(labels)
    k = int(max(out)) + 1
    members = [[u for u, d in enumerate(out) if d == j] for j in range(k)]
    totals = np.array([q[m].sum(axis=0) for m in members])
    diam = [_diameter(m, graph) for m in members]
    for _ in range(max_moves):
        worst = int(np.argmax([d[0] for d in diam]))
        moved = False
        for end in diam[worst][1:]:
            for u in [end, *adj[end]]:
                if out[u] != worst or u in fixed or not removable(u, out, adj):
                    continue
                for b in sorted({out[v] for v in adj[u]} - {worst}):
                    if not (
                        np.all(totals[worst] - q[u] >= lower) and np.all(totals[b] + q[u] <= upper)
                    ):
                        continue
                    stay = [v for v in members[worst] if v != u]
                    grow = [*members[b], u]
                    d_worst, d_b = _diameter(stay, graph), _diameter(grow, graph)
                    if max(d_worst[0], d_b[0]) < diam[worst][0] - 1e-9:
                        out[u] = b
                        members[worst], members[b] = stay, grow
                        totals[worst] -= q[u]
                        totals[b] += q[u]
                        diam[worst], diam[b] = d_worst, d_b
                        moved = True
                        break
                if moved:
                    break
            if moved:
                break
        if not moved:
            break
    return out
