"""`classify_store` on a real store: classes stored, changes recorded, recompute idempotent."""

from __future__ import annotations

from datetime import date

import pytest

from classification.params import ClassParams
from classification.rules import tier_of
from classification.service.classify import classify_store, default_as_of
from graph.errors import Forbidden
from graph.principal import LOCAL_ADMIN, AccountRole, Principal
from graph.queries import Query
from graph.repository import get_retailer
from graph.service.retailers import retailer_profile
from graph.session import Session
from seeds.city import City

PLANNER = Principal("planner", AccountRole.PLANNER)


def test_classes_are_stored_with_explanations(seeded_session: Session, tiny_city: City) -> None:
    report = classify_store(seeded_session, PLANNER, ClassParams())
    assert report.as_of == default_as_of(seeded_session) == date(2026, 11, 1)
    assert report.retailers == len(tiny_city.retailers)
    assert report.changes == 0
    assert all(sum(c.values()) == report.retailers for c in report.counts.values())
    rows = seeded_session.read(Query.ALL_RETAILERS)
    for row in rows:
        assert row["tier"] == tier_of(row["avg_monthly_cases"], ClassParams().tier_upper_bounds)
    profile = retailer_profile(seeded_session, LOCAL_ADMIN, rows[0]["id"])
    assert profile.classified_on == date(2026, 11, 1)
    assert profile.classes["tier"].class_ == rows[0]["tier"]
    assert profile.classes["tier"].text.startswith(f"tier {rows[0]['tier']}")


def test_moves_between_classes_become_history_and_recompute_is_idempotent(
    seeded_session: Session,
) -> None:
    classify_store(seeded_session, LOCAL_ADMIN, ClassParams(), as_of=date(2026, 8, 1))
    before = {r["id"]: r for r in seeded_session.read(Query.ALL_RETAILERS)}
    report = classify_store(seeded_session, LOCAL_ADMIN, ClassParams(), as_of=date(2026, 11, 1))
    assert report.changes > 0
    moved = next(
        r for r in seeded_session.read(Query.ALL_RETAILERS) if r["tier"] != before[r["id"]]["tier"]
    )
    history = retailer_profile(seeded_session, LOCAL_ADMIN, moved["id"]).class_history
    tier_moves = [h for h in history if h.scheme == "tier"]
    assert tier_moves[0].changed_on == date(2026, 11, 1)
    assert tier_moves[0].old == str(before[moved["id"]]["tier"])
    assert tier_moves[0].new == str(moved["tier"])
    again = classify_store(seeded_session, LOCAL_ADMIN, ClassParams(), as_of=date(2026, 11, 1))
    assert again.changes == 0
    assert get_retailer(seeded_session, moved["id"])["tier"] == moved["tier"]


@pytest.mark.parametrize(
    "role", [AccountRole.DISPATCHER, AccountRole.SUPERVISOR, AccountRole.VIEWER]
)
def test_only_planners_and_administrators_classify(session: Session, role: AccountRole) -> None:
    with pytest.raises(Forbidden, match=f"x \\({role.value}\\) may not classify retailers"):
        classify_store(session, Principal("x", role), ClassParams())
