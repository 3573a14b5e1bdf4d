"""The adherence report read from a store: periods, scope and the unverified visits listed."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from care.adherence import week_mondays
from care.interactions import InteractionInput
from care.service.adherence import visit_adherence
from care.service.interactions import log_interaction
from classification.params import ClassParams
from classification.service.classify import classify_store
from graph.errors import Forbidden, InvalidInput, NotFound
from graph.principal import LOCAL_ADMIN, AccountRole, Principal
from graph.session import Session
from seeds.city import City

UNTIL = date(2026, 11, 28)


def test_adherence_of_logged_visits_in_scope(seeded_session: Session, tiny_city: City) -> None:
    with pytest.raises(NotFound, match="no visit"):
        visit_adherence(seeded_session, LOCAL_ADMIN)
    classify_store(seeded_session, LOCAL_ADMIN, ClassParams())
    monday = week_mondays(UNTIL, 1)[0]
    shops = tiny_city.retailers[:3]
    for n, shop in enumerate(shops):
        day = monday + timedelta(days=n)
        item = InteractionInput(
            kind="visit",
            retailer_id=shop.id,
            staff_id=tiny_city.staffing.manager_of[shop.id],
            day=day,
            started_at=f"{day}T09:00",
            ended_at=f"{day}T{10 + n:02d}:30",
            checkin_lon=shop.lon + 0.0002,
            checkin_lat=shop.lat - 0.0001,
        )
        log_interaction(seeded_session, LOCAL_ADMIN, item, now=datetime(2026, 11, 28, 18))
    far = InteractionInput(
        kind="visit",
        retailer_id=shops[0].id,
        staff_id=tiny_city.staffing.manager_of[shops[0].id],
        day=UNTIL,
        started_at=f"{UNTIL}T14:00",
        ended_at=f"{UNTIL}T15:00",
        checkin_lon=shops[0].lon + 0.01,
        checkin_lat=shops[0].lat,
    )
    log_interaction(seeded_session, LOCAL_ADMIN, far, now=datetime(2026, 11, 28, 18))
    report = visit_adherence(seeded_session, LOCAL_ADMIN, weeks=2)
    assert (report.first, report.until, report.areas) == (monday - timedelta(weeks=1), UNTIL, None)
    result = report.adherence
    assert (result.visits, result.verified, result.reasons["too_far"]) == (4, 3, 1)
    assert result.overall.planned > 0 and result.overall.met <= 3
    assert [(u.retailer_id, u.reason) for u in report.unverified] == [(shops[0].id, "too_far")]
    area = tiny_city.retailer_area[shops[0].id]
    lead = Principal("lead", AccountRole.TEAM_LEAD, areas=frozenset({area}))
    mine = visit_adherence(seeded_session, lead, weeks=2, until=UNTIL)
    assert [r.key for r in mine.adherence.by_area] == [area] and mine.areas == (area,)
    assert mine.unverified_total == 1
    other = next(a.code for a in tiny_city.areas if a.code != area)
    with pytest.raises(Forbidden):
        visit_adherence(seeded_session, lead, area=other)
    with pytest.raises(InvalidInput):
        visit_adherence(seeded_session, LOCAL_ADMIN, weeks=0)
    with pytest.raises(Forbidden):
        visit_adherence(
            seeded_session,
            Principal("r", AccountRole.RETAILER, areas=frozenset(), retailer=shops[0].id),
        )
