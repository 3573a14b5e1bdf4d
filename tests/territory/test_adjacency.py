"""The contiguity graph follows geography and is always connected."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
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


def _towns(centres: list[tuple[float, float]], size: int = 30) -> np.ndarray:
    rng = np.random.default_rng(2)
    return np.vstack([rng.normal(0, 0.3, size=(size, 2)) + c for c in centres])


def _linked_towns(g: nx.Graph, size: int = 30) -> set[tuple[int, int]]:
    return {
        (min(u, v) // size, max(u, v) // size) for u, v, bridge in g.edges(data="bridge") if bridge
    }


def test_towns_are_linked_to_the_towns_facing_them_not_across_one() -> None:
    points = _towns([(0.0, 0.0), (10.0, 0.0), (20.0, 0.0), (10.0, 12.0)])
    g = build_contiguity(list(range(len(points))), points)
    # the middle town stands between the outer two; the northern one faces all three
    assert _linked_towns(g) == {(0, 1), (1, 2), (0, 3), (1, 3), (2, 3)}


def test_a_town_beyond_the_link_cap_is_still_joined_by_its_shortest_link() -> None:
    points = _towns([(0.0, 0.0), (10.0, 0.0), (60.0, 0.0)])
    g = build_contiguity(list(range(len(points))), points, max_link_km=25.0)
    assert _linked_towns(g) == {(0, 1), (1, 2)}
    assert nx.is_connected(g)


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


def test_kept_edges_between_units_still_there_stay() -> None:
    """A new point inside a square flips its diagonal away; the old diagonal is kept, and a
    kept edge to a unit that is gone is dropped."""
    square = np.array([[0, 0], [1, 0], [0, 1], [1, 1], [0.45, 0.45]], float)
    fresh = build_contiguity("abcde", square)
    old = next((u, v) for u, v in [("a", "d"), ("b", "c")] if not fresh.has_edge(u, v))
    kept = build_contiguity("abcde", square, kept=[old, ("a", "z")])
    assert kept.has_edge(*old) and not kept.has_edge("a", "z")
    assert set(fresh.edges()) <= set(kept.edges())
    assert kept.edges[old]["distance_km"] == pytest.approx(np.sqrt(2))
