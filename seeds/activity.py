"""Twelve weeks (by default) of service activity for a classified city, with the truth planted
in it, so every report has something real to show and tests can check what is recovered:

- visits (`seeds.activity_visits`): every planned visit (`seeds.activity_plan`), ~4 % missed
  (~5 % with those a long day had no time left for), ~8 % started more than 30 minutes late,
  ~3 % short, ~1.5 % too far, ~0.5 % duplicated, ~3 % made by another manager of the area,
  ~1 % of retailers never visited, ~2 % visited once more than planned in half the weeks, and
  spoofed check-ins of the three kinds (`seeds.activity_spoofs`), at least 3 of each and
  about one per 1,000 retailers;
- calls on the retailers' order days of the last `call_weeks` weeks only (every order day of
  12 weeks would be ~280,000 calls on the full city) and the deliveries of the orders taken;
  inspections, every shop every 60–90 days (`seeds.activity_contacts`);
- cases, ~3 % of retailers, a few first responses breached (`seeds.activity_cases`);
- one survey wave with KANO categories and under-served items planted
  (`seeds.activity_survey`).

Pure: the same facts and seed give the same records.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from graph.care_model import Case, Interaction, SurveyAnswer, SurveyWave
from graph.model import Role
from seeds.activity_cases import CaseRates, make_cases
from seeds.activity_contacts import (
    call_record,
    inspection_record,
    make_calls,
    make_deliveries,
    make_inspections,
    stop_record,
)
from seeds.activity_days import Stop
from seeds.activity_facts import ActivityFacts, Period, rng_for
from seeds.activity_spoofs import plant_spoofs, separate
from seeds.activity_survey import SurveyRates, make_survey
from seeds.activity_visits import VisitRates, all_stops, make_visits, visit_tasks

__all__ = ["Activity", "ActivityTruth", "generate_activity"]


@dataclass(frozen=True)
class ActivityTruth:
    """What was planted, for tests and the benchmark to check recovery against."""

    first_day: date
    last_day: date
    spoofs: dict[str, str]
    """Interaction id → exact, repeated or teleport."""
    breached_cases: tuple[str, ...]
    """Cases whose first response was planted after its target."""
    kano: dict[tuple[str, str], str]
    """(service class, item) → planted KANO category (A, O, M or I)."""
    under_service: dict[str, tuple[str, ...]]
    """Area → items planted high in importance and low in satisfaction there."""
    counts: dict[str, int] = field(default_factory=dict)
    """Records per kind (visit, call, delivery, inspection, cases, answers, respondents),
    visits per planted outcome (``visits_plain``, ``_missed``, ``_neglected``, ``_late``,
    ``_short``, ``_far``, ``_substitute``, ``_extra``, and ``_original`` and ``_duplicate`` for
    the two of a duplicated pair) and
    spoofs per kind (``spoofs_exact``, …)."""


@dataclass(frozen=True)
class Activity:
    interactions: tuple[Interaction, ...]
    cases: tuple[Case, ...]
    wave: SurveyWave
    answers: tuple[SurveyAnswer, ...]
    truth: ActivityTruth


def generate_activity(
    facts: ActivityFacts, *, until: date, weeks: int = 12, seed: int = 7, call_weeks: int = 4
) -> Activity:
    """The activity of the `weeks` whole ISO weeks ending on the Saturday on or before
    `until`; calls (and so deliveries) in the last `call_weeks` of them only."""
    period = Period.ending(until, weeks)
    visits = make_visits(facts, period, rng_for(seed, "visits"), VisitRates())
    per_kind = max(3, len(facts.shops) // 1000)
    plant_spoofs(visits, per_kind, rng_for(seed, "spoofs"))
    inspections = make_inspections(facts, period, rng_for(seed, "inspections"))
    separate([*all_stops(visits), *all_stops(inspections)])
    calls = make_calls(
        facts,
        period,
        period.last - timedelta(days=7 * min(call_weeks, weeks) - 1),
        rng_for(seed, "calls"),
    )
    rng = rng_for(seed, "records")
    visit_records = [_visit_record(s, rng) for s in all_stops(visits)]
    records = [
        *visit_records,
        *(call_record(c, rng) for c in calls),
        *make_deliveries(facts, calls, period.last, rng_for(seed, "deliveries")),
        *(inspection_record(s, rng) for s in all_stops(inspections)),
    ]
    cases, breached = make_cases(facts, period, rng_for(seed, "cases"), CaseRates())
    survey = make_survey(facts, period, rng_for(seed, "survey"), SurveyRates())
    spoofs = {r.id: s.spoof for r, s in zip(visit_records, all_stops(visits)) if s.spoof}
    counts = Counter(r.kind for r in records)
    counts.update(f"visits_{s.flag or 'plain'}" for s in all_stops(visits))
    counts.update(f"spoofs_{kind}" for kind in spoofs.values())
    counts.update(
        cases=len(cases),
        answers=len(survey.answers),
        respondents=len({a.retailer_id for a in survey.answers}),
    )
    truth = ActivityTruth(
        period.first,
        period.last,
        spoofs,
        breached,
        survey.kano,
        survey.under_service,
        dict(sorted(counts.items())),
    )
    return Activity(tuple(records), tuple(cases), survey.wave, survey.answers, truth)


def _visit_record(s: Stop, rng: np.random.Generator) -> Interaction:
    return stop_record(s, "visit", Role.MANAGER, tasks=visit_tasks(rng) if s.done else "")
