"""Locks and pins that last: stored with the plan they were set on, honoured by a rebalance
until lifted."""

from __future__ import annotations

from dataclasses import replace

import pytest

from graph.errors import InvalidInput, NotFound
from graph.queries import Query
from graph.session import Session
from territory.design_params import DesignParams
from territory.service import rebalance_territory
from territory.service.plan_records import Locks, current_locks, plan_heads
from territory.service.plans import restore_plan
from tests.territory.service.conftest import PLANNER


def shops_of(session: Session, area: str) -> set[str]:
    return {str(r["id"]) for r in session.read(Query.TERRITORY_FACTS) if r["area"] == area}


def test_a_rebalance_never_moves_a_locked_shop(
    seeded_session: Session, quick: DesignParams
) -> None:
    free = rebalance_territory(seeded_session, PLANNER, quick, dry_run=True)
    assert free.moves and free.locks == Locks()
    retailers = sorted({m.retailer for m in free.moves[1:]})
    area = free.moves[0].from_
    locked = rebalance_territory(
        seeded_session,
        PLANNER,
        quick,
        dry_run=True,
        lock_retailers=retailers,
        lock_areas=[area],
    )
    moved = {m.retailer for m in locked.moves}
    assert not moved & ({*retailers} | shops_of(seeded_session, area))
    assert locked.locks == Locks(tuple(retailers), (area,))


def test_locks_are_stored_with_the_plan_and_last_until_lifted(
    seeded_session: Session, quick: DesignParams
) -> None:
    s = seeded_session
    free = rebalance_territory(s, PLANNER, quick, dry_run=True)
    retailer, area = free.moves[0].retailer, free.moves[-1].from_
    shops = shops_of(s, area) | {retailer}
    applied = rebalance_territory(s, PLANNER, quick, lock_retailers=[retailer], lock_areas=[area])
    locks = Locks((retailer,), (area,))
    row = s.read(Query.TERRITORY_PLANS, keys=[applied.plan_id])[0]
    assert Locks.from_json(str(row["locks"])) == locks == current_locks(s) == applied.locks

    initial = next(h.id for _, h in plan_heads(s) if h.kind == "initial")
    restore_plan(s, PLANNER, initial, dry_run=False)  # unbalanced again; the locks carry over
    assert current_locks(s) == locks
    again = rebalance_territory(s, PLANNER, quick, dry_run=True)
    assert again.moves and again.locks == locks
    assert not {m.retailer for m in again.moves} & shops

    lifted = rebalance_territory(s, PLANNER, quick, dry_run=True, unlock=[retailer, area])
    assert lifted.locks == Locks()
    with pytest.raises(InvalidInput, match="neither a locked retailer"):
        rebalance_territory(s, PLANNER, quick, dry_run=True, unlock=["A99"])
    with pytest.raises(NotFound, match="retailer nope not found"):
        rebalance_territory(s, PLANNER, quick, dry_run=True, lock_retailers=["nope"])


def test_the_report_proves_a_band_a_locked_area_cannot_reach(
    seeded_session: Session, quick: DesignParams
) -> None:
    params = replace(quick, tolerance={**quick.tolerance, "workload": 0.01})
    free = rebalance_territory(seeded_session, PLANNER, params, dry_run=True)
    area = max(free.area_table, key=lambda r: r.workload_deviation).area
    locked = rebalance_territory(seeded_session, PLANNER, params, dry_run=True, lock_areas=[area])
    row = next(r for r in locked.area_table if r.area == area)
    assert row.workload_deviation > 0.01 and not locked.feasible
    assert any(p.startswith(f"{area}: its locked units alone give") for p in locked.proven)
