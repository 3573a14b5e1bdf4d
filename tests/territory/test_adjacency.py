"""The contiguity graph follows geography and is always connected."""

from __future__ import annotations

import networkx as nx
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from territory.adjacency import area_adjacency, build_contiguity


def test_long_gaps_are_not_adjacent_but_towns_are_bridged() -> None:
    rng = np.random.default_rng(1)
    town_a = rng.normal(0, 0.3, size=(30, 2))
    town_b = rng.normal(0, 0.3, size=(30, 2)) + [20.0, 0.0]
    g = build_contiguity(list(range(60)), np.vstack([town_a, town_b]))
    assert nx.is_connected(g)
    bridges = [(u, v) for u, v, b in g.edges(data="bridge") if b]
    assert 1 <= len(bridges) <= 3
    assert all((u < 30) != (v < 30) for u, v in bridges)
    long_edges = [d for u, v, d in g.edges(data="distance_km") if not g[u][v]["bridge"]]
    assert max(long_edges) <= 2.5


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 50), st.floats(0, 50)), min_size=1, max_size=60))
def test_the_graph_is_connected_for_any_points(points: list[tuple[float, float]]) -> None:
    g = build_contiguity(list(range(len(points))), np.array(points, dtype=float))
    assert g.number_of_nodes() == len(points)
    assert nx.is_connected(g)


def test_duplicate_points_stay_connected() -> None:
    points = np.array(
        [(0.0, 0.0), (0.0, 1.0), (0.0, 1e-100), (1.0, 0.0), (1.0, 0.0)] + [(0.0, 0.0)] * 12
    )
    assert nx.is_connected(build_contiguity(list(range(len(points))), points))


def test_area_adjacency_counts_border_links() -> None:
    g = nx.grid_2d_graph(2, 2)
    area = {(0, 0): "A", (0, 1): "A", (1, 0): "B", (1, 1): "B"}
    assert area_adjacency(g, area) == {("A", "B"): 2}
