"""The lower bound on the largest district diameter holds against every balanced plan."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np

from territory.diameter_bound import diameter_lower_bound


def test_no_balanced_plan_of_a_small_graph_beats_the_bound() -> None:
    """Enumerate every split of an 8-unit sparse graph into two connected districts."""
    rng = np.random.default_rng(5)
    g = nx.cycle_graph(8)
    g.add_edge(0, 4)
    for a, b in g.edges:
        g.edges[a, b]["w"] = float(rng.integers(5, 13))
    dist = np.array(nx.floyd_warshall_numpy(g, nodelist=range(8), weight="w"))
    q = rng.uniform(1, 10, size=(8, 2))
    lower = q.sum(axis=0) / 2 * 0.8
    upper = q.sum(axis=0) / 2 * 1.2
    bound = diameter_lower_bound(q, lower, dist)
    best = np.inf
    for side in itertools.product((0, 1), repeat=8):
        parts = [[u for u in range(8) if side[u] == d] for d in (0, 1)]
        if not all(parts) or not all(nx.is_connected(g.subgraph(p)) for p in parts):
            continue
        held = np.array([q[p].sum(axis=0) for p in parts])
        if np.all((held >= lower) & (held <= upper)):
            best = min(best, max(dist[np.ix_(p, p)].max() for p in parts))
    assert np.isfinite(best) and bound <= best
    assert bound > 0


def test_a_graph_too_light_for_the_lower_limit_has_no_finite_bound() -> None:
    dist = np.array([[0.0, 1.0], [1.0, 0.0]])
    assert diameter_lower_bound(np.ones((2, 1)), np.array([3.0]), dist) == float("inf")
