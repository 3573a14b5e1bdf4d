"""Monthly process-incentive scoring records by the four people who serve each retailer."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from graph.model import IncentiveScore, Role
from seeds.profiles import Profile


def _score(x: float) -> float:
    """Half points, 0–10."""
    return min(10.0, max(0.0, round(x * 2) / 2))


def generate_scores(
    retailer_id: str,
    profile: Profile,
    violations: int,
    scorers: dict[Role, str],
    months: Sequence[str],
    rng: np.random.Generator,
) -> list[IncentiveScore]:
    """One record per role and month: law-abiding falls with violations, cooperation follows
    ordering regularity, growth follows the volume trend, plus each scorer's own noise."""
    active = [m for m in months if profile.stop_month is None or m != months[-1]]
    noise = rng.normal(size=(len(active), len(scorers), 4)) * (0.7, 0.9, 1.3, 1.0)
    base = (9.0 - 2.5 * violations, 10 * profile.regularity - 0.5, 7.0, 6.5 + 15 * profile.growth)
    out = []
    for k, month in enumerate(active):
        for j, (role, staff) in enumerate(scorers.items()):
            law, coop, constructive, growth = (
                _score(b + float(n)) for b, n in zip(base, noise[k, j])
            )
            out.append(
                IncentiveScore(
                    f"{retailer_id}|{role.value}|{month}",
                    retailer_id,
                    staff,
                    role,
                    month,
                    law,
                    coop,
                    constructive,
                    growth,
                )
            )
    return out
