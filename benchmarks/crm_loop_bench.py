"""`crm bench crm-loop`: the service loop on generated cities, against the issue's targets.

Two fresh stores are seeded, classified and given 12 weeks of activity: the full city, where
the adherence report is timed, the planted spoofs are looked for and the planted KANO
categories recovered; and a small one, where adherence is held against a brute-force reference
(`benchmarks.crm_loop_reference`) and cases run on a simulated clock
(`benchmarks.crm_loop_cases`).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from benchmarks.crm_loop_cases import simulate
from benchmarks.crm_loop_reference import RefShop, RefVisit, adherence_by_area
from care.adherence import week_mondays
from care.service.adherence import AdherenceReport, visit_adherence
from care.service.alerts import sweep_clocks
from care.service.case_report import case_report
from care.service.surveys import analyse_survey
from classification.params import ClassParams
from classification.service.classify import classify_store
from graph.database import open_database
from graph.principal import LOCAL_ADMIN
from graph.progress import Progress
from graph.queries import Query
from graph.session import Session
from seeds.activity import ActivityTruth, generate_activity
from seeds.params import CityParams
from seeds.service import seed_city
from seeds.service.activity import read_facts, seed_activity

WEEKS = 12
MIN_CELL = 60


def _build(
    session: Session, retailers: int, seed: int, progress: Progress | None
) -> dict[str, float]:
    """Seed, classify and add the activity; seconds per stage."""
    t0 = time.perf_counter()
    seed_city(session, LOCAL_ADMIN, CityParams(retailers=retailers), seed, progress=progress)
    t1 = time.perf_counter()
    classify_store(session, LOCAL_ADMIN, ClassParams())
    t2 = time.perf_counter()
    seed_activity(session, LOCAL_ADMIN, weeks=WEEKS, seed=seed, progress=progress)
    t3 = time.perf_counter()
    return {"seed_s": t1 - t0, "classify_s": t2 - t1, "activity_s": t3 - t2}


def _latest(session: Session) -> date:
    day = session.read(Query.LATEST_VISIT_DAY)[0]["day"]
    assert isinstance(day, date)
    return day


def _truth(session: Session, until: date, seed: int) -> ActivityTruth:
    """What the generator planted: the same facts and seed give the same activity."""
    return generate_activity(read_facts(session), until=until, weeks=WEEKS, seed=seed).truth


def _spoofs(report: AdherenceReport, truth: ActivityTruth) -> dict[str, int]:
    flagged = {v.id for v in report.spoofed}
    planted = set(truth.spoofs)
    return {
        "planted": len(planted),
        "flagged": len(flagged),
        "planted_flagged": len(planted & flagged),
        "flagged_not_planted": len(flagged - planted),
    }


def _kano(session: Session, truth: ActivityTruth) -> dict[str, object]:
    """Planted category against the analysis's, per class × item with enough answers."""
    analysis = analyse_survey(session, LOCAL_ADMIN, by="class")
    cells = hits = 0
    table = []
    for group in analysis.groups:
        for item in group.items:
            planted = truth.kano.get((group.group, item.item))
            table.append(
                [
                    group.group,
                    item.item,
                    item.n,
                    planted,
                    item.category,
                    item.better,
                    item.worse,
                    item.mixed,
                    item.importance,
                    item.satisfaction,
                    item.quadrant,
                ]
            )
            if planted is not None and item.n >= MIN_CELL:
                cells += 1
                hits += item.category == planted
    return {
        "cells": cells,
        "recovered": hits,
        "share": round(hits / cells, 4) if cells else None,
        "table": table,
    }


def _full_city(
    retailers: int, seed: int, runs: int, folder: Path, progress: Progress | None
) -> dict[str, object]:
    with open_database(f"ladybug://{folder / 'city'}") as db, db.session() as session:
        build = _build(session, retailers, seed, progress)
        until = _latest(session)
        seconds, report = [], None
        for _ in range(runs):
            t = time.perf_counter()
            report = visit_adherence(session, LOCAL_ADMIN, weeks=WEEKS, until=until)
            seconds.append(time.perf_counter() - t)
        assert report is not None
        truth = _truth(session, until, seed)
        now = datetime.combine(until + timedelta(days=2), datetime.min.time()) + timedelta(hours=9)
        t = time.perf_counter()
        swept = sweep_clocks(session, LOCAL_ADMIN, now=now)
        sweep_s = time.perf_counter() - t
        cases = case_report(session, LOCAL_ADMIN, since=report.first, until=until, now=now)
        a = report.adherence
        return {
            "retailers": retailers,
            "build_seconds": {k: round(v, 1) for k, v in build.items()},
            "visits": a.visits,
            "weeks": WEEKS,
            "adherence_seconds": {
                "median": round(statistics.median(seconds), 2),
                "max": round(max(seconds), 2),
                "runs": runs,
            },
            "overall": _row(a.overall),
            "by_area": [_row(r) for r in a.by_area],
            "by_class": [_row(r) for r in a.by_class],
            "reasons": a.reasons,
            "spoofs": _spoofs(report, truth),
            "kano": _kano(session, truth),
            "sweep": {
                "seconds": round(sweep_s, 2),
                "alerts": len(swept.alerts),
                "actions": len(swept.actions),
                "at": swept.at,
            },
            "cases": cases.report,
        }


def _row(row: object) -> dict[str, object]:
    keys = ("key", "planned", "verified", "adherence", "coverage", "over_service")
    return {k: getattr(row, k) for k in keys}


def _small_city(
    retailers: int, seed: int, folder: Path, progress: Progress | None
) -> dict[str, object]:
    with open_database(f"ladybug://{folder / 'small'}") as db, db.session() as session:
        _build(session, retailers, seed, progress)
        until = _latest(session)
        mondays = week_mondays(until, WEEKS)
        report = visit_adherence(session, LOCAL_ADMIN, weeks=WEEKS, until=until)
        shops = {
            str(r["id"]): RefShop(
                str(r["id"]),
                r["lon"],
                r["lat"],
                str(r["area"] or ""),
                float(r["per_week"] or 0),
                float(r["minutes"] or 0),
            )
            for r in session.read(Query.VISIT_SHOPS)
        }
        visits = [
            RefVisit(
                str(r["id"]),
                str(r["retailer"]),
                str(r["staff"]),
                r["day"],
                str(r["status"]),
                r["started_at"] or "",
                r["ended_at"] or "",
                r["lon"],
                r["lat"],
            )
            for r in session.read(Query.VISITS_BETWEEN, first=mondays[0], last=until)
        ]
        t = time.perf_counter()
        reference = adherence_by_area(visits, shops, mondays)
        reference_s = time.perf_counter() - t
        served = {r.key: r for r in report.adherence.by_area}
        served["all"] = report.adherence.overall
        mismatches = [
            key
            for key, ref in reference.items()
            if any(abs(getattr(served[key], k) - v) > 1e-9 for k, v in ref.items())
        ]
        return {
            "retailers": retailers,
            "visits": len(visits),
            "groups_compared": len(reference),
            "mismatches": mismatches,
            "reference_seconds": round(reference_s, 1),
            "cases_simulated": simulate(session, seed=seed),
        }


def run(
    *, retailers: int, small: int, seed: int, runs: int, progress: Progress | None = None
) -> dict[str, object]:
    """Both cities in temporary stores; figures beside the targets."""
    with tempfile.TemporaryDirectory(prefix="crm-loop-") as tmp:
        folder = Path(tmp)
        reference = _small_city(small, seed, folder, progress)
        full = _full_city(retailers, seed, runs, folder, progress)
    spoofs = full["spoofs"]
    kano = full["kano"]
    cases = reference["cases_simulated"]
    assert isinstance(spoofs, dict) and isinstance(kano, dict) and isinstance(cases, dict)
    return {
        "targets": {
            "adherence_12_weeks_s <= 5": full["adherence_seconds"],
            "equal_to_brute_force": not reference["mismatches"],
            "every_planted_spoof_flagged": spoofs["planted_flagged"] == spoofs["planted"],
            "kano_recovered_share >= 0.95": kano["share"],
            "breach_alerts_within_60_s": cases["breach_alerts_missing"] == 0
            and cases["max_delay_s"] <= 60,
            "no_close_without_care_record": cases["closes_without_care_record_refused"]
            == cases["closes_without_care_record_tried"],
        },
        "full_city": full,
        "small_city": reference,
    }
