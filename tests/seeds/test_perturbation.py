"""The pure perturbation on `tiny_city` as model records: no store involved."""

from __future__ import annotations

import pytest

from graph.rows import as_row
from seeds.city import City
from seeds.perturbation import CityState, PerturbParams, perturb, quarter_ending


@pytest.fixture(scope="module")
def state(tiny_city: City) -> CityState:
    """`tiny_city` as a perturbation reads it from the graph."""
    city, staffing = tiny_city, tiny_city.staffing
    positions = [
        {
            "id": r.id,
            "lon": r.lon,
            "lat": r.lat,
            "area": city.retailer_area[r.id],
            "manager": staffing.manager_of[r.id],
            "agent": staffing.agent_of[r.id],
        }
        for r in city.retailers
    ]
    return CityState(
        [as_row(r) for r in city.retailers],
        positions,
        dict(city.retailer_business_area),
        {city.retailer_area[r]: z for r, z in city.retailer_zone.items()},
        {d.adcode: d.name for d in city.districts},
        quarter_ending(max(m.month for ms in city.orders.values() for m in ms)),
    )


def test_the_same_seed_gives_the_same_change_and_another_seed_another(state: CityState) -> None:
    params = PerturbParams(open_count=12, close_count=10, grow=0.2)
    first, again, other = (perturb(state, params, s) for s in (11, 11, 12))
    assert first == again
    assert first.closed != other.closed and first.hotspot_km != other.hotspot_km


def test_closures_are_distinct_and_every_kept_retailer_grows(state: CityState) -> None:
    change = perturb(state, PerturbParams(open_count=0, close_count=10, grow=0.2), 11)
    assert len(set(change.closed)) == 10 and not set(change.closed) & set(change.lift)
    assert len(change.lift) == len(state.retailers) - 10
    assert min(change.lift.values()) > 1 and change.mean_growth == 0.2
    assert change.openings == ()


def test_openings_take_the_team_of_a_retailer_in_their_area(state: CityState) -> None:
    change = perturb(state, PerturbParams(open_count=12, close_count=0, grow=0.0), 11)
    teams = {(p["area"], p["manager"], p["agent"]) for p in state.positions}
    assert len({o.retailer.id for o in change.openings}) == 12
    for o in change.openings:
        assert (o.area, o.manager, o.agent) in teams
        assert o.zone == state.zone_of[o.area]
        assert {m.month for m in o.orders} <= set(state.quarter)
        assert all(m.retailer_id == o.retailer.id for m in o.orders)
