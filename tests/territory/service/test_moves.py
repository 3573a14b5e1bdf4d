"""`move_retailers` on a seeded graph: a preview of every touched area before and after that
writes nothing, whether the areas still hang together, refusals naming every bad input, and
applying the moves as a plan with teams derived again."""

from __future__ import annotations

import pytest

from graph.errors import Conflict, Forbidden, InvalidInput
from graph.page import PageRequest
from graph.principal import Principal
from graph.queries import Query
from graph.service.stats import check_integrity
from graph.session import Session
from seeds.city import City
from territory.contiguity import removable
from territory.design_params import DesignParams
from territory.service import list_plans, move_retailers
from territory.service.measures import broken_areas
from territory.service.metrics import area_metrics
from territory.service.state import read_state
from tests.territory.service.conftest import OUTSIDERS, PLANNER, stored_territory
from tests.territory.service.test_design import delivery_fields_follow_the_areas


def border_move(session: Session) -> tuple[str, str, str]:
    """A retailer on the border of two areas that each hang together, which can leave its
    own without splitting it: (retailer, its area, the neighbouring area it touches). (The
    seeded city's areas are not all in one piece on the engines' contiguity graph.)"""
    state = read_state(session, DesignParams())
    whole = set(state.codes) - set(broken_areas(state.area, state.units.edges))
    codes = sorted({str(a) for a in state.area})
    labels = [codes.index(str(a)) for a in state.area]
    adjacency: list[list[int]] = [[] for _ in labels]
    for a, b, _ in state.units.edges:
        adjacency[a].append(b)
        adjacency[b].append(a)
    for u, vs in enumerate(adjacency):
        others = [v for v in vs if labels[v] != labels[u] and codes[labels[v]] in whole]
        if codes[labels[u]] in whole and others and removable(u, labels, adjacency):
            return state.units.ids[u], codes[labels[u]], codes[labels[others[0]]]
    raise AssertionError("no border retailer")


@pytest.mark.parametrize("principal", OUTSIDERS, ids=lambda p: p.role.value)
def test_only_planners_and_admins_may_move_retailers(
    session: Session, principal: Principal
) -> None:
    with pytest.raises(Forbidden, match="may not move retailers between areas"):
        move_retailers(session, principal, [("R1", "A01")])


def test_a_preview_reports_the_touched_areas_and_whether_they_hang_together_writing_nothing(
    seeded_session: Session, tiny_city: City
) -> None:
    retailer, source, target = border_move(seeded_session)
    before = stored_territory(seeded_session)
    metrics = {m.code: m for m in area_metrics(seeded_session, PLANNER)}
    result = move_retailers(seeded_session, PLANNER, [(retailer, target)])
    assert stored_territory(seeded_session) == before
    assert (result.applied, result.plan_id, result.kind) == (False, None, "manual")
    [move] = result.moves
    assert (move.retailer, move.from_, move.to) == (retailer, source, target)
    assert move.name
    assert [a.code for a in result.areas] == sorted([source, target])
    for area in result.areas:
        now = metrics[area.code]
        assert (area.customers_before, area.workload_before, area.volume_before) == (
            now.customers,
            now.workload,
            now.volume,
        )
        assert area.deviation_before["customers"] == now.customers_deviation
        sign = 1 if area.code == target else -1
        assert area.customers_after == area.customers_before + sign
        assert area.deviation_after["customers"] == round(
            area.customers_after / result.mean["customers"] - 1, 4
        )
    assert result.mean == metrics[source].mean
    assert result.contiguous and result.broken_areas == result.broken_before == ()

    state = read_state(seeded_session, DesignParams())
    index = {u: i for i, u in enumerate(state.units.ids)}
    touching = {
        v for a, b, _ in state.units.edges for u, v in ((a, b), (b, a)) if state.area[u] == target
    }
    far = next(
        u
        for u, a in tiny_city.retailer_area.items()
        if a not in (source, target) and index[u] not in touching
    )
    far_off = move_retailers(seeded_session, PLANNER, [(far, target)])
    assert not far_off.contiguous and target in far_off.broken_areas
    assert target not in far_off.broken_before


def test_bad_moves_are_refused_naming_every_unknown_retailer_and_area_or_a_stale_one(
    seeded_session: Session, tiny_city: City
) -> None:
    known = tiny_city.retailers[0].id
    with pytest.raises(InvalidInput) as raised:
        move_retailers(seeded_session, PLANNER, [("R1", "A01"), ("R2", "A99"), (known, "A98")])
    assert raised.value.message == "unknown retailers: R1, R2; unknown areas: A98, A99"
    with pytest.raises(InvalidInput, match="retailers sent to two areas: " + known):
        move_retailers(seeded_session, PLANNER, [(known, "A01"), (known, "A02")])
    whole = [u for u, a in tiny_city.retailer_area.items() if a == "A05"]
    with pytest.raises(InvalidInput, match="would leave area A05 without retailers"):
        move_retailers(seeded_session, PLANNER, [(u, "A06") for u in whole])
    with pytest.raises(InvalidInput, match="kind 'design'"):
        move_retailers(seeded_session, PLANNER, [(known, "A01")], kind="design")
    with pytest.raises(InvalidInput, match="nothing to apply"):
        here = tiny_city.retailer_area[known]
        move_retailers(seeded_session, PLANNER, [(known, here)], dry_run=False)
    retailer, source, target = border_move(seeded_session)
    stale = next(a for a in ("A01", "A02") if a != source)
    with pytest.raises(Conflict, match=f"expected in {stale}, now in {source}"):
        move_retailers(seeded_session, PLANNER, [(retailer, target)], expected={retailer: stale})


def test_applied_moves_change_area_and_zone_derive_the_teams_and_record_a_plan(
    seeded_session: Session, tiny_city: City
) -> None:
    retailer, _source, target = border_move(seeded_session)
    result = move_retailers(
        seeded_session, PLANNER, [(retailer, target)], dry_run=False, kind="rebalance"
    )
    assert result.applied and result.plan_id is not None
    facts = {str(r["id"]): r for r in seeded_session.read(Query.TERRITORY_FACTS)}
    assert facts[retailer]["area"] == target
    assert facts[retailer]["zone"] == tiny_city.area_zone[target]
    moved = [u for u, a in tiny_city.retailer_area.items() if facts[u]["area"] != a]
    assert moved == [retailer]
    assert check_integrity(seeded_session, PLANNER).ok
    assert delivery_fields_follow_the_areas(seeded_session)
    [newest, initial] = list_plans(seeded_session, PLANNER, PageRequest()).items
    assert (newest.id, newest.kind, newest.moved, newest.by) == (
        result.plan_id,
        "rebalance",
        1,
        "planner",
    )
    assert (initial.kind, newest.replaced) == ("initial", initial.id)
