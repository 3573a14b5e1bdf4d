"""Splitting an area, as a question: both areas' balance, their posts, who moves, the zone and
the routes that change; nothing written."""

from __future__ import annotations

from collections import Counter

import pytest

from graph.errors import Forbidden, InvalidInput, NotFound
from graph.principal import LOCAL_ADMIN, AccountRole, Principal
from graph.queries import Query
from graph.session import Session
from seeds.city import City
from territory.service.split import split_impact
from tests.territory.service.conftest import ROUTED_DAY, stored_territory

LEAD = Principal("lead", AccountRole.TEAM_LEAD, staff="HF0001", areas=frozenset({"A01"}))


def _retailers(city: City, area: str) -> list[str]:
    """The area's retailers from west to east."""
    where = {r.id: r.lon for r in city.retailers}
    return sorted((r for r, a in city.retailer_area.items() if a == area), key=where.__getitem__)


def _routed_area(session: Session) -> str:
    """An area with stops on `ROUTED_DAY`."""
    first = session.read(Query.ROUTES_OF_DATE, date=ROUTED_DAY)[0]
    [row] = session.read(Query.RETAILER_AREAS, ids=[first["retailer"]])
    return str(row["area"])


def test_the_two_areas_share_the_old_ones_totals_against_a_lower_mean(
    routed_city: Session, tiny_city: City
) -> None:
    before = stored_territory(routed_city)
    ids = _retailers(tiny_city, "A01")
    west = ids[: len(ids) // 2]
    impact = split_impact(routed_city, LOCAL_ADMIN, "A01", west)
    assert stored_territory(routed_city) == before  # a question: nothing written
    assert (impact.area, impact.new_area, impact.moved) == ("A01", "A21", len(west))
    old, new = impact.sides
    assert (old.area, new.area) == ("A01", "A21")
    assert (old.balance.customers, new.balance.customers) == (len(ids) - len(west), len(west))
    assert impact.before.customers == len(ids)
    for m in ("customers", "workload", "volume"):
        whole = getattr(impact.before, m)
        assert getattr(old.balance, m) + getattr(new.balance, m) == pytest.approx(whole, abs=0.02)
        assert impact.mean_after[m] == pytest.approx(impact.mean_before[m] * 20 / 21, abs=0.01)
    mean = len(tiny_city.retailers) / 21
    assert new.balance.customers_deviation == round(len(west) / mean - 1, 4)
    # half an area is far below the mean of 21 areas: outside the ±5% customer tolerance
    assert all(
        any(x.measure == "customers" and x.deviation < -0.3 for x in s.misses) for s in impact.sides
    )
    assert new.neighbours  # the contiguity graph is connected: the new area touches others


def test_each_side_stays_in_the_zone_and_needs_a_full_team(
    routed_city: Session, tiny_city: City
) -> None:
    ids = _retailers(tiny_city, "A01")
    impact = split_impact(routed_city, LOCAL_ADMIN, "A01", ids[:5])
    zone = tiny_city.area_zone["A01"]
    in_zone = tuple(sorted(a for a, z in tiny_city.area_zone.items() if z == zone))
    assert [(z.zone, z.areas_before, z.areas_after) for z in impact.zones] == [
        (zone, in_zone, tuple(sorted((*in_zone, "A21"))))
    ]
    assert all(s.zone == zone for s in impact.sides)
    now = Counter(r.value for _, a, r in tiny_city.staffing.members if a == "A01")
    assert impact.team_now == {r: now[r] for r in ("agent", "manager", "inspector", "driver")}
    for side in impact.sides:
        assert side.posts["manager"] >= 1 and side.posts["inspector"] >= 1
        assert {t.role for t in side.team_loads} == {r for r, n in side.posts.items() if n}
    # A01 has one manager; two areas need two: a new post (no areas before) is filled
    hired = [c for c in impact.staff_changes if c.role == "manager" and not c.old_areas]
    assert len(hired) == 1 and set(hired[0].new_areas) & {"A01", "A21"}
    assert all({"A01", "A21"} & {*c.old_areas, *c.new_areas} for c in impact.staff_changes)


def test_the_routes_that_stop_at_the_retailers_split_off_change(
    routed_city: Session, tiny_city: City
) -> None:
    area = _routed_area(routed_city)
    stops = [
        s
        for s in routed_city.read(Query.ROUTES_OF_DATE, date=ROUTED_DAY)
        if tiny_city.retailer_area[str(s["retailer"])] == area
    ]
    moving = {str(stops[0]["retailer"])}
    impact = split_impact(routed_city, LOCAL_ADMIN, area, moving)
    assert impact.routes_date == ROUTED_DAY
    [route] = impact.routes
    assert route.route == stops[0]["route"] and route.moving == 1
    assert route.stops == sum(s["route"] == route.route for s in stops)
    assert route.driver == stops[0]["driver"]


@pytest.mark.parametrize(
    ("ids", "message"),
    [
        ([], "name the retailers of area A01 to split off: none given"),
        (["NOPE"], "1 of the retailers are not in area A01 \\(e.g. NOPE\\)"),
        (None, "a split must leave area A01 some of its"),
    ],
)
def test_a_split_must_take_some_but_not_all_of_the_areas_retailers(
    routed_city: Session, tiny_city: City, ids: list[str] | None, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        split_impact(
            routed_city, LOCAL_ADMIN, "A01", _retailers(tiny_city, "A01") if ids is None else ids
        )


def test_a_retailer_of_another_area_is_named(routed_city: Session, tiny_city: City) -> None:
    other = _retailers(tiny_city, "A02")[0]
    with pytest.raises(InvalidInput) as raised:
        split_impact(routed_city, LOCAL_ADMIN, "A01", [_retailers(tiny_city, "A01")[0], other])
    assert raised.value.details == {"not_in_area": [other]}


def test_who_may_ask(routed_city: Session, tiny_city: City) -> None:
    one = _retailers(tiny_city, "A01")[:1]
    assert split_impact(routed_city, LEAD, "A01", one).new_area == "A21"
    assert split_impact(routed_city, Principal("v", AccountRole.VIEWER), "A01", one).moved == 1
    with pytest.raises(Forbidden, match="area A02 is not in the areas of lead"):
        split_impact(routed_city, LEAD, "A02", _retailers(tiny_city, "A02")[:1])
    with pytest.raises(Forbidden, match="may not see the impact of splitting an area"):
        staff = Principal("s", AccountRole.STAFF, areas=frozenset({"A01"}))
        split_impact(routed_city, staff, "A01", one)
    with pytest.raises(NotFound, match="area A99 not found"):
        split_impact(routed_city, LOCAL_ADMIN, "A99", one)
