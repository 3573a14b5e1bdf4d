"""`rebalance_territory` on a seeded graph: who may run it, a dry run, then applying it."""

from __future__ import annotations

from dataclasses import fields, replace

import pytest

from graph.errors import Forbidden, InvalidInput
from graph.principal import Principal
from graph.queries import Query
from graph.rows import as_row
from graph.serialise import to_data
from graph.session import Session
from seeds.city import City
from territory.design_params import DesignParams
from territory.service import rebalance_territory
from tests.territory.service.conftest import OUTSIDERS, PLANNER, node_counts, stored_territory
from tests.territory.service.test_design import delivery_fields_follow_the_areas

REBALANCE_KEYS = [
    "areas", "zones", "balance", "tolerance", "feasible", "misses", "proven", "contiguous",
    "compactness_km", "area_table", "balance_before", "moved_lower_bound",
    "leaving_lower_bound", "entering_lower_bound", "relaxed_lower_bound", "fewest_proved",
    "cap_reached", "moves", "locks", "zone_balance", "zones_contiguous", "zones_proved",
    "zone_days", "moved", "moved_fraction", "staff_changes", "team_loads", "applied", "plan_id",
    "seconds",
]  # fmt: skip
"""The keys of `crm territory rebalance --json` before the service returned a dataclass."""


@pytest.mark.parametrize("principal", OUTSIDERS, ids=lambda p: p.role.value)
def test_only_planners_and_admins_may_rebalance(session: Session, principal: Principal) -> None:
    with pytest.raises(Forbidden, match="may not rebalance the territory"):
        rebalance_territory(session, principal, DesignParams(), dry_run=True)


def test_a_dry_run_writes_nothing_and_applying_makes_its_moves(
    seeded_session: Session, tiny_city: City, quick: DesignParams
) -> None:
    before = stored_territory(seeded_session)
    old = {str(r["id"]): r["area"] for r in seeded_session.read(Query.TERRITORY_FACTS)}
    dry = rebalance_territory(seeded_session, PLANNER, quick, dry_run=True)
    assert stored_territory(seeded_session) == before
    assert [f.name for f in fields(dry)] == REBALANCE_KEYS
    assert list(to_data(dry.moves[0])) == ["retailer", "from", "to", "reason"]
    assert not dry.applied and dry.areas == 20
    assert 0 < dry.moved == len(dry.moves)
    capped = [m for m in dry.moves if "cut off" not in m.reason]  # reconnecting is not capped
    assert len(capped) <= quick.max_moved * len(tiny_city.retailers)
    assert dry.balance_before != dry.balance
    assert dry.cap_reached or dry.moved >= dry.moved_lower_bound

    applied = rebalance_territory(seeded_session, PLANNER, quick)
    assert applied.applied and applied.moved == len(applied.moves)
    area = {str(r["id"]): r["area"] for r in seeded_session.read(Query.TERRITORY_FACTS)}
    assert {r for r in area if area[r] != old[r]} == {m.retailer for m in applied.moves}
    assert all(area[m.retailer] == m.to for m in applied.moves)
    assert all(old[m.retailer] == m.from_ for m in applied.moves)
    assert node_counts(seeded_session)["TerritoryPlan"] == 2  # the seeded areas, then this


def test_an_applied_rebalance_rewrites_the_delivery_segment_and_route_of_the_moved(
    seeded_session: Session, quick: DesignParams
) -> None:
    assert rebalance_territory(seeded_session, PLANNER, quick).moved > 0
    assert delivery_fields_follow_the_areas(seeded_session)


def test_a_retailer_without_an_area_is_refused_in_domain_words(
    seeded_session: Session, tiny_city: City, quick: DesignParams
) -> None:
    newcomer = replace(tiny_city.retailers[0], id="340102999999", licence_no="340102999999")
    seeded_session.write(Query.UPSERT_RETAILERS, [as_row(newcomer)])
    with pytest.raises(InvalidInput, match=r"1 retailers have no area \(e.g. 340102999999\)") as e:
        rebalance_territory(seeded_session, PLANNER, quick, dry_run=True)
    assert "crm" not in e.value.message
