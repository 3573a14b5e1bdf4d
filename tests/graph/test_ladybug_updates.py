"""Closing retailers must not touch the order months of those that remain.

With LadybugDB's column compression on, updating order months after retailers (and their
months) were deleted zeroed the amount of about 140 months nobody touched on the 11,500
retailer city; the store now writes without compression (see `graph.ladybug_recovery`).
"""

from __future__ import annotations

import pytest

from graph.principal import LOCAL_ADMIN
from graph.queries import Query
from graph.session import Session
from seeds.params import CityParams
from seeds.service import perturb_city, seed_city


def _zeroed(session: Session) -> list[str]:
    ids = [str(r["id"]) for r in session.read(Query.ALL_RETAILERS)]
    months = session.read(Query.ORDERS_OF_RETAILERS, ids=ids)
    return [str(m["id"]) for m in months if m["amount"] == 0.0 and m["cases"] > 0]


@pytest.mark.slow
def test_closing_retailers_keeps_the_amounts_of_the_others(session: Session) -> None:
    seed_city(session, LOCAL_ADMIN, CityParams(retailers=11_500), 7)
    assert _zeroed(session) == []
    perturb_city(session, LOCAL_ADMIN)
    assert _zeroed(session) == []
