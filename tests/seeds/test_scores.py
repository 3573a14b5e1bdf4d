"""The generated incentive scores: 0–100 per criterion, one per role and month, and the
planted lenient and harsh raters recovered by the raters' report."""

from __future__ import annotations

import numpy as np

from care.points import Scored, rater_bias
from classification.params import ClassParams
from seeds.city import City
from seeds.scores import rater_biases


def _planted(city: City, seed: int) -> dict[str, float]:
    """The biases `generate_city` planted (its eighth random stream)."""
    staff = sorted({s.staff_id for scores in city.scores.values() for s in scores})
    return rater_biases(staff, np.random.default_rng(np.random.SeedSequence(seed).spawn(8)[7]))


def test_scores_are_whole_points_from_0_to_100_one_per_role_and_month(tiny_city: City) -> None:
    scores = [s for shop in tiny_city.scores.values() for s in shop]
    values = [v for s in scores for v in (s.law_abiding, s.cooperation, s.constructive, s.growth)]
    assert min(values) >= 0 and max(values) <= 100 and all(v == int(v) for v in values)
    assert 60 < float(np.mean(values)) < 85
    assert len({s.id for s in scores}) == len(scores)
    assert all(s.id == f"{s.retailer_id}|{s.role.value}|{s.month}" for s in scores)


def test_about_a_tenth_of_the_raters_are_planted_half_each_way() -> None:
    staff = [f"S{i:04d}" for i in range(2000)]
    biases = rater_biases(staff, np.random.default_rng(5))
    lenient = [v for v in biases.values() if v > 0]
    harsh = [v for v in biases.values() if v < 0]
    assert 70 <= len(lenient) <= 130 and 70 <= len(harsh) <= 130
    assert all(8 <= abs(v) <= 15 for v in biases.values())
    assert rater_biases(staff, np.random.default_rng(5)) == biases


def test_the_planted_raters_are_the_flagged_ones(tiny_city: City) -> None:
    scored = [
        Scored(
            s.retailer_id,
            tiny_city.retailer_area[s.retailer_id],
            s.staff_id,
            s.role.value,
            s.month,
            s.law_abiding,
            s.cooperation,
            s.constructive,
            s.growth,
        )
        for shop in tiny_city.scores.values()
        for s in shop
    ]
    planted = _planted(tiny_city, 7)
    flagged = {r.staff_id: r.flag for r in rater_bias(scored, ClassParams().points_weights)}
    assert planted, "seed 7 plants at least one biased rater"
    assert {s for s, f in flagged.items() if f} == set(planted)
    assert all(flagged[s] == ("lenient" if b > 0 else "harsh") for s, b in planted.items())
