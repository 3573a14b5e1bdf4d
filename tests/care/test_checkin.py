"""Check-in verification: the reasons in order, and each kind of spoofed position."""

from __future__ import annotations

import random
from datetime import date, timedelta

from care.checkin import Shop, Visit, Visits, haversine_m, spoofs, verify

DAY = date(2026, 11, 23)
M_LAT = 1 / 111_195  # degrees of latitude per metre


def shop(i: int) -> Shop:
    return Shop(f"R{i}", 117.0 + i * 0.01, 31.0, 1.0, 30.0, "core", "A01", "M1")


def visit(
    i: int,
    shop_no: int,
    *,
    north_m: float = 20.0,
    at: str = "09:00",
    end: str = "09:30",
    staff: str = "M1",
    status: str = "done",
    day: date = DAY,
) -> Visit:
    s = shop(shop_no)
    assert s.lon is not None
    return Visit(
        f"V{i}",
        s.id,
        staff,
        day,
        status,
        f"{day}T{at}",
        f"{day}T{end}",
        "",
        s.lon,
        31.0 + north_m * M_LAT,
    )


SHOPS = {f"R{i}": shop(i) for i in range(10)}


def test_haversine_is_symmetric_and_metric() -> None:
    assert abs(haversine_m(117, 31, 117, 31 + 100 * M_LAT) - 100) < 0.01
    assert haversine_m(117, 31, 118, 32) == haversine_m(118, 32, 117, 31)


def test_reasons_come_in_order() -> None:
    visits = [
        visit(0, 0, status="missed", north_m=0.0),  # not done first
        Visit("V1", "R1", "M1", DAY, "done", f"{DAY}T10:00", f"{DAY}T10:30", "", None, None),
        visit(2, 2, north_m=0.0, at="11:00", end="11:01"),  # exact spoof before too short
        visit(3, 3, north_m=300.0, at="13:00", end="13:01"),  # too far before too short
        visit(4, 4, at="14:00", end="14:10"),  # 10 < 15 minutes
        visit(5, 5, at="15:00", end="15:20"),
        visit(6, 5, north_m=25.0, at="16:00", end="16:20"),  # the later one of the day
    ]
    assert verify(Visits.of(visits), SHOPS) == [
        "not_done",
        "no_checkin",
        "spoofed",
        "too_far",
        "too_short",
        "",
        "duplicate",
    ]
    assert verify(Visits.of(visits[3:4]), SHOPS, max_distance_m=400) == ["too_short"]


def test_a_duplicate_is_the_later_of_two_valid_visits_whatever_their_order() -> None:
    later, earlier = visit(0, 1, at="15:00", end="15:30"), visit(1, 1, at="09:00", end="09:30")
    assert verify(Visits.of([later, earlier]), SHOPS) == ["duplicate", ""]
    spoofed_first = visit(2, 1, north_m=0.0, at="08:00", end="08:30")
    assert verify(Visits.of([spoofed_first, later]), SHOPS) == ["spoofed", ""]


def test_each_spoof_kind_is_detected() -> None:
    exact = visit(0, 0, north_m=0.01)
    # the same position, 0.3 m apart, reported at two different shops on different days
    r1, r2 = visit(1, 1, north_m=20.0), visit(2, 2, north_m=20.3, day=date(2026, 11, 24))
    r2 = Visit(
        r2.id, r2.retailer, r2.staff, r2.day, "done", r2.started_at, r2.ended_at, "", r1.lon, r2.lat
    )
    # 50 km in 30 minutes after the check-in at shop 3
    t0 = visit(3, 3, at="10:00", end="10:20", day=date(2026, 11, 25))
    t1 = visit(4, 3, north_m=50_000.0, at="10:30", end="10:50", day=date(2026, 11, 25))
    assert spoofs(Visits.of([exact, r1, r2, t0, t1]), SHOPS) == {
        0: "exact",
        1: "repeated",
        2: "repeated",
        4: "teleport",
    }


def test_genuine_jittered_check_ins_are_never_flagged() -> None:
    rnd = random.Random(5)
    visits = []
    for n in range(600):
        day = date(2026, 9, 1) + timedelta(days=n // 6)
        s = shop(n % 6)  # six shops 1 km apart, an hour apart, 15 m jitter
        assert s.lon is not None and s.lat is not None
        hour = 8 + n % 6
        visits.append(
            Visit(
                f"V{n}",
                s.id,
                "M1",
                day,
                "done",
                f"{day}T{hour:02d}:00",
                f"{day}T{hour:02d}:40",
                "",
                s.lon + rnd.gauss(0, 15) / 95_300,
                s.lat + rnd.gauss(0, 15) * M_LAT,
            )
        )
    assert spoofs(Visits.of(visits), SHOPS) == {}
    assert set(verify(Visits.of(visits), SHOPS)) == {""}


def _brute_spoofs(visits: list[Visit]) -> dict[int, str]:
    """The three kinds by their definitions, pair by pair."""
    found: dict[int, str] = {}
    for i, a in enumerate(visits):
        s = SHOPS[a.retailer]
        assert a.lon is not None and a.lat is not None and s.lon is not None and s.lat is not None
        if haversine_m(a.lon, a.lat, s.lon, s.lat) <= 0.05:
            found[i] = "exact"
        elif any(
            b.staff == a.staff
            and b.retailer != a.retailer
            and haversine_m(a.lon, a.lat, b.lon or 0, b.lat or 0) <= 0.5
            for b in visits
        ):
            found[i] = "repeated"
    days: dict[tuple[str, date], list[int]] = {}
    for i, v in enumerate(visits):
        days.setdefault((v.staff, v.day), []).append(i)
    for indices in days.values():
        indices.sort(key=lambda i: visits[i].started_at)
        for p, q in zip(indices, indices[1:], strict=False):
            a, b = visits[p], visits[q]
            metres = haversine_m(a.lon or 0, a.lat or 0, b.lon or 0, b.lat or 0)
            hours = (
                int(b.started_at[-5:-3]) * 60
                + int(b.started_at[-2:])
                - int(a.started_at[-5:-3]) * 60
                - int(a.started_at[-2:])
            ) / 60
            if metres > 1000 and (hours <= 0 or metres / 1000 / hours > 80):
                found.setdefault(q, "teleport")
    return found


def test_spoofs_equal_their_definitions_on_random_data() -> None:
    rnd = random.Random(11)
    bases = [(117.0 + rnd.random() * 0.1, 31.0 + rnd.random() * 0.1) for _ in range(6)]
    for _ in range(5):
        visits = []
        for n in range(80):
            lon, lat = rnd.choice(bases)
            shop_no, jitter = rnd.randrange(10), 0.4
            if rnd.random() < 0.1:  # sometimes right on the shop
                s = shop(shop_no)
                lon, lat, jitter = s.lon or 0, s.lat or 0, 0.02
            day = date(2026, 11, 23) + timedelta(days=rnd.randrange(2))
            visits.append(
                Visit(
                    f"V{n}",
                    f"R{shop_no}",
                    f"M{rnd.randrange(3)}",
                    day,
                    "done",
                    f"{day}T{8 + rnd.randrange(9):02d}:{rnd.randrange(60):02d}",
                    "",
                    "",
                    lon + rnd.gauss(0, jitter) * M_LAT,
                    lat + rnd.gauss(0, jitter) * M_LAT,
                )
            )
        assert spoofs(Visits.of(visits), SHOPS) == _brute_spoofs(visits)
