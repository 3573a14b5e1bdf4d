"""Adherence, coverage and over-service: a hand example and a brute-force reference on random
small data."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

import pytest

from care.adherence import AdherenceRow, adherence, iso_week, planned_visits, week_mondays
from care.checkin import Shop, Visit, Visits

MONDAYS = week_mondays(date(2026, 11, 28), 3)


def shop(i: int, per_week: float, *, area: str = "A01", cls: str = "core") -> Shop:
    return Shop(f"R{i}", 117.0, 31.0, per_week, 20.0, cls, area, f"M{i % 2}")


def visit(n: int, retailer: str, day: date, status: str = "done") -> Visit:
    return Visit(
        f"V{n}",
        retailer,
        "M0",
        day,
        status,
        f"{day}T09:00",
        f"{day}T09:30",
        f"{day}T08:00",
        117.0,
        31.0,
    )


def test_a_hand_example() -> None:
    shops = [shop(1, 1.0), shop(2, 1.0, area="A02")]
    week = MONDAYS[-1]
    visits = [
        visit(0, "R1", week),
        visit(1, "R1", week + timedelta(days=1)),
        visit(2, "R2", week, "missed"),
        visit(3, "R9", week),
    ]
    result = adherence(shops, Visits.of(visits), ["", "", "not_done", ""], [week])
    assert result.overall == AdherenceRow("all", 2, 2, 1, 1, 2, 1, 0.5, 0.5, 0.5)
    assert [r.key for r in result.by_area] == ["A01", "A02"]
    assert result.by_area[1].coverage == 0.0 and result.by_week[0].key == iso_week(week)
    assert result.visits == 3 and result.verified == 2 and result.late == 2
    assert result.reasons["not_done"] == 1 and result.reasons["duplicate"] == 0


def _reference(
    shops: list[Shop], visits: list[Visit], reasons: list[str], group: str
) -> dict[str, tuple[int, int, int, int, int]]:
    """Per group key: planned, met, over, retailers with a plan, covered — loop by loop."""
    out: dict[str, tuple[int, int, int, int, int]] = {}
    by: dict[str, Callable[[Shop, date], str]] = {
        "area": lambda s, m: s.area,
        "class": lambda s, m: s.service_class,
        "manager": lambda s, m: s.manager,
        "week": lambda s, m: iso_week(m),
        "all": lambda s, m: "all",
    }
    keys = by[group]
    for key in {keys(s, m) for s in shops for m in MONDAYS}:
        planned = met = over = 0
        planned_by: dict[str, int] = {}
        verified_by: dict[str, int] = {}
        for s in shops:
            for m in MONDAYS:
                if keys(s, m) != key:
                    continue
                p = planned_visits(s, m)
                v = sum(
                    1
                    for x, why in zip(visits, reasons, strict=True)
                    if x.retailer == s.id and not why and m <= x.day <= m + timedelta(days=6)
                )
                planned, met, over = planned + p, met + min(p, v), over + max(0, v - p)
                planned_by[s.id] = planned_by.get(s.id, 0) + p
                verified_by[s.id] = verified_by.get(s.id, 0) + v
        with_plan = [r for r, p in planned_by.items() if p > 0]
        if planned or over:
            out[key] = (
                planned,
                met,
                over,
                len(with_plan),
                sum(1 for r in with_plan if verified_by[r] > 0),
            )
    return out


@pytest.mark.parametrize("seed", range(4))
def test_the_engine_equals_a_brute_force_reference(seed: int) -> None:
    rnd = random.Random(seed)
    shops = [
        shop(
            i,
            rnd.choice([0.0, 0.5, 1.0, 2.0, 3.0]),
            area=rnd.choice(["A01", "A02"]),
            cls=rnd.choice(["core", "general"]),
        )
        for i in range(12)
    ]
    visits = [
        visit(n, f"R{rnd.randrange(12)}", MONDAYS[0] + timedelta(days=rnd.randrange(21)))
        for n in range(60)
    ]
    reasons = [rnd.choice(["", "", "too_far", "duplicate"]) for _ in visits]
    result = adherence(shops, Visits.of(visits), reasons, MONDAYS)
    rows = {
        "all": (result.overall,),
        "area": result.by_area,
        "class": result.by_class,
        "manager": result.by_manager,
        "week": result.by_week,
    }
    for group, got in rows.items():
        expected = _reference(shops, visits, reasons, group)
        assert {r.key: (r.planned, r.met, r.over, r.retailers, r.covered) for r in got} == expected
        for r in got:
            assert r.adherence == (r.met / r.planned if r.planned else None)
            assert r.over_service == (r.over / r.planned if r.planned else None)
