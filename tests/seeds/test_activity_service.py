"""`seed_activity` on the tiny city: refused before classification and to non-admins, written
with its edges, and a second run replaces the first rather than adding to it."""

from __future__ import annotations

import pytest

from classification.params import ClassParams
from classification.service.classify import classify_store
from graph.errors import Forbidden, InvalidInput
from graph.principal import LOCAL_ADMIN, AccountRole, Principal
from graph.repository import graph_stats
from graph.session import Session
from seeds.service.activity import seed_activity

LABELS = ("Interaction", "ServiceCase", "SurveyAnswer", "SurveyWave")
EDGES = ("LOGGED", "ABOUT", "HAS_CASE", "OWNED_BY", "ANSWERED")


def _held(session: Session) -> dict[str, int]:
    stats = graph_stats(session)
    return {k: stats["nodes"].get(k, 0) for k in LABELS} | {
        k: stats["relationships"].get(k, 0) for k in EDGES
    }


def test_activity_needs_a_classified_store_and_an_admin(city_session: Session) -> None:
    with pytest.raises(InvalidInput, match="crm classify"):
        seed_activity(city_session, LOCAL_ADMIN, weeks=2)
    with pytest.raises(Forbidden):
        seed_activity(city_session, Principal("p", AccountRole.PLANNER), weeks=2)


def test_activity_is_written_and_replaced_on_a_new_run(city_session: Session) -> None:
    classify_store(city_session, LOCAL_ADMIN, ClassParams())
    stages: list[str] = []
    report = seed_activity(
        city_session,
        LOCAL_ADMIN,
        weeks=3,
        seed=3,
        progress=lambda stage, done, total: stages.append(stage),
    )
    held = _held(city_session)
    counts = report.counts
    records = sum(counts[k] for k in ("visit", "call", "delivery", "inspection"))
    assert held["Interaction"] == held["LOGGED"] == held["ABOUT"] == records
    assert held["ServiceCase"] == held["HAS_CASE"] == held["OWNED_BY"] == counts["cases"]
    assert held["SurveyAnswer"] == held["ANSWERED"] == counts["answers"] and held["SurveyWave"] == 1
    assert report.last_day.weekday() == 5 and (report.last_day - report.first_day).days == 19
    assert {"read", "generate", "interactions", "cases", "survey"} <= set(stages)
    again = seed_activity(city_session, LOCAL_ADMIN, weeks=3, seed=4)
    assert _held(city_session)["Interaction"] == sum(
        again.counts[k] for k in ("visit", "call", "delivery", "inspection")
    )
    assert _held(city_session)["ServiceCase"] == again.counts["cases"]
    assert _held(city_session)["SurveyAnswer"] == again.counts["answers"]
