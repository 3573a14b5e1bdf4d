"""Restore balance by transfers along chains of neighbouring districts.

A district that is too heavy cannot always give units to a light one: they may not touch. The
load (the mean of the tight measures, each relative to its mean) is shifted instead along the
shortest chain of adjacent districts from the heaviest district to the nearest light one: each
link of the chain hands over border units, the ones whose move costs least compactness, and
only units whose departure leaves their district connected. Intermediate districts pass the load
on, so their totals barely change.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from territory.contiguity import removable


def district_graph(labels: Sequence[int], adj: Sequence[Sequence[int]], k: int) -> list[set[int]]:
    out: list[set[int]] = [set() for _ in range(k)]
    for u, vs in enumerate(adj):
        for v in vs:
            if labels[u] != labels[v]:
                out[labels[u]].add(labels[v])
    return out


def _chain(
    start: int, light: set[int], graph: list[set[int]], allowed: Sequence[bool]
) -> list[int] | None:
    """Shortest chain of districts from `start` to a light one."""
    parent = {start: start}
    queue = deque([start])
    while queue:
        d = queue.popleft()
        if d in light and d != start:
            path = [d]
            while path[-1] != start:
                path.append(parent[path[-1]])
            return path[::-1]
        for e in sorted(graph[d]):
            if e not in parent and allowed[e]:
                parent[e] = d
                queue.append(e)
    return None


def _hand_over(
    src: int,
    dst: int,
    amount: float,
    labels: list[int],
    load: NDArray[np.float64],
    adj: Sequence[Sequence[int]],
    dist: NDArray[np.float64],
    fixed: set[int],
    sizes: list[int],
) -> float:
    """Move border units of `src` touching `dst` into `dst` until `amount` of load moved."""
    heap = [
        (dist[dst, u] - dist[src, u], u)
        for u in range(len(labels))
        if labels[u] == src and u not in fixed and any(labels[v] == dst for v in adj[u])
    ]
    heapq.heapify(heap)
    moved = 0.0
    while heap and moved < amount and sizes[src] > 1:
        _, u = heapq.heappop(heap)
        if labels[u] != src or not removable(u, labels, adj):
            continue
        labels[u] = dst
        sizes[src] -= 1
        sizes[dst] += 1
        moved += load[u]
        for v in adj[u]:
            if labels[v] == src and v not in fixed:
                heapq.heappush(heap, (dist[dst, v] - dist[src, v], v))
    return moved


def balance_by_transfers(
    labels: Sequence[int],
    q: NDArray[np.float64],
    mean: NDArray[np.float64],
    tight: NDArray[np.float64],
    band: float,
    adj: Sequence[Sequence[int]],
    dist: NDArray[np.float64],
    fixed: set[int],
    *,
    max_chains: int = 400,
) -> list[int]:
    """Shift load until every district's load is within ±`band` of the mean (or no chain
    helps). `tight` weights the measures that make up the load."""
    k = dist.shape[0]
    out = list(labels)
    weights = tight / max(tight.sum(), 1e-12)
    load = (q / np.maximum(mean, 1e-12)) @ weights
    sizes = np.bincount(np.asarray(out), minlength=k).tolist()
    for _ in range(max_chains):
        totals = np.bincount(np.asarray(out), weights=load, minlength=k)
        heavy = int(np.argmax(totals))
        if totals[heavy] <= 1 + band:
            heavy = -1
        light_d = int(np.argmin(totals))
        if heavy < 0 and totals[light_d] >= 1 - band:
            break
        graph = district_graph(out, adj, k)
        if heavy >= 0:
            light = {d for d in range(k) if totals[d] < 1}
            path = _chain(heavy, light, graph, [True] * k)
        else:
            # pull into the lightest district from its nearest heavy one
            heavy_set = {d for d in range(k) if totals[d] > 1}
            back = _chain(light_d, heavy_set, graph, [True] * k)
            path = back[::-1] if back else None
        if not path:
            break
        end = path[-1]
        amount = min(totals[path[0]] - 1, 1 - totals[end])
        amount = max(amount, 0.5 / max(sizes[path[0]], 1))
        done = amount
        for a, b in zip(path[:-1], path[1:]):
            done = min(done, _hand_over(a, b, done, out, load, adj, dist, fixed, sizes))
            if done <= 0:
                break
        if done <= 0:
            break
    return out
