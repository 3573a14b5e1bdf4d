"""The plans' history on a seeded graph: the first apply records the seeded areas first,
each plan keeps its own assignment, compare and show read it over today's retailers, and a
restore applies one again as a new plan."""

from __future__ import annotations

import pytest

from graph.errors import Forbidden, InvalidInput, NotFound
from graph.model import TerritoryPlan
from graph.page import PageRequest
from graph.principal import Principal
from graph.queries import Query
from graph.rows import as_row
from graph.service.stats import check_integrity
from graph.session import Session
from seeds.city import City
from territory.service import (
    compare_plans,
    list_plans,
    move_retailers,
    restore_plan,
    show_plan,
)
from territory.service.plan_records import stored_plan
from tests.territory.service.conftest import OUTSIDERS, PLANNER


def areas_now(session: Session) -> dict[str, str]:
    return {str(r["id"]): str(r["area"]) for r in session.read(Query.TERRITORY_FACTS)}


def moved_city(session: Session, city: City) -> tuple[str, str, str]:
    """Move the first retailer to the next area (applied); (retailer, from, to)."""
    retailer = city.retailers[0].id
    source = city.retailer_area[retailer]
    target = next(a.code for a in city.areas if a.code != source)
    move_retailers(session, PLANNER, [(retailer, target)], dry_run=False)
    return retailer, source, target


@pytest.mark.parametrize("principal", OUTSIDERS, ids=lambda p: p.role.value)
def test_only_planners_and_admins_read_and_restore_plans(
    session: Session, principal: Principal
) -> None:
    with pytest.raises(Forbidden, match="may not read the territory plans"):
        list_plans(session, principal, PageRequest())
    with pytest.raises(Forbidden, match="may not read the territory plans"):
        show_plan(session, principal, "initial")
    with pytest.raises(Forbidden, match="may not read the territory plans"):
        compare_plans(session, principal, "current", "current")
    with pytest.raises(Forbidden, match="may not restore a territory plan"):
        restore_plan(session, principal, "initial")


def test_the_first_apply_records_the_seeded_areas_then_its_own_and_compares_them(
    seeded_session: Session, tiny_city: City
) -> None:
    assert list_plans(seeded_session, PLANNER, PageRequest()).total == 0
    retailer, source, target = moved_city(seeded_session, tiny_city)
    page = list_plans(seeded_session, PLANNER, PageRequest())
    manual, initial = page.items
    assert (initial.kind, initial.replaced, initial.moved) == ("initial", None, 0)
    assert (manual.kind, manual.replaced, manual.moved, manual.by) == (
        "manual",
        initial.id,
        1,
        "planner",
    )
    assert set(manual.balance) == {"customers", "workload", "volume"}
    assert stored_plan(seeded_session, initial.id)[1].area == dict(tiny_city.retailer_area)
    assert stored_plan(seeded_session, manual.id)[1].area == areas_now(seeded_session)
    assert list_plans(seeded_session, PLANNER, PageRequest(offset=1, limit=5)).items == (initial,)

    shown = show_plan(seeded_session, PLANNER, initial.id)
    assert (shown.id, shown.unassigned, shown.gone) == (initial.id, 0, 0)
    counts = {a.code: a.customers for a in shown.areas}
    assert counts == {
        a.code: sum(1 for r in tiny_city.retailer_area.values() if r == a.code)
        for a in tiny_city.areas
    }
    assert all(a.zone == tiny_city.area_zone[a.code] and a.team for a in shown.areas)

    compared = compare_plans(seeded_session, PLANNER, initial.id, "current")
    assert [(m.retailer, m.from_, m.to) for m in compared.moves] == [(retailer, source, target)]
    changed = {a.code for a in compared.areas if a.customers_a != a.customers_b}
    assert changed == {source, target}
    for a, b in ((manual.id, manual.id), ("current", "current"), (manual.id, "current")):
        same = compare_plans(seeded_session, PLANNER, a, b)
        assert same.moves == () and same.teams == ()
        assert all(x.customers_a == x.customers_b for x in same.areas)


def test_restoring_a_restored_plan_gives_back_the_original_assignment(
    seeded_session: Session, tiny_city: City
) -> None:
    moved_city(seeded_session, tiny_city)
    initial = list_plans(seeded_session, PLANNER, PageRequest()).items[-1].id
    dry = restore_plan(seeded_session, PLANNER, initial, dry_run=True)
    assert (dry.applied, dry.plan_id, dry.moved, dry.kept) == (False, None, 1, 0)
    assert areas_now(seeded_session) != dict(tiny_city.retailer_area)

    restored = restore_plan(seeded_session, PLANNER, initial, dry_run=False)
    assert restored.applied and restored.plan_id is not None
    assert areas_now(seeded_session) == dict(tiny_city.retailer_area)
    assert check_integrity(seeded_session, PLANNER).ok
    moved_city(seeded_session, tiny_city)
    again = restore_plan(seeded_session, PLANNER, restored.plan_id, dry_run=False)
    assert areas_now(seeded_session) == dict(tiny_city.retailer_area)
    kinds = [p.kind for p in list_plans(seeded_session, PLANNER, PageRequest()).items]
    assert kinds == ["restore", "manual", "restore", "manual", "initial"]
    assert compare_plans(seeded_session, PLANNER, initial, again.plan_id or "").moves == ()


def test_unknown_and_old_plans_are_refused_in_domain_words(seeded_session: Session) -> None:
    with pytest.raises(NotFound, match="territory plan nope not found"):
        show_plan(seeded_session, PLANNER, "nope")
    with pytest.raises(NotFound, match="territory plan nope not found"):
        compare_plans(seeded_session, PLANNER, "current", "nope")
    old = TerritoryPlan("design-2026-01-01T00:00:00", "2026-01-01T00:00:00", "design", "{}")
    seeded_session.write(Query.UPSERT_TERRITORY_PLANS, [as_row(old)])
    [listed] = list_plans(seeded_session, PLANNER, PageRequest()).items
    assert (listed.id, listed.by, listed.replaced) == (old.id, "", None)
    with pytest.raises(InvalidInput, match="recorded before plans kept their own assignment"):
        restore_plan(seeded_session, PLANNER, old.id)
