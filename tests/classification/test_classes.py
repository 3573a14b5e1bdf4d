"""Classifying a population: one class per scheme, key accounts, value and points."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from classification.classes import SCHEMES, RetailerFacts, classify_retailers
from classification.params import ClassParams
from classification.points import ScoreRecord, classify_points, monthly_points
from classification.value import key_accounts

MONTHS = [f"2025-{m:02d}" for m in (11, 12)] + [f"2026-{m:02d}" for m in range(1, 11)]
AS_OF = date(2026, 11, 1)


def _facts(i: int, cases: float, price: float = 200.0) -> RetailerFacts:
    months = {m: (cases, cases * 50 * price, 9) for m in MONTHS} if cases else {}
    return RetailerFacts(
        f"R{i}",
        1 + i % 3,
        "C",
        "Z",
        "M",
        "个体工商户",
        "AA",
        0,
        "中",
        False,
        "居民区",
        months,
        (ScoreRecord("manager", "2026-10", 80, 80, 70, 70),),
    )


facts_strategy = st.lists(st.floats(0, 40), min_size=1, max_size=40)


@settings(max_examples=30, deadline=None)
@given(facts_strategy)
def test_every_retailer_gets_exactly_one_class_per_scheme(volumes: list[float]) -> None:
    facts = [_facts(i, v) for i, v in enumerate(volumes)]
    classes = classify_retailers(facts, AS_OF, ClassParams())
    assert [c.id for c in classes] == [f.id for f in facts]
    for c in classes:
        assert set(c.assigned) == set(SCHEMES)
        assert 1 <= c.fields["tier"] <= 8 and 1 <= c.fields["grade"] <= 10
        assert set(json.loads(str(c.fields["class_explanations"]))) == set(SCHEMES)


@given(st.lists(st.floats(0, 1e6), min_size=1, max_size=50), st.floats(0.1, 1.0))
def test_key_accounts_are_the_smallest_set_reaching_the_share(
    profits: list[float], share: float
) -> None:
    flags, _ = key_accounts(profits, share)
    total = sum(profits)
    chosen = sorted((p for p, f in zip(profits, flags) if f), reverse=True)
    if total == 0:
        assert not any(flags)
        return
    assert sum(chosen) >= share * total - 1e-6
    assert sum(chosen[:-1]) < share * total + 1e-6


def test_recomputation_is_idempotent() -> None:
    facts = [_facts(i, v) for i, v in enumerate([0.5, 3, 8, 12, 25, 0])]
    first = classify_retailers(facts, AS_OF, ClassParams())
    again = classify_retailers(facts, AS_OF, ClassParams())
    assert [c.fields for c in first] == [c.fields for c in again]


def test_the_tier_agrees_with_the_stored_average() -> None:
    classes = classify_retailers([_facts(0, 12.4)], AS_OF, ClassParams())
    assert classes[0].fields["avg_monthly_cases"] == 12.4
    assert classes[0].fields["tier"] == 3


def test_a_retailer_that_never_ordered_is_potential_and_visited_more() -> None:
    c = classify_retailers([_facts(0, 0), _facts(1, 5)], AS_OF, ClassParams())[0]
    assert c.fields["lifecycle"] == "potential"
    assert c.fields["service_class"] == "potential"
    assert c.fields["visit_frequency_per_week"] == 2.0


def test_points_classes_and_rebates_follow_the_thresholds() -> None:
    window = ("2026-08", "2026-09", "2026-10")
    high = [ScoreRecord(r, m, 90, 90, 90, 90) for r in ("manager", "agent") for m in window]
    low = [ScoreRecord("driver", m, 50, 50, 50, 50) for m in window]
    assert classify_points(high, "Aug–Oct", ClassParams())[0].value == "special"
    assert classify_points(high, "Aug–Oct", ClassParams())[1] == 270.0
    assert classify_points(low, "Aug–Oct", ClassParams())[0].value == "general"
    assert classify_points([], "Aug–Oct", ClassParams())[1] == 0.0


def test_points_accumulate_over_the_months_scored() -> None:
    """Monthly points are the mean over the roles; the class takes the accumulated total
    against the per-month thresholds times the window's months (3: special 255, key 216)."""
    params = ClassParams()
    one = [ScoreRecord("manager", "2026-10", 100, 100, 100, 100)]
    assert classify_points(one, "Aug–Oct", params)[1] == 100.0
    assert classify_points(one, "Aug–Oct", params)[0].value == "general"
    at_key = [ScoreRecord("agent", m, 72, 72, 72, 72) for m in ("2026-08", "2026-09", "2026-10")]
    assigned, points, rebate = classify_points(at_key, "Aug–Oct", params)
    assert (assigned.value, points, rebate) == ("key", 216.0, 0.010)
    assert "216.00 points accumulated" in assigned.text and "3 of 3 months" in assigned.text
    split = [
        ScoreRecord("manager", "2026-10", 80, 80, 80, 80),
        ScoreRecord("driver", "2026-10", 90, 90, 90, 90),
        ScoreRecord("agent", "2026-09", 85, 85, 85, 85),
    ]
    assert monthly_points(split, params.points_weights) == {"2026-09": 85.0, "2026-10": 85.0}
    assert classify_points(split, "Aug–Oct", params)[1] == 170.0


def test_parameters_load_from_toml(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(
        "points_key = 60.0\n[service_policy.core]\nvisits_per_week = 2\nminutes = 20\n"
        "[service_policy.potential]\nvisits_per_week = 2\nminutes = 10\n"
        "[service_policy.general]\nvisits_per_week = 1\nminutes = 10\n"
        "[service_policy.problem]\nvisits_per_week = 0.5\nminutes = 10\n"
    )
    params = ClassParams.from_file(path)
    assert params.points_key == 60.0 and params.service_policy["core"]["minutes"] == 20
