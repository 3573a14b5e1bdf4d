"""The grid-with-holes instances: sparse, connected, no coordinates, the published ranges."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from benchmarks.grid_instances import PATTERNS, make_grid_instance, make_planted_grid


@pytest.mark.parametrize("pattern", PATTERNS)
def test_each_pattern_gives_a_sparse_connected_graph_of_the_size_asked(pattern: str) -> None:
    g = make_grid_instance(400, 3, pattern)
    degrees = [d for _, d in g.degree]
    assert nx.is_connected(g) and 400 <= g.number_of_nodes() <= 420
    assert min(degrees) >= 2 and max(degrees) <= 4 and np.mean(degrees) < 3.5
    for _, data in g.nodes(data=True):
        assert set(data) == {"n_customers", "demand", "workload"}
        assert 4 <= data["n_customers"] <= 20 and 15 <= data["demand"] <= 400
        assert 15 <= data["workload"] <= 100
    assert all(5 <= w <= 12 for *_, w in g.edges(data="distance"))


def test_the_same_seed_gives_the_same_graph(tmp_path: Path) -> None:
    a, b = make_grid_instance(400, 9, "lakes"), make_grid_instance(400, 9, "lakes")
    assert nx.utils.graphs_equal(a, b)


def test_an_unknown_pattern_is_refused() -> None:
    with pytest.raises(ValueError, match="hole pattern"):
        make_grid_instance(400, 1, "spirals")


def test_the_planted_plan_is_connected_and_exactly_balanced() -> None:
    g, planted = make_planted_grid((2, 3), 5, 4)
    assert nx.is_connected(g) and set(planted.values()) == set(range(6))
    held = np.zeros((6, 3))
    for node, block in planted.items():
        assert nx.is_connected(g.subgraph([n for n, b in planted.items() if b == block]))
        held[block] += [g.nodes[node][m] for m in ("n_customers", "demand", "workload")]
    assert np.allclose(held, held.mean(axis=0))
