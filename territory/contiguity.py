"""Connectedness of districts: checks, a cheap test for removing one unit, and repair."""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable, Sequence

import numpy as np
from numpy.typing import NDArray


def components(members: Iterable[int], adj: Sequence[Sequence[int]]) -> list[list[int]]:
    """Connected components of the subgraph induced by `members`.

    >>> components([0, 1, 3], [[1], [0, 2], [1, 3], [2]])
    [[0, 1], [3]]
    """
    inside = set(members)
    seen: set[int] = set()
    out = []
    for start in sorted(inside):
        if start in seen:
            continue
        seen.add(start)
        comp, queue = [start], deque([start])
        while queue:
            for v in adj[queue.popleft()]:
                if v in inside and v not in seen:
                    seen.add(v)
                    comp.append(v)
                    queue.append(v)
        out.append(sorted(comp))
    return out


def is_connected(labels: NDArray[np.int64], district: int, adj: Sequence[Sequence[int]]) -> bool:
    members = np.flatnonzero(labels == district)
    return len(members) == 0 or len(components(members.tolist(), adj)) == 1


def removable(unit: int, labels: Sequence[int], adj: Sequence[Sequence[int]]) -> bool:
    """Whether `unit` can leave its district without splitting it: its neighbours in the
    district must stay linked to each other without it (searched outwards until all are
    reached, which is quick when they are close). Emptying a district is the caller's check.

    >>> removable(1, [0, 0, 0], [[1], [0, 2], [1]]), removable(0, [0, 0, 0], [[1], [0, 2], [1]])
    (False, True)
    """
    d = labels[unit]
    mates = [v for v in adj[unit] if labels[v] == d]
    if len(mates) <= 1:
        return True
    targets = set(mates[1:])
    seen = {unit, mates[0]}
    queue = deque([mates[0]])
    while queue and targets:
        for v in adj[queue.popleft()]:
            if v not in seen and labels[v] == d:
                seen.add(v)
                targets.discard(v)
                queue.append(v)
    return not targets


def repair(
    labels: NDArray[np.int64], k: int, adj: Sequence[Sequence[int]], fixed: set[int]
) -> NDArray[np.int64]:
    """Make every district connected: keep its largest piece and hand each other piece to the
    neighbouring district it shares most edges with. Pieces holding fixed (locked or pinned)
    units stay where they are."""
    labels = labels.copy()
    for _ in range(4 * k):
        changed = False
        for d in range(k):
            pieces = components(np.flatnonzero(labels == d).tolist(), adj)
            if len(pieces) <= 1:
                continue
            keep = max(pieces, key=len)
            for piece in pieces:
                if piece is keep or fixed.intersection(piece):
                    continue
                border = Counter(int(labels[v]) for u in piece for v in adj[u] if labels[v] != d)
                if border:
                    labels[piece] = border.most_common(1)[0][0]
                    changed = True
        if not changed:
            break
    return labels


def nearby_districts(
    labels: Sequence[int], adj: Sequence[Sequence[int]], k: int, hops: int
) -> NDArray[np.bool_]:
    """(n, k): the districts found within `hops` edges of each unit (its own included), the
    only ones it may join in a local re-assignment, so districts stay nearly connected.

    >>> nearby_districts([0, 0, 1, 1], [[1], [0, 2], [1, 3], [2]], 2, 1).astype(int).tolist()
    [[1, 0], [1, 1], [1, 1], [0, 1]]
    """
    near = np.zeros((len(labels), k), dtype=bool)
    near[np.arange(len(labels)), np.asarray(labels)] = True
    for _ in range(hops):
        grown = near.copy()
        for u, vs in enumerate(adj):
            for v in vs:
                grown[u] |= near[v]
        near = grown
    return near
