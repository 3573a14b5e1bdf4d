"""One satisfaction survey wave answered in the last two weeks of a period by about half the
retailers, on every default item (`care.survey_items`), with a KANO category planted per
(service class, item) and importance/satisfaction means per (class, item); a few areas have
one item planted under-served (important, yet unsatisfying)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta

import numpy as np

from care.survey_items import DEFAULT_ITEMS
from graph.care_model import SurveyAnswer, SurveyWave
from seeds.activity_facts import ActivityFacts, Period

KANO_CELLS: dict[str, tuple[tuple[int, int], ...]] = {
    "A": ((1, 2), (1, 3), (1, 4)),
    "O": ((1, 5),),
    "M": ((2, 5), (3, 5), (4, 5)),
    "I": tuple((f, d) for f in (2, 3, 4) for d in (2, 3, 4)),
    "R": ((2, 1), (3, 1), (4, 1), (5, 1), (5, 2), (5, 3), (5, 4)),
    "Q": ((1, 1), (5, 5)),
}
"""The cells (functional, dysfunctional answer) of each category in the standard table."""
PLANTED = ("A", "O", "M", "I")


@dataclass(frozen=True)
class SurveyRates:
    answering: float = 0.5
    planted: float = 0.62
    """Share of answers in a cell of the planted category; the rest spread over the others."""
    odd: float = 0.03
    """Share of Reverse or Questionable answers."""


@dataclass(frozen=True)
class Survey:
    wave: SurveyWave
    answers: tuple[SurveyAnswer, ...]
    kano: dict[tuple[str, str], str]
    """(service class, item) → planted KANO category."""
    under_service: dict[str, tuple[str, ...]]
    """area → items planted important and unsatisfying there."""


def make_survey(
    facts: ActivityFacts, period: Period, rng: np.random.Generator, rates: SurveyRates
) -> Survey:
    items = [i.code for i in DEFAULT_ITEMS]
    classes = sorted({s.service_class for s in facts.shops if s.service_class})
    kano = _plant_kano(classes, items, rng)
    means = {(c, i): (rng.uniform(2.8, 4.4), rng.uniform(3.2, 4.4)) for c in classes for i in items}
    areas = sorted(facts.teams)
    chosen = rng.choice(len(areas), size=min(len(areas), max(1, len(areas) // 5)), replace=False)
    under: dict[str, tuple[str, ...]] = {
        areas[int(a)]: (items[int(rng.integers(len(items)))],) for a in sorted(chosen)
    }
    days = [d for d in period.days() if d > period.last - timedelta(days=14)]
    wave_id = f"W{period.last.year}-1"
    answers, schedule = [], {}
    for shop in facts.shops:
        if not shop.service_class or rng.random() >= rates.answering:
            continue
        day = days[int(rng.integers(len(days)))]
        schedule[shop.id] = day.isoformat()
        draws, noise = rng.random((len(items), 3)).tolist(), rng.normal(0, 0.8, (len(items), 2))
        for item, u, (z1, z2) in zip(items, draws, noise.tolist()):
            imp, sat = means[(shop.service_class, item)]
            if item in under.get(shop.area, ()):
                imp, sat = 4.7, 2.0
            f, d = _kano_answer(kano[(shop.service_class, item)], u, rates)
            answers.append(
                SurveyAnswer(
                    f"{wave_id}:{shop.id}:{item}",
                    wave_id,
                    shop.id,
                    item,
                    _score(imp + z1),
                    _score(sat + z2),
                    f,
                    d,
                    answered_on=day,
                )
            )
    wave = SurveyWave(
        wave_id,
        f"{period.last.year}年满意度调查 satisfaction survey {period.last.year}",
        json.dumps(items),
        days[0],
        days[-1],
        json.dumps(schedule),
        created_at=f"{days[0].isoformat()}T08:30",
        created_by="seed",
    )
    return Survey(wave, tuple(answers), kano, under)


def _plant_kano(
    classes: list[str], items: list[str], rng: np.random.Generator
) -> dict[tuple[str, str], str]:
    """A category per (class, item), differing between classes for every item when there
    are two classes or more."""
    out: dict[tuple[str, str], str] = {}
    for item in items:
        picked = [PLANTED[int(rng.integers(4))] for _ in classes]
        while len(classes) > 1 and len(set(picked)) == 1:
            picked = [PLANTED[int(rng.integers(4))] for _ in classes]
        out |= {(c, item): p for c, p in zip(classes, picked)}
    return out


def _kano_answer(planted: str, u: list[float], rates: SurveyRates) -> tuple[int, int]:
    """A cell drawn from three uniforms: the planted category's with its share, else a
    rare Reverse or Questionable one, else one of the other three."""
    if u[0] < rates.planted:
        category = planted
    elif u[0] < rates.planted + rates.odd:
        category = "R" if u[1] < 0.7 else "Q"
    else:
        category = [c for c in PLANTED if c != planted][int(u[1] * 3)]
    cells = KANO_CELLS[category]
    return cells[int(u[2] * len(cells))]


def _score(value: float) -> int:
    """A 1–5 answer around `value`.

    >>> _score(4.6), _score(0.2)
    (5, 1)
    """
    return min(5, max(1, round(value)))
