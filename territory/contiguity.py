"""Connectedness of districts: checks, a cheap test for removing one unit, and repair."""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable, Sequence

import networkx as nx
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


def _bridge(
    piece: list[int],
    d: int,
    labels: NDArray[np.int64],
    adj: Sequence[Sequence[int]],
    fixed: set[int],
    longest: int,
) -> list[int] | None:
    """The fewest outside units (at most `longest`) joining `piece` to the rest of district
    `d`, each one free to leave its own district; None when there is no such bridge."""
    inside = set(piece)
    parent: dict[int, int] = {u: -1 for u in piece}
    frontier = list(piece)
    for _ in range(longest + 1):
        nxt = []
        for u in frontier:
            for v in adj[u]:
                if v in parent:
                    continue
                parent[v] = u
                if labels[v] == d and v not in inside:
                    path, w = [], u
                    while w not in inside:
                        path.append(w)
                        w = parent[w]
                    return path
                if v not in fixed and removable(v, labels.tolist(), adj):
                    nxt.append(v)
        frontier = nxt
    return None


def repair(
    labels: NDArray[np.int64],
    k: int,
    adj: Sequence[Sequence[int]],
    fixed: set[int],
    home: NDArray[np.int64] | None = None,
    bridge: int = 3,
) -> NDArray[np.int64]:
    """Make every district connected. A stray piece is first rejoined through at most `bridge`
    outside units (one shop that opened in a corridor should not cost a whole quarter its
    team); failing that it goes back to the neighbouring district most of it came from
    (`home`), else to the neighbour it shares most edges with. Pieces holding fixed (locked or
    pinned) units stay where they are."""
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
                path = _bridge(piece, d, labels, adj, fixed, bridge) if bridge else None
                if path is not None and len(path) < len(piece):
                    labels[path] = d
                    changed = True
                    continue
                border = Counter(int(labels[v]) for u in piece for v in adj[u] if labels[v] != d)
                if not border:
                    continue
                origin = Counter(int(home[u]) for u in piece) if home is not None else None
                back = origin.most_common(1)[0][0] if origin else -1
                labels[piece] = back if back in border else border.most_common(1)[0][0]
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


def articulation_units(labels: Sequence[int], adj: Sequence[Sequence[int]], k: int) -> set[int]:
    """Units whose departure alone would split their district (cut vertices of each district's
    subgraph)."""
    graph = nx.Graph()
    graph.add_nodes_from(range(len(labels)))
    graph.add_edges_from(
        (u, v) for u, vs in enumerate(adj) for v in vs if u < v and labels[u] == labels[v]
    )
    return set(nx.articulation_points(graph))
