"""The integrity checks pass on a generated city and name what breaks."""

from __future__ import annotations

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
