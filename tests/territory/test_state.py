"""The territory state read from a real store keeps the contiguity graph of the plan."""

from __future__ import annotations

from graph.queries import Query
from graph.store import GraphStore
from territory.design_params import DesignParams
from territory.service.territory_state import read_state


def test_stored_neighbours_stay_in_the_contiguity_graph(seeded_store: GraphStore) -> None:
    """An edge the plan in force was drawn on (NEIGHBOURS) stays in the graph read back,
    though the triangulation alone would not draw it."""
    units = read_state(seeded_store, DesignParams()).units
    linked = {(a, b) for a, b, _ in units.edges} | {(b, a) for a, b, _ in units.edges}
    a, b = next((0, v) for v in range(1, len(units.ids)) if (0, v) not in linked)
    seeded_store.write(
        Query.LINK_RETAILER_NEIGHBOURS,
        [{"src": units.ids[a], "dst": units.ids[b], "km": 1.0}],
    )
    again = read_state(seeded_store, DesignParams()).units
    assert again.ids == units.ids
    assert {(a, b) for a, b, _ in again.edges} == {(a, b) for a, b, _ in units.edges} | {(0, b)}
