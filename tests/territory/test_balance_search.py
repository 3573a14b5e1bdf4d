"""The balance search on sparse graphs without coordinates: districts stay connected, fixed
units stay put, and an unbalanced start is brought inside its bands."""

from __future__ import annotations

from collections import deque

import networkx as nx
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray

from benchmarks.grid_instances import make_planted_grid
from territory.balance_search import search_balance
from territory.contiguity import components

Graph = tuple[list[list[int]], NDArray[np.float64]]


def arrays(g: nx.Graph) -> Graph:
    """Neighbour lists and (n, 3) measures of a generated grid, nodes numbered 0..n-1."""
    nodes = sorted(g.nodes, key=int)
    index = {n: i for i, n in enumerate(nodes)}
    adj: list[list[int]] = [sorted(index[v] for v in g[n]) for n in nodes]
    q = np.array([[g.nodes[n][m] for m in ("n_customers", "demand", "workload")] for n in nodes])
    return adj, q


def grown(adj: list[list[int]], k: int, seed: int) -> list[int]:
    """Connected but unbalanced districts: k seeds grown breadth-first at random speeds."""
    rng = np.random.default_rng(seed)
    labels = [-1] * len(adj)
    fronts = []
    for d, unit in enumerate(rng.choice(len(adj), size=k, replace=False).tolist()):
        labels[unit] = d
        fronts.append(deque([unit]))
    while any(fronts):
        d = int(rng.integers(k))
        for _ in range(int(rng.integers(1, 4))):
            if not fronts[d]:
                break
            for v in adj[fronts[d].popleft()]:
                if labels[v] < 0:
                    labels[v] = d
                    fronts[d].append(v)
    return labels


def connected(labels: list[int], adj: list[list[int]]) -> bool:
    k = max(labels) + 1
    return all(
        len(components([u for u, d in enumerate(labels) if d == j], adj)) == 1 for j in range(k)
    )


def limits(q: NDArray[np.float64], k: int, tol: float) -> tuple[NDArray[np.float64], ...]:
    mean = q.sum(axis=0) / k
    return mean * (1 - tol), mean * (1 + tol)


def totals(labels: list[int], q: NDArray[np.float64]) -> NDArray[np.float64]:
    out = np.zeros((max(labels) + 1, q.shape[1]))
    np.add.at(out, np.asarray(labels), q)
    return out


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 10_000), shape=st.sampled_from([(2, 2), (2, 3), (3, 3)]))
def test_districts_stay_connected_and_fixed_units_stay(seed: int, shape: tuple[int, int]) -> None:
    g, _ = make_planted_grid(shape, 5, seed)
    adj, q = arrays(g)
    k = shape[0] * shape[1]
    start = grown(adj, k, seed)
    assert connected(start, adj)
    fixed = set(range(0, len(adj), 9))
    labels = search_balance(start, q, *limits(q, k, 0.05), adj, fixed, seed=seed, iterations=300)
    assert connected(labels, adj)
    assert all(labels[u] == start[u] for u in fixed)
    assert sorted(set(labels)) == list(range(k))


def test_an_unbalanced_start_on_a_planted_grid_is_brought_inside_its_bands() -> None:
    g, _ = make_planted_grid((3, 3), 6, 11)
    adj, q = arrays(g)
    start = grown(adj, 9, 3)
    lower, upper = limits(q, 9, 0.05)
    before = totals(start, q)
    assert np.any((before < lower) | (before > upper))
    labels = search_balance(start, q, lower, upper, adj, set(), seed=3, iterations=3000)
    after = totals(labels, q)
    assert np.all((after >= lower) & (after <= upper)) and connected(labels, adj)
    again = search_balance(start, q, lower, upper, adj, set(), seed=3, iterations=3000)
    assert again == labels  # the same seed gives the same plan


def test_a_cut_vertex_takes_what_it_holds_together_with_it() -> None:
    # two districts on a path 0-1-2-3-4-5 with a spur 6 on unit 1: district 0 = {0, 1, 6}
    # is heavy and only unit 1 borders district 1, so moving 1 must carry 0 and 6 too or
    # nothing; moving the whole district is refused, so the plan must shift the border.
    adj = [[1], [0, 2, 6], [1, 3], [2, 4], [3, 5], [4], [1]]
    q = np.array([[1.0], [1.0], [1.0], [1.0], [1.0], [1.0], [5.0]])
    start = [0, 0, 1, 1, 1, 1, 0]
    lower, upper = limits(q, 2, 0.2)
    labels = search_balance(start, q, lower, upper, adj, set(), iterations=50)
    assert connected(labels, adj)
    assert np.all((totals(labels, q) >= lower) & (totals(labels, q) <= upper))
