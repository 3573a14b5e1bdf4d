"""The day benchmark's fingerprint of the routes: equal for the same routes, listed in any
order, and different when a stop moves."""

from __future__ import annotations

from benchmarks.day_bench import routes_digest
from routing.day_plan import Trip


def _trip(vehicle: str, trip: int, stops: list[str]) -> Trip:
    visits = tuple((s, 30_000 + 60 * i, 0.5) for i, s in enumerate(stops))
    return Trip(vehicle, "D1", trip, "am", visits, 28_800, 36_000, 1.0, 5_000, "ortools")


def test_the_same_routes_give_the_same_digest_in_any_order() -> None:
    a, b = _trip("V1", 1, ["R1", "R2"]), _trip("V2", 1, ["R3"])
    assert routes_digest([a, b]) == routes_digest([b, a])


def test_a_stop_moved_changes_the_digest() -> None:
    one = [_trip("V1", 1, ["R1", "R2"]), _trip("V2", 1, ["R3"])]
    swapped = [_trip("V1", 1, ["R2", "R1"]), _trip("V2", 1, ["R3"])]
    moved = [_trip("V1", 1, ["R1"]), _trip("V2", 1, ["R2", "R3"])]
    digests = {routes_digest(x) for x in (one, swapped, moved)}
    assert len(digests) == 3
