"""The territory state read from a real store keeps the contiguity graph of the plan."""

from __future__ import annotations

import pytest

from graph.errors import NotFound
from graph.queries import Query
from graph.session import Session
from territory.design_params import DesignParams
from territory.service.state import read_state


def test_stored_neighbours_stay_in_the_contiguity_graph(seeded_session: Session) -> None:
    """An edge the plan in force was drawn on (NEIGHBOURS) stays in the graph read back,
    though the triangulation alone would not draw it."""
    units = read_state(seeded_session, DesignParams()).units
    linked = {(a, b) for a, b, _ in units.edges} | {(b, a) for a, b, _ in units.edges}
    a, b = next((0, v) for v in range(1, len(units.ids)) if (0, v) not in linked)
    seeded_session.write(
        Query.LINK_RETAILER_NEIGHBOURS,
        [{"src": units.ids[a], "dst": units.ids[b], "km": 1.0}],
    )
    again = read_state(seeded_session, DesignParams()).units
    assert again.ids == units.ids
    assert {(a, b) for a, b, _ in again.edges} == {(a, b) for a, b, _ in units.edges} | {(0, b)}


def test_an_empty_graph_is_refused_in_domain_words(session: Session) -> None:
    with pytest.raises(NotFound, match="holds no retailers: seed a city or import") as raised:
        read_state(session, DesignParams())
    assert "crm" not in raised.value.message
