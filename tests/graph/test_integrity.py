"""The integrity checks pass on a generated city and name what breaks."""

from __future__ import annotations

from graph.derived import refresh_delivery_fields
from graph.integrity import check_graph
from graph.queries import Query
from graph.repository import get_retailer
from graph.session import Session
from seeds.city import City


def _failed(session: Session) -> set[str]:
    return {c.name for c in check_graph(session).checks if not c.ok}


def test_a_retailer_without_area_is_reported(seeded_session: Session, tiny_city: City) -> None:
    rid = tiny_city.retailers[0].id
    seeded_session.write(
        Query.UPSERT_RETAILERS,
        [{"id": "X1", **{k: v for k, v in get_retailer(seeded_session, rid).items() if k != "id"}}],
    )
    report = check_graph(seeded_session)
    memberships = next(c for c in report.checks if c.name == "retailer_memberships")
    assert memberships.violations == 1 and memberships.examples[0]["id"] == "X1"
    assert not report.ok


def test_a_second_lead_is_reported(seeded_session: Session, tiny_city: City) -> None:
    area = tiny_city.areas[0].code
    other = next(
        p
        for p, a, _ in tiny_city.staffing.members
        if a == area and p != tiny_city.staffing.leads[area]
    )
    seeded_session.write(Query.LINK_AREA_LEADS, [{"src": other, "dst": area}])
    assert _failed(seeded_session) == {"area_leads"}


def test_a_team_without_inspector_is_reported(seeded_session: Session, tiny_city: City) -> None:
    area = tiny_city.areas[1].code
    inspectors = [
        p for p, a, r in tiny_city.staffing.members if a == area and r.value == "inspector"
    ]
    seeded_session.write(Query.UNLINK_TEAM_MEMBERS, [{"src": p} for p in inspectors])
    assert "area_roles" in _failed(seeded_session)


def test_a_stale_delivery_segment_and_route_are_reported(
    seeded_session: Session, tiny_city: City
) -> None:
    retailer = tiny_city.retailers[0]
    area, zone = tiny_city.retailer_area[retailer.id], tiny_city.retailer_zone[retailer.id]
    other = next(a.code for a in tiny_city.areas if a.code != area)
    stale = {"id": retailer.id, "delivery_segment": "Z9-A99", "delivery_route": f"{other}-1"}
    seeded_session.write(Query.SET_RETAILER_DELIVERY, [stale])
    checks = {c.name: c for c in check_graph(seeded_session).checks}
    assert {n for n, c in checks.items() if not c.ok} == {"delivery_segment", "delivery_route"}
    assert checks["delivery_segment"].examples == (
        {"id": retailer.id, "stored": "Z9-A99", "expected": f"Z{zone}-{area}"},
    )
    assert checks["delivery_route"].examples == (
        {"id": retailer.id, "stored": f"{other}-1", "expected": retailer.delivery_route},
    )


def test_refreshing_rewrites_only_the_stale_delivery_fields(
    seeded_session: Session, tiny_city: City
) -> None:
    retailer = tiny_city.retailers[3]
    stale = {"id": retailer.id, "delivery_segment": "", "delivery_route": retailer.delivery_route}
    seeded_session.write(Query.SET_RETAILER_DELIVERY, [stale])
    assert refresh_delivery_fields(seeded_session) == 1
    assert check_graph(seeded_session).ok
    assert get_retailer(seeded_session, retailer.id)["delivery_segment"] == (
        retailer.delivery_segment
    )
