"""Monthly process-incentive scoring records (0–100 per criterion) by the four people who
serve each retailer, with a few raters planted as systematically lenient or harsh."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from classification.points import incentive_score
from graph.model import IncentiveScore, Role
from seeds.profiles import Profile

BIASED_SHARE = 0.05
"""Share of the scoring staff planted lenient, and again harsh."""
BIAS_RANGE = (8.0, 15.0)
"""Size of a planted rater's bias, in points of every criterion."""


def _score(x: float) -> float:
    """Whole points, 0–100."""
    return float(min(100, max(0, round(x))))


def rater_biases(staff: Sequence[str], rng: np.random.Generator) -> dict[str, float]:
    """The planted raters and their bias: about `BIASED_SHARE` of `staff` lenient (+8 to
    +15 on every criterion), as many harsh (−8 to −15); the others are fair (absent).

    >>> b = rater_biases([f"S{i}" for i in range(400)], np.random.default_rng(1))
    >>> 10 <= sum(v > 0 for v in b.values()) <= 30, all(8 <= abs(v) <= 15 for v in b.values())
    (True, True)
    """
    kind = rng.random(len(staff))
    size = rng.uniform(*BIAS_RANGE, len(staff))
    out = {}
    for s, k, v in zip(staff, kind, size):
        if k < 2 * BIASED_SHARE:
            out[s] = round(float(v) if k < BIASED_SHARE else -float(v), 1)
    return out


def generate_scores(
    retailer_id: str,
    profile: Profile,
    violations: int,
    scorers: dict[Role, str],
    months: Sequence[str],
    rng: np.random.Generator,
    biases: Mapping[str, float] | None = None,
) -> list[IncentiveScore]:
    """One record per role and month: law-abiding falls with violations, cooperation follows
    ordering regularity, growth follows the volume trend, plus each scorer's own noise and,
    for a planted rater, its bias."""
    active = [m for m in months if profile.stop_month is None or m != months[-1]]
    noise = rng.normal(size=(len(active), len(scorers), 4)) * (7, 9, 13, 10)
    base = (90 - 25 * violations, 100 * profile.regularity - 5, 70, 65 + 150 * profile.growth)
    bias = biases or {}
    out = []
    for k, month in enumerate(active):
        for j, (role, staff) in enumerate(scorers.items()):
            values = [
                _score(b + float(n) + bias.get(staff, 0.0)) for b, n in zip(base, noise[k, j])
            ]
            out.append(incentive_score(retailer_id, staff, role, month, values))
    return out
