"""The benchmark's own references: the brute-force adherence agrees with the service's
engines on random visits with every kind of fault, and the minute-by-minute breach count
agrees with the case engine's deadlines."""

from __future__ import annotations

import json
import random
from datetime import date, datetime, timedelta

from benchmarks.crm_loop_cases import exact_breach
from benchmarks.crm_loop_reference import RefShop, RefVisit, adherence_by_area
from care.adherence import adherence, week_mondays
from care.cases import CaseParams, deadlines, new_case, pause, respond, resume
from care.checkin import Shop, Visit, Visits, verify
from care.clock import WorkCalendar
from graph.model import Role

MONDAYS = week_mondays(date(2026, 11, 28), 2)


def _random_visits(rng: random.Random) -> tuple[list[RefShop], list[RefVisit]]:
    shops = [
        RefShop(f"R{i}", 117.2 + i * 0.01, 31.8, f"A0{i % 2 + 1}", rng.choice((0.5, 1, 2)), 20)
        for i in range(12)
    ]
    visits = []
    for n in range(70):
        shop = rng.choice(shops)
        day = MONDAYS[0] + timedelta(days=rng.randrange(13))
        start = datetime.combine(day, datetime.min.time()) + timedelta(
            minutes=rng.randrange(480, 1000)
        )
        lon, lat = shop.lon + rng.gauss(0, 1e-4), shop.lat + rng.gauss(0, 1e-4)
        fault = rng.random()
        if fault < 0.05:
            lon, lat = shop.lon, shop.lat  # exactly on the shop
        elif fault < 0.1:
            lon, lat = 117.5, 31.5  # one position for several shops
        elif fault < 0.15:
            lon += 0.01  # about a kilometre off
        minutes = 5 if rng.random() < 0.1 else 25
        visits.append(
            RefVisit(
                f"V{n}",
                shop.id,
                rng.choice(("M1", "M2")),
                day,
                "missed" if rng.random() < 0.1 else "done",
                start.isoformat(timespec="minutes"),
                (start + timedelta(minutes=minutes)).isoformat(timespec="minutes"),
                lon,
                lat,
            )
        )
    return shops, visits


def test_the_brute_force_agrees_with_the_engines_on_random_visits() -> None:
    for seed in range(5):
        shops, visits = _random_visits(random.Random(seed))
        served = {
            s.id: Shop(s.id, s.lon, s.lat, s.per_week, s.minutes, "core", s.area, "M1")
            for s in shops
        }
        rows = Visits.of(
            Visit(
                v.id,
                v.retailer,
                v.staff,
                v.day,
                v.status,
                v.started_at,
                v.ended_at,
                v.started_at,
                v.lon,
                v.lat,
            )
            for v in visits
        )
        result = adherence(list(served.values()), rows, verify(rows, served), MONDAYS)
        reference = adherence_by_area(visits, {s.id: s for s in shops}, MONDAYS)
        for row in [*result.by_area, result.overall]:
            expected = reference[row.key]
            assert (row.adherence, row.coverage, row.over_service) == (
                expected["adherence"],
                expected["coverage"],
                expected["over_service"],
            ), (seed, row.key)


def test_the_minute_count_finds_the_engines_breach_instant() -> None:
    params, calendar = CaseParams(), WorkCalendar()
    case = new_case(
        params,
        id="CS1",
        retailer_id="R1",
        kind="complaint",
        channel="phone",
        category="price",
        text="t",
        key_account=True,
        owner="M1",
        owner_role=Role.MANAGER,
        by="lead",
        now=datetime(2026, 11, 4, 16, 10),
    )
    case = pause(case, by="lead", now=datetime(2026, 11, 5, 9, 0))
    case = resume(case, calendar, by="lead", now=datetime(2026, 11, 6, 10, 0))
    case = respond(case, text="on it", by="M1", now=datetime(2026, 11, 6, 11, 0))
    events = json.loads(case.events)
    found = {(d.clock, d.kind): d.at for d in deadlines(case, calendar)}
    horizon = datetime(2026, 11, 9)
    assert found[("first_response", "breach")] == datetime(2026, 11, 6, 10, 40)
    for clock, target in (("first_response", 120), ("resolution", 840)):
        engine = found.get((clock, "breach"))
        expected = engine if engine is not None and engine <= horizon else None
        assert exact_breach(events, target, clock == "first_response") == expected
