"""Plan a depot's left-over stops again, lending vehicles that have room.

The sectors of a depot are solved side by side, each with its share of the vehicles; a
sector may leave stops while a vehicle of another has room. Each round plans every depot's
left-over stops several ways side by side: on the vehicles no sector used, and on those
together with vehicles that have room, lent with the stops they had (`lenders`) and
starting from the routes they had (so a way only adds to them), and keeps the way that
leaves fewest. Rounds run while they place stops (`routing.delivery`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy.spatial import cKDTree

from graph.geo import project_km
from routing.day_bound import DepotBound
from routing.day_inputs import DeliveryStop, DeliveryVehicle, DepotSite
from routing.day_plan import Trip
from routing.delivery_params import DeliveryParams
from routing.matrix import Matrices, MatrixProvider
from routing.part_model import Part, part_trips
from routing.problem import RoutePlan

LEND_STOPS = 700
"""Stops a depot's part in a round holds at most, its lenders' stops included."""
AWAY_SHARE_PER_KM = 0.002
"""Share of a day counted against lending a vehicle for each km it is away from the
left-over stops (10 km weighs as a fiftieth of its day)."""
LENDERS_PER_STOPS = (15, 6)
"""Left-over stops a lent vehicle is counted on, one way of lending for each (a third of
a light day, or a few stops each from more vehicles)."""

Solver = Callable[[Sequence[Part], float], dict[int, RoutePlan]]
"""Plans of parts by a deadline (epoch seconds), keyed by each part's id()."""


@dataclass
class DepotDay:
    """A depot's day while it is planned."""

    site: DepotSite
    stops: list[DeliveryStop]
    remote: list[bool]
    vehicles: list[DeliveryVehicle]
    bound: DepotBound
    parts: list[Part]
    matrices: Matrices
    """Distances and times between the depot (first) and its stops, in `stops` order."""

    @cached_property
    def index(self) -> dict[str, int]:
        """Each stop's position in `stops`, by id."""
        return {s.id: i for i, s in enumerate(self.stops)}


@dataclass(frozen=True)
class Leftover:
    """A depot's day between rounds: its trips and the stops still left."""

    day: DepotDay
    trips: list[Trip]
    left: list[DeliveryStop]


def repair_round(
    todo: Sequence[Leftover],
    solver: Solver,
    deadline: float,
    params: DeliveryParams,
    matrix: MatrixProvider,
    lending: Sequence[int] = LENDERS_PER_STOPS,
) -> list[Leftover]:
    """Each depot's left-over stops planned again by `deadline` (see the module docstring),
    a way of lending for each of `lending` (left-over stops a lent vehicle is counted on):
    the way that leaves fewest stops wins, the first on a tie (the unused vehicles alone,
    moving nothing planned)."""
    ways = [_ways(x, params, lending) for x in todo]
    plans = solver([p for w in ways for p, _ in w], deadline)
    out = []
    for x, mine in zip(todo, ways):
        best = x
        for part, moved in mine:
            plan = plans[id(part)]
            if len(plan.unserved) < len(best.left):
                kept = [t for t in x.trips if t.vehicle not in moved]
                kept += part_trips(part, x.day.site, plan, params, matrix)
                best = Leftover(x.day, kept, [part.stops[i - 1] for i in plan.unserved])
        out.append(best)
    return out


def _ways(
    x: Leftover, params: DeliveryParams, lending: Sequence[int]
) -> list[tuple[Part, tuple[str, ...]]]:
    """The parts that plan a depot's left-over stops, each with the vehicles it lends."""
    d = x.day
    used = {t.vehicle for t in x.trips}
    spare = tuple(v.id for v in d.vehicles if v.id not in used)
    place = {s.id: (s.lon, s.lat) for s in d.stops}
    capacity = {v.id: v.capacity_cases for v in d.vehicles}
    shift = params.shift_end_s - params.shift_start_s
    out: list[tuple[Part, tuple[str, ...]]] = [(_part(d, x.left, spare), ())] if spare else []
    for per in lending:
        lent = tuple(lenders(x.trips, x.left, place, capacity, shift, per))
        if lent and all(lent != m for _, m in out):
            out.append((_lent(d, x, spare, lent), lent))
    return out


def _lent(d: DepotDay, x: Leftover, spare: tuple[str, ...], lent: tuple[str, ...]) -> Part:
    """The left-over stops and the lent vehicles' stops on the spare and lent vehicles,
    starting from the lent vehicles' routes (so the search only adds to them)."""
    taken: list[DeliveryStop] = []
    routes: dict[str, list[tuple[int, int]]] = {v: [] for v in (*spare, *lent)}
    for t in sorted(x.trips, key=lambda t: (t.vehicle, t.trip)):
        if t.vehicle in lent:
            for stop_id, _, _ in t.stops:
                taken.append(d.stops[d.index[stop_id]])
                routes[t.vehicle].append((len(x.left) + len(taken), t.trip))
    initial = tuple(tuple(routes[v]) for v in (*spare, *lent))
    return _part(d, [*x.left, *taken], (*spare, *lent), initial)


def _part(
    d: DepotDay,
    stops: Sequence[DeliveryStop],
    vehicles: Sequence[str],
    initial: tuple[tuple[tuple[int, int], ...], ...] = (),
) -> Part:
    return Part(
        d.site.id,
        tuple(stops),
        tuple(d.remote[d.index[s.id]] for s in stops),
        tuple(vehicles),
        initial,
    )


def lenders(
    trips: Sequence[Trip],
    left: Sequence[DeliveryStop],
    place: Mapping[str, tuple[float, float]],
    capacity: Mapping[str, float],
    shift_s: int,
    per: int,
    room: int = LEND_STOPS,
) -> list[str]:
    """The vehicles of `trips` to lend to the `left` stops: those with the most room left
    (the smaller of their cases and their shift left, as a share), counting
    `AWAY_SHARE_PER_KM` against them for each km between their nearest stop and the nearest
    left one; one for each `per` left stops, while the part with their stops holds
    at most `room` stops (`place` gives each stop's lon, lat, `capacity` each vehicle's
    cases).

    >>> p = {"a": (117.0, 31.0), "b": (117.5, 31.0), "c": (117.01, 31.0)}
    >>> t = [Trip("V1", "D", 1, "am", (("a", 0, 1.0),) * 9, 0, 9000, 9.0, 0, "x"),
    ...      Trip("V2", "D", 1, "am", (("b", 0, 1.0),) * 3, 0, 3000, 3.0, 0, "x")]
    >>> c = [DeliveryStop("c", 117.01, 31.0, 1.0, "am", "D", "A")] * 20
    >>> cap = {"V1": 10.0, "V2": 10.0}
    >>> lenders(t, c, p, cap, 36000, 15), lenders(t, c, p, cap, 36000, 15, room=23)
    (['V2', 'V1'], ['V2'])
    """
    stops: dict[str, list[str]] = defaultdict(list)
    for t in trips:
        stops[t.vehicle] += [x[0] for x in t.stops]
    busy = busy_shares(trips, capacity, shift_s)
    origin = (left[0].lon, left[0].lat)
    spots = cKDTree(project_km([s.lon for s in left], [s.lat for s in left], origin))
    used: dict[str, float] = {}
    for v, mine in stops.items():
        xy = [place[x] for x in mine]
        km, _ = spots.query(project_km([x for x, _ in xy], [y for _, y in xy], origin))
        used[v] = busy[v] + AWAY_SHARE_PER_KM * float(np.min(km))
    want = math.ceil(len(left) / per)
    room -= len(left)
    out: list[str] = []
    for v in sorted(used, key=lambda v: (used[v], v)):
        if len(out) < want and len(stops[v]) <= room:
            out.append(v)
            room -= len(stops[v])
    return out


def busy_shares(
    trips: Sequence[Trip], capacity: Mapping[str, float], shift_s: int
) -> dict[str, float]:
    """How full each vehicle of `trips` is: the larger of its cases over its capacity and
    its hours out over the shift.

    >>> t = Trip("V1", "D", 1, "am", (), 0, 9000, 9.0, 0, "x")
    >>> busy_shares([t, t], {"V1": 45.0}, 36000)
    {'V1': 0.5}
    """
    seconds: dict[str, float] = defaultdict(float)
    cases: dict[str, float] = defaultdict(float)
    for t in trips:
        seconds[t.vehicle] += t.end_s - t.start_s
        cases[t.vehicle] += t.load_cases
    return {v: max(cases[v] / max(capacity[v], 1e-9), seconds[v] / shift_s) for v in seconds}
