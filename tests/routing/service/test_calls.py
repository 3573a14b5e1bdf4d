"""Call lists read from the graph, whole or through a principal's areas."""

from __future__ import annotations

import pytest

from graph.errors import Forbidden
from graph.principal import AccountRole, Principal
from graph.session import Session
from routing.service import RoutePlanResult, plan_calls
from seeds.city import City
from tests.routing.service.conftest import DISPATCHER, ORDER_DAY, lead_of

Routed = tuple[Session, RoutePlanResult]


def test_the_zones_retailers_are_called_morning_batch_first(
    routed: Routed, tiny_city: City
) -> None:
    calls = plan_calls(routed[0], DISPATCHER, ORDER_DAY)
    zone = {r.id for r in tiny_city.retailers if tiny_city.retailer_zone[r.id] == 3}
    assert (calls.date, calls.zone, calls.agents) == (ORDER_DAY, 3, 1)
    assert calls.calls == len(zone) == 71 and calls.max_calls_per_agent == 71
    (called,) = calls.lists.values()
    assert set(called) == zone and calls.unassigned == ()
    batch = {r.id: r.order_batch for r in tiny_city.retailers}
    pm = [batch[r] == "下午" for r in called]
    assert pm == sorted(pm)  # every morning call before the first afternoon one


def test_calls_over_the_limit_are_left_unassigned(routed: Routed) -> None:
    calls = plan_calls(routed[0], DISPATCHER, ORDER_DAY, per_agent=30)
    assert calls.calls == 30 and len(calls.unassigned) == 41
    assert all(u.reason == "every agent of the zone has 30 calls" for u in calls.unassigned)


def test_a_team_lead_sees_only_their_areas_calls(routed: Routed, tiny_city: City) -> None:
    whole = plan_calls(routed[0], DISPATCHER, ORDER_DAY, per_agent=30)
    mine = plan_calls(routed[0], lead_of("A02", "A09"), ORDER_DAY, per_agent=30)
    seen = [r for rs in mine.lists.values() for r in rs]
    left = [u.retailer for u in mine.unassigned]
    assert {tiny_city.retailer_area[r] for r in seen + left} == {"A02"}  # A09 is not in zone 3
    assert len(seen) + len(left) == 13 and mine.calls == len(seen)
    for agent, retailers in mine.lists.items():
        assert list(retailers) == [r for r in whole.lists[agent] if r in retailers]


def test_a_viewer_may_not_read_call_lists(routed: Routed) -> None:
    with pytest.raises(Forbidden, match="may not read call lists"):
        plan_calls(routed[0], Principal("v", AccountRole.VIEWER), ORDER_DAY)
