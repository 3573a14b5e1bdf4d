"""One routing problem as plain, picklable data, and the plan an engine returns.

A problem has one depot (node 0) and its stops (nodes 1..n), integer travel costs and times
between all nodes, and a fleet. Engines (OR-Tools, PyVRP) turn it into a `RoutePlan`; no
solver type crosses this line, so a problem can be shipped to another process or machine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from graph.errors import InvalidInput


@dataclass(frozen=True)
class Fleet:
    """Vehicles of one kind: how many, their capacity and their working window."""

    count: int
    capacity: int
    """Load units per route (cases × `scale` for delivery; VRPLIB demand units otherwise)."""
    shift_start: int = 0
    """Earliest departure from the depot (time units, e.g. minutes after midnight)."""
    shift_end: int = 10**9
    """Latest return to the depot."""
    max_duration: int | None = None
    """Longest route from departure to return (None: only the window limits it)."""
    break_start: tuple[int, int] | None = None
    """Window in which an optional break of `break_duration` must start (OR-Tools only)."""
    break_duration: int = 0
    fixed_cost: int = 0
    """Cost of using a vehicle at all (to prefer fewer vehicles)."""
    name: str = ""

    def __post_init__(self) -> None:
        if self.count < 1:
            raise InvalidInput(f"fleet {self.name or ''}: count {self.count} must be ≥ 1")
        if self.capacity <= 0:
            raise InvalidInput(f"vehicle {self.name or ''}: capacity {self.capacity} must be > 0")
        if self.shift_end < self.shift_start:
            raise InvalidInput(f"vehicle {self.name or ''}: shift ends before it starts")


@dataclass(frozen=True)
class RoutingProblem:
    """A single-depot problem; node 0 is the depot, nodes 1..n the stops."""

    name: str
    distance: tuple[tuple[int, ...], ...]
    """(n+1)×(n+1) cost of travelling between nodes (e.g. metres; VRPLIB distances)."""
    duration: tuple[tuple[int, ...], ...]
    """(n+1)×(n+1) travel time between nodes (same unit as windows and service)."""
    demand: tuple[int, ...]
    """Per node; the depot's is 0."""
    service: tuple[int, ...]
    """Per node service time; the depot's is 0."""
    fleets: tuple[Fleet, ...]
    windows: tuple[tuple[int, int], ...] | None = None
    """Per node [earliest, latest] start of service; None: no windows."""
    drop_penalty: int | None = None
    """Cost of leaving a stop unserved; None: every stop must be served."""
    stop_ids: tuple[str, ...] = field(default_factory=tuple)
    """External id of stops 1..n (defaults to their node numbers)."""
    balance_span: int = 0
    """Cost per time unit of the longest route (OR-Tools' global span): above 0 it evens out
    the drivers' shift lengths at some extra distance."""
    trips: int = 1
    """Trips a vehicle may make in its shift: above 1 it returns to the depot to reload
    between them, which takes `reload_s`. The capacity holds over the whole shift."""
    reload_s: int = 0
    trip_of: tuple[int, ...] | None = None
    """Per node, the trip (1..`trips`) that must serve it, or 0 for any; None: any."""
    trip_release: tuple[int, ...] = ()
    """Per trip, the earliest time it may leave the depot (its goods are ready); empty:
    whenever."""
    initial: tuple[tuple[tuple[int, int], ...], ...] = ()
    """Routes to start the search from, one a vehicle: its (stop, trip) in order; empty: none.
    Stops on none are unserved at the start (OR-Tools starts from them when they are
    feasible; PyVRP searches from its own)."""

    def __post_init__(self) -> None:
        size = len(self.demand)
        if size < 1:
            raise InvalidInput(f"{self.name}: no depot")
        for label, rows in (("distance", self.distance), ("duration", self.duration)):
            if len(rows) != size or any(len(r) != size for r in rows):
                raise InvalidInput(f"{self.name}: {label} must be {size}×{size}")
        if len(self.service) != size or (self.windows is not None and len(self.windows) != size):
            raise InvalidInput(f"{self.name}: service and windows need one entry per node")
        negative = next((i for i, d in enumerate(self.demand) if d < 0), None)
        if negative is not None:
            raise InvalidInput(
                f"{self.name}: stop {self.stop_id(negative)} has negative "
                f"demand {self.demand[negative]}"
            )
        if not self.fleets:
            raise InvalidInput(f"{self.name}: no vehicles")
        if self.stop_ids and len(self.stop_ids) != size - 1:
            raise InvalidInput(f"{self.name}: {len(self.stop_ids)} stop ids for {size - 1} stops")
        if self.trips < 1 or self.reload_s < 0:
            raise InvalidInput(f"{self.name}: trips must be ≥ 1 and reload_s ≥ 0")
        if self.trip_of is not None and (
            len(self.trip_of) != size or any(not 0 <= t <= self.trips for t in self.trip_of)
        ):
            raise InvalidInput(f"{self.name}: trip_of needs one trip in 0..{self.trips} a node")
        if self.initial:
            placed = [s for route in self.initial for s, _ in route]
            if len(self.initial) != self.vehicle_count or len(set(placed)) != len(placed):
                raise InvalidInput(f"{self.name}: initial routes need one a vehicle, a stop once")
            if any(not 1 <= s < size for s in placed) or any(
                not 1 <= t <= self.trips for route in self.initial for _, t in route
            ):
                raise InvalidInput(f"{self.name}: initial routes name stops 1..n on trips 1..trips")

    @property
    def stops(self) -> int:
        return len(self.demand) - 1

    @property
    def vehicle_count(self) -> int:
        return sum(f.count for f in self.fleets)

    def stop_id(self, node: int) -> str:
        return self.stop_ids[node - 1] if self.stop_ids and node > 0 else str(node)

    def vehicle_fleet(self) -> list[Fleet]:
        """The fleet of each vehicle, vehicle by vehicle."""
        return [f for f in self.fleets for _ in range(f.count)]


@dataclass(frozen=True)
class Route:
    """One vehicle's route: the stops in order with their arrival times and load."""

    vehicle: int
    stops: tuple[int, ...]
    arrivals: tuple[int, ...]
    """Start of service at each stop."""
    start: int
    end: int
    load: int
    distance: int
    trips: tuple[int, ...] = ()
    """The trip (1, 2, ...) each stop is served on; empty: all on the first."""
    reloads: tuple[int, ...] = ()
    """When each reload at the depot starts (one between consecutive trips)."""

    def trip(self, position: int) -> int:
        """The trip of the stop at `position` in `stops`."""
        return self.trips[position] if self.trips else 1


@dataclass(frozen=True)
class RoutePlan:
    """What an engine found: routes, unserved stops, cost and how it got there."""

    routes: tuple[Route, ...]
    unserved: tuple[int, ...]
    distance: int
    feasible: bool
    engine: str
    seconds: float
    iterations: int = 0

    @property
    def vehicles_used(self) -> int:
        return sum(1 for r in self.routes if r.stops)


def check_plan(problem: RoutingProblem, plan: RoutePlan) -> list[str]:
    """Violations of the plan against the problem (empty when the plan is feasible): every
    stop served once or listed unserved, loads within capacity, routes within shifts and
    windows. Engines' plans are checked with it in the tests."""
    issues = []
    fleets = problem.vehicle_fleet()
    seen = [s for r in plan.routes for s in r.stops]
    if sorted(seen + list(plan.unserved)) != list(range(1, problem.stops + 1)):
        issues.append("stops are not each served once or listed unserved")
    for r in plan.routes:
        fleet = fleets[r.vehicle]
        load = sum(problem.demand[s] for s in r.stops)
        if load > fleet.capacity:
            issues.append(f"vehicle {r.vehicle}: load {load} > capacity {fleet.capacity}")
        if r.start < fleet.shift_start or r.end > fleet.shift_end:
            issues.append(f"vehicle {r.vehicle}: route {r.start}–{r.end} outside shift")
        if fleet.max_duration is not None and r.end - r.start > fleet.max_duration:
            issues.append(f"vehicle {r.vehicle}: route lasts {r.end - r.start}")
        if max(r.trips, default=1) > problem.trips:
            issues.append(f"vehicle {r.vehicle}: {max(r.trips)} trips > {problem.trips}")
        if problem.trip_of is not None:
            for i, s in enumerate(r.stops):
                if problem.trip_of[s] and problem.trip_of[s] != r.trip(i):
                    issues.append(f"stop {problem.stop_id(s)}: on trip {r.trip(i)}")
        if problem.windows is not None:
            for s, t in zip(r.stops, r.arrivals):
                lo, hi = problem.windows[s]
                if not lo <= t <= hi:
                    issues.append(f"stop {problem.stop_id(s)}: served at {t}, window {lo}–{hi}")
    return issues


def route_distance(problem: RoutingProblem, stops: Sequence[int], trips: Sequence[int] = ()) -> int:
    """Depot → stops → depot along `problem.distance`, back at the depot between trips."""
    path = [0]
    for i, s in enumerate(stops):
        if trips and i and trips[i] != trips[i - 1]:
            path.append(0)
        path.append(s)
    path.append(0)
    return sum(problem.distance[a][b] for a, b in zip(path, path[1:]))
