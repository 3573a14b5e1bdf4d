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
    start: int, targets: set[int], graph: list[set[int]], blocked: set[tuple[int, int]]
) -> list[int] | None:
    """Shortest chain of districts from `start` to one of `targets`, avoiding blocked links."""
    parent = {start: start}
    queue = deque([start])
    while queue:
        d = queue.popleft()
        if d in targets and d != start:
            path = [d]
            while path[-1] != start:
                path.append(parent[path[-1]])
            return path[::-1]
        for e in sorted(graph[d]):
            if e not in parent and (d, e) not in blocked and (e, d) not in blocked:
                parent[e] = d
                queue.append(e)
    return None


def _branch(
    u: int, labels: list[int], adj: Sequence[Sequence[int]], fixed: set[int], limit: int
) -> list[int] | None:
    """`u` with the pieces of its district that its departure would cut off (all but the
    largest), when they are free to move and at most `limit` units; else None."""
    d = labels[u]
    pieces = []
    seen = {u}
    for start in adj[u]:
        if labels[start] != d or start in seen:
            continue
        piece, stack = [start], [start]
        seen.add(start)
        while stack and len(piece) <= 4 * limit:
            for v in adj[stack.pop()]:
                if labels[v] == d and v not in seen:
                    seen.add(v)
                    piece.append(v)
                    stack.append(v)
        pieces.append(piece)
    pieces.sort(key=len)
    cut = [v for p in pieces[:-1] for v in p]
    if len(cut) + 1 > limit or fixed.intersection(cut):
        return None
    return [u, *cut]


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
    """Move border units of `src` touching `dst` into `dst` until `amount` of load moved; a
    unit whose departure would split `src` goes with the small piece it would cut off."""
    heap = [
        (dist[dst, u] - dist[src, u], u)
        for u in range(len(labels))
        if labels[u] == src and u not in fixed and any(labels[v] == dst for v in adj[u])
    ]
    heapq.heapify(heap)
    moved = 0.0
    limit = max(1, sizes[src] // 5)
    while heap and moved < amount and sizes[src] > 1:
        _, u = heapq.heappop(heap)
        if labels[u] != src:
            continue
        group = [u] if removable(u, labels, adj) else _branch(u, labels, adj, fixed, limit)
        if not group or len(group) >= sizes[src]:
            continue
        for w in group:
            labels[w] = dst
            moved += load[w]
        sizes[src] -= len(group)
        sizes[dst] += len(group)
        for w in group:
            for v in adj[w]:
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
    """Shift load until every district's load is within ±`band` of the mean, keeping only
    chains that lower the total excess over the band (stops when none does). `tight` weights
    the measures that make up the load."""
    k = dist.shape[0]
    out = list(labels)
    weights = tight / max(tight.sum(), 1e-12)
    load = (q / np.maximum(mean, 1e-12)) @ weights
    sizes = np.bincount(np.asarray(out), minlength=k).tolist()

    def excess(labels: list[int]) -> float:
        totals = np.bincount(np.asarray(labels), weights=load, minlength=k)
        return float(np.maximum(np.abs(totals - 1) - band, 0.0).sum())

    for _ in range(max_chains):
        totals = np.bincount(np.asarray(out), weights=load, minlength=k).astype(np.float64)
        off = sorted(
            (d for d in range(k) if abs(totals[d] - 1) > band), key=lambda d: -abs(totals[d] - 1)
        )
        if not off:
            break
        graph = district_graph(out, adj, k)
        before = excess(out)
        for d in off:
            trial, trial_sizes = list(out), list(sizes)
            if (
                _shift(d, totals, graph, trial, load, adj, dist, fixed, trial_sizes)
                and excess(trial) < before - 1e-12
            ):
                out[:], sizes[:] = trial, trial_sizes
                break
        else:
            break
    return out


def _shift(
    d: int,
    totals: NDArray[np.float64],
    graph: list[set[int]],
    labels: list[int],
    load: NDArray[np.float64],
    adj: Sequence[Sequence[int]],
    dist: NDArray[np.float64],
    fixed: set[int],
    sizes: list[int],
) -> bool:
    """Move load out of a heavy district `d` (or into a light one) along a chain; whether any
    moved. Links whose border has no unit free to move are blocked and another chain tried."""
    heavy = totals[d] > 1
    gap = abs(totals - 1)
    near = {e for e in range(len(totals)) if (totals[e] < 1) == heavy and e != d}
    needy = {e for e in near if gap[e] > gap[d] / 4}
    blocked: set[tuple[int, int]] = set()
    for _ in range(8):
        found = _chain(d, needy, graph, blocked) or _chain(d, near, graph, blocked)
        if not found:
            return False
        path = found if heavy else found[::-1]
        amount = max(min(totals[path[0]] - 1, 1 - totals[path[-1]]), 1e-9)
        done = amount
        for a, b in zip(path[:-1], path[1:]):
            moved = _hand_over(a, b, done, labels, load, adj, dist, fixed, sizes)
            if moved <= 0:
                blocked.add((a, b))
                break
            done = min(done, moved)
        else:
            return True
        if done < amount:  # part of the chain moved before a link blocked
            return True
    return False
