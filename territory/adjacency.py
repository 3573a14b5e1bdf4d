"""The contiguity graph over territory units (retailers or cells of them).

Rule: two units are neighbours when they share an edge of the Delaunay triangulation of their
projected positions and that edge is at most `max_edge_km` long, so no adjacency crosses a long
empty gap (a lake, farmland between towns). Where that leaves the graph in pieces (county towns
far from the city), two pieces are neighbours when the triangulation links them directly (no
other town lies between them) by an edge of at most `max_link_km`: they are joined by their
shortest such edge. Pieces that no link that short reaches are joined by the shortest edges of a
minimum spanning tree over the pieces, so the graph is always connected. These edges are marked
``bridge=True``. Units the triangulation leaves out (duplicate positions) are joined to their
nearest unit. Every edge carries ``distance_km``.

The graph a plan was drawn on is kept (the retailers' NEIGHBOURS edges in the store) and its
edges between units that are still there stay in the next graph (`kept`): a new shop's
triangles would otherwise replace edges that an area's shops hang together by, and the
rebalance would have to move them only because the graph changed under them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np
from numpy.typing import NDArray
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import Delaunay, QhullError, cKDTree


@dataclass(frozen=True)
class ContiguityEdges:
    """The triangulation's edges of a contiguity graph by unit index, in the order the graph
    adds them (short edges by index pair, then the links between pieces)."""

    pairs: NDArray[np.int64]
    """(m, 2) unit indices, the smaller first."""
    km: NDArray[np.float64]
    bridge: NDArray[np.bool_]


def _unique_pairs(pairs: NDArray[np.int64], n: int) -> NDArray[np.int64]:
    """Distinct pairs (smaller index first), sorted."""
    codes = np.unique(pairs[:, 0] * n + pairs[:, 1])
    return np.column_stack([codes // n, codes % n]).astype(np.int64)


def _delaunay_pairs(xy: NDArray[np.float64]) -> NDArray[np.int64]:
    n = len(xy)
    if n < 2:
        return np.empty((0, 2), dtype=np.int64)
    try:
        simplices = np.asarray(Delaunay(xy).simplices, dtype=np.int64)
    except (QhullError, ValueError):  # fewer than 3 distinct or all collinear points
        order = np.lexsort((xy[:, 1], xy[:, 0])).astype(np.int64)
        return _unique_pairs(np.sort(np.column_stack([order[:-1], order[1:]]), axis=1), n)
    sides = [simplices[:, [0, 1]], simplices[:, [1, 2]], simplices[:, [0, 2]]]
    return _unique_pairs(np.sort(np.concatenate(sides), axis=1), n)


def _join_orphans(xy: NDArray[np.float64], pairs: NDArray[np.int64]) -> NDArray[np.int64]:
    """Points Qhull left out (duplicates, near-duplicates) are tied to their nearest
    triangulated point."""
    seen = np.zeros(len(xy), dtype=bool)
    seen[pairs.ravel()] = True
    touched, orphans = np.flatnonzero(seen), np.flatnonzero(~seen)
    if not len(orphans) or not len(touched):
        return pairs
    _, idx = cKDTree(xy[touched]).query(xy[orphans])
    nearest = touched[np.atleast_1d(idx)]
    tied = np.sort(np.column_stack([orphans, nearest]), axis=1)
    return _unique_pairs(np.concatenate([pairs, tied]), len(xy))


def contiguity_edges(
    xy_km: NDArray[np.float64], *, max_edge_km: float = 2.5, max_link_km: float = 25.0
) -> ContiguityEdges:
    """The edges of the contiguity graph of units at planar positions `xy_km` (see the module
    rule), without kept ones: what `build_contiguity` draws, as arrays.

    >>> e = contiguity_edges(np.array([[0, 0], [1, 0], [0, 1], [30, 30]], float))
    >>> e.pairs.tolist(), e.bridge.tolist()
    ([[0, 1], [0, 2], [1, 2], [1, 3]], [False, False, False, True])
    """
    xy = np.asarray(xy_km, dtype=float)
    n = len(xy)
    pairs = _join_orphans(xy, _delaunay_pairs(xy))
    km = np.hypot(*(xy[pairs[:, 0]] - xy[pairs[:, 1]]).T) if len(pairs) else np.empty(0)
    short = km <= max_edge_km
    matrix = coo_matrix((np.ones(int(short.sum())), tuple(pairs[short].T)), shape=(n, n))
    _, piece = connected_components(matrix, directed=False)
    dropped = np.flatnonzero(~short)
    dropped = dropped[np.lexsort((pairs[dropped, 1], pairs[dropped, 0], km[dropped]))]
    links = _link_pieces(piece.tolist(), pairs[dropped].tolist(), km[dropped].tolist(), max_link_km)
    chosen = np.concatenate([np.flatnonzero(short), dropped[links]]).astype(np.int64)
    return ContiguityEdges(pairs[chosen], km[chosen], ~short[chosen])


def build_contiguity(
    ids: Sequence[Hashable],
    xy_km: NDArray[np.float64],
    *,
    max_edge_km: float = 2.5,
    max_link_km: float = 25.0,
    kept: Iterable[tuple[Hashable, Hashable]] = (),
) -> nx.Graph:
    """Contiguity graph of units at planar positions `xy_km` (see the module rule), plus the
    `kept` edges of an earlier graph whose both ends are among `ids`.

    >>> g = build_contiguity("abcd", np.array([[0, 0], [1, 0], [0, 1], [30, 30]], float))
    >>> [(u, v) for u, v, bridge in g.edges(data="bridge") if bridge]
    [('b', 'd')]
    >>> nx.is_connected(g)
    True
    """
    xy = np.asarray(xy_km, dtype=float)
    edges = contiguity_edges(xy, max_edge_km=max_edge_km, max_link_km=max_link_km)
    graph = nx.Graph()
    graph.add_nodes_from(ids)
    graph.add_edges_from(
        (ids[a], ids[b], {"distance_km": d, "bridge": bridge})
        for (a, b), d, bridge in zip(edges.pairs.tolist(), edges.km.tolist(), edges.bridge.tolist())
    )
    index = {u: i for i, u in enumerate(ids)}
    for s, t in kept:
        if s in index and t in index and s != t and not graph.has_edge(s, t):
            km = float(np.hypot(*(xy[index[s]] - xy[index[t]])))
            graph.add_edge(s, t, distance_km=km, bridge=km > max_edge_km)
    return graph


def _link_pieces(
    piece: list[int], dropped: list[list[int]], km: list[float], cap_km: float
) -> list[int]:
    """Which of the `dropped` edges (shortest first) join the pieces: the shortest direct link
    per pair of pieces up to `cap_km`, and the shortest longer links wherever pieces would
    otherwise stay apart (see the module rule)."""
    joined = nx.utils.UnionFind(set(piece))
    linked: set[tuple[int, int]] = set()
    chosen = []
    for i, ((a, b), d) in enumerate(zip(dropped, km)):
        pa, pb = sorted((piece[a], piece[b]))
        if pa == pb or (pa, pb) in linked:
            continue
        if d <= cap_km or joined[pa] != joined[pb]:
            linked.add((pa, pb))
            joined.union(pa, pb)
            chosen.append(i)
    return chosen


def area_adjacency(graph: nx.Graph, area_of: Mapping[Hashable, str]) -> dict[tuple[str, str], int]:
    """Pairs of areas (sorted) that touch, with the number of unit edges between them.

    >>> g = nx.path_graph(4)
    >>> area_adjacency(g, {0: "A", 1: "A", 2: "B", 3: "C"})
    {('A', 'B'): 1, ('B', 'C'): 1}
    """
    links: Counter[tuple[str, str]] = Counter()
    for u, v in graph.edges():
        a, b = area_of[u], area_of[v]
        if a != b:
            links[(min(a, b), max(a, b))] += 1
    return dict(sorted(links.items()))
