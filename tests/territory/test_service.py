"""`classify_store` on a real store: classes stored, changes recorded, recompute idempotent."""

from __future__ import annotations

from datetime import date

from graph.queries import Query
from graph.repository import get_retailer, retailer_profile
from graph.store import GraphStore
from seeds.city import City
from territory.class_params import ClassParams
from territory.classify import tier_of
from territory.service import classify_store, default_as_of


def test_classes_are_stored_with_explanations(seeded_store: GraphStore, tiny_city: City) -> None:
    report = classify_store(seeded_store, ClassParams())
    assert report.as_of == default_as_of(seeded_store) == date(2026, 11, 1)
    assert report.retailers == len(tiny_city.retailers)
    assert report.changes == 0
    rows = seeded_store.read(Query.ALL_RETAILERS)
    for row in rows:
        assert row["tier"] == tier_of(row["avg_monthly_cases"], ClassParams().tier_upper_bounds)
    profile = retailer_profile(seeded_store, tiny_city.retailers[0].id)
    assert profile["classes"]["tier"]["text"].startswith(f"tier {rows[0]['tier']}")


def test_moves_between_classes_become_history_and_recompute_is_idempotent(
    seeded_store: GraphStore, tiny_city: City
) -> None:
    classify_store(seeded_store, ClassParams(), as_of=date(2026, 8, 1))
    before = {r["id"]: r for r in seeded_store.read(Query.ALL_RETAILERS)}
    report = classify_store(seeded_store, ClassParams(), as_of=date(2026, 11, 1))
    assert report.changes > 0
    moved = next(
        r for r in seeded_store.read(Query.ALL_RETAILERS) if r["tier"] != before[r["id"]]["tier"]
    )
    history = seeded_store.read(Query.RETAILER_CLASS_HISTORY, id=moved["id"])
    tier_moves = [h for h in history if h["scheme"] == "tier"]
    assert tier_moves[0]["changed_on"] == date(2026, 11, 1)
    assert tier_moves[0]["old"] == str(before[moved["id"]]["tier"])
    assert tier_moves[0]["new"] == str(moved["tier"])
    again = classify_store(seeded_store, ClassParams(), as_of=date(2026, 11, 1))
    assert again.changes == 0
    assert get_retailer(seeded_store, moved["id"])["tier"] == moved["tier"]
