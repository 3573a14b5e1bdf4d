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

import networkx as nx
import numpy as np
from numpy.typing import NDArray
from scipy.spatial import Delaunay, QhullError, cKDTree


def _delaunay_pairs(xy: NDArray[np.float64]) -> set[tuple[int, int]]:
    n = len(xy)
    if n < 2:
        return set()
    try:
        tri = Delaunay(xy)
    except (QhullError, ValueError):  # fewer than 3 distinct or all collinear points
        order = np.lexsort((xy[:, 1], xy[:, 0]))
        return {(int(min(a, b)), int(max(a, b))) for a, b in zip(order[:-1], order[1:])}
    pairs: set[tuple[int, int]] = set()
    for simplex in tri.simplices:
        a, b, c = (int(v) for v in simplex)
        pairs.update({(min(a, b), max(a, b)), (min(b, c), max(b, c)), (min(a, c), max(a, c))})
    return pairs


def _join_orphans(xy: NDArray[np.float64], pairs: set[tuple[int, int]]) -> None:
    """Points Qhull left out (duplicates, near-duplicates) are tied to their nearest
    triangulated point."""
    seen = {i for pair in pairs for i in pair}
    touched = sorted(seen)
    orphans = [i for i in range(len(xy)) if i not in seen]
    if not orphans or not touched:
        return
    _, idx = cKDTree(xy[touched]).query(xy[orphans])
    for i, j in zip(orphans, np.atleast_1d(idx)):
        k = touched[int(j)]
        pairs.add((min(i, k), max(i, k)))


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
    pairs = _delaunay_pairs(xy)
    _join_orphans(xy, pairs)
    graph = nx.Graph()
    graph.add_nodes_from(ids)
    dropped: list[tuple[float, int, int]] = []
    for a, b in sorted(pairs):
        d = float(np.hypot(*(xy[a] - xy[b])))
        if d <= max_edge_km:
            graph.add_edge(ids[a], ids[b], distance_km=d, bridge=False)
        else:
            dropped.append((d, a, b))
    _link_pieces(graph, ids, dropped, max_link_km)
    index = {u: i for i, u in enumerate(ids)}
    for s, t in kept:
        if s in index and t in index and s != t and not graph.has_edge(s, t):
            km = float(np.hypot(*(xy[index[s]] - xy[index[t]])))
            graph.add_edge(s, t, distance_km=km, bridge=km > max_edge_km)
    return graph


def _link_pieces(
    graph: nx.Graph, ids: Sequence[Hashable], dropped: list[tuple[float, int, int]], cap_km: float
) -> None:
    """Join the pieces by their shortest direct link per pair up to `cap_km`, and by the
    shortest longer links wherever pieces would otherwise stay apart (see the module rule)."""
    piece = {node: k for k, nodes in enumerate(nx.connected_components(graph)) for node in nodes}
    joined = nx.utils.UnionFind(set(piece.values()))
    linked: set[tuple[int, int]] = set()
    for d, a, b in sorted(dropped):
        pa, pb = sorted((piece[ids[a]], piece[ids[b]]))
        if pa == pb or (pa, pb) in linked:
            continue
        if d <= cap_km or joined[pa] != joined[pb]:
            linked.add((pa, pb))
            joined.union(pa, pb)
            graph.add_edge(ids[a], ids[b], distance_km=d, bridge=True)


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
