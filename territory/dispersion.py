"""Shrink the largest district diameter (the longest shortest path inside a district), the
dispersion measure of delivery territory design, keeping balance and connectedness.

Repeatedly take the district with the largest diameter and try to hand one of the units at
the ends of its diameter (or next to them) to a neighbouring district, when the move keeps every
measure within tolerance, leaves the district connected and lowers the larger of the two
diameters involved. Stops when no such move exists or the move budget is spent.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TypeAlias

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from territory.contiguity import removable

Lengths: TypeAlias = "csr_matrix | NDArray[np.float64]"
"""How a diameter is measured: the contiguity graph's edge lengths (a sparse matrix: paths
stay inside the district), or a dense matrix of shortest-path lengths over the whole graph
(paths may leave the district, as in the published benchmark of Aly et al.)."""


def _diameter(members: Sequence[int], graph: Lengths) -> tuple[float, int, int]:
    """(diameter, end, other end) of the district made of `members`."""
    if len(members) < 2:
        return 0.0, members[0] if members else -1, members[0] if members else -1
    idx = np.asarray(members)
    if isinstance(graph, np.ndarray):
        dist = graph[np.ix_(idx, idx)].copy()
    else:
        dist = dijkstra(graph[idx][:, idx], directed=False)
    dist[~np.isfinite(dist)] = -1.0
    a, b = np.unravel_index(int(np.argmax(dist)), dist.shape)
    return float(dist[a, b]), int(idx[a]), int(idx[b])


def reduce_diameter(
    labels: Sequence[int],
    q: NDArray[np.float64],
    lower: NDArray[np.float64],
    upper: NDArray[np.float64],
    graph: Lengths,
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


def largest_of(labels: Sequence[int], graph: Lengths) -> float:
    """The largest district diameter of a labelling."""
    k = int(max(labels)) + 1
    return max(_diameter([u for u, d in enumerate(labels) if d == j], graph)[0] for j in range(k))


def shake(
    labels: Sequence[int],
    q: NDArray[np.float64],
    lower: NDArray[np.float64],
    upper: NDArray[np.float64],
    adj: Sequence[Sequence[int]],
    fixed: set[int],
    rng: np.random.Generator,
    *,
    moves: int,
) -> list[int]:
    """`moves` random border units handed to a neighbouring district, each move keeping the
    balance bounds and both districts connected (a kick out of a local optimum)."""
    out = list(labels)
    k = int(max(out)) + 1
    totals = np.array([q[[u for u, d in enumerate(out) if d == j]].sum(axis=0) for j in range(k)])
    done = 0
    for _ in range(50 * moves):
        if done == moves:
            break
        u = int(rng.integers(len(out)))
        a = out[u]
        others = sorted({out[v] for v in adj[u]} - {a})
        if not others or u in fixed or not removable(u, out, adj):
            continue
        b = others[int(rng.integers(len(others)))]
        if np.all(totals[a] - q[u] >= lower) and np.all(totals[b] + q[u] <= upper):
            out[u] = b
            totals[a] -= q[u]
            totals[b] += q[u]
            done += 1
    return out


def search_diameter(
    labels: Sequence[int],
    q: NDArray[np.float64],
    lower: NDArray[np.float64],
    upper: NDArray[np.float64],
    graph: Lengths,
    adj: Sequence[Sequence[int]],
    fixed: set[int],
    *,
    seed: int,
    iterations: int,
    deadline: float | None = None,
    kick: int = 6,
) -> list[int]:
    """Iterated local search on the largest diameter: descend (`reduce_diameter`), kick
    (`shake`), descend again; keep the best, and go on from any result no more than 0.5%
    worse than the current one. `iterations` counts kicks, so a seed gives the same plan;
    `deadline` (a `time.perf_counter()` value) only cuts the search short."""
    rng = np.random.default_rng(seed)
    best = reduce_diameter(labels, q, lower, upper, graph, adj, fixed)
    best_value = current_value = largest_of(best, graph)
    current = best
    for _ in range(iterations):
        if deadline is not None and time.perf_counter() > deadline:
            break
        kicked = shake(current, q, lower, upper, adj, fixed, rng, moves=kick)
        candidate = reduce_diameter(kicked, q, lower, upper, graph, adj, fixed)
        value = largest_of(candidate, graph)
        if value < best_value - 1e-9:
            best, best_value = candidate, value
        if value <= current_value * 1.005:
            current, current_value = candidate, value
    return best
