"""OR-Tools engine: a `RoutingProblem` in, a `RoutePlan` out; no OR-Tools type escapes.

The model is built inside the call from plain data (so the call can run in another process):
an arc cost per vehicle from `problem.distance`, a load dimension with each fleet's capacity,
a time dimension (travel plus service, stop windows, shifts, route length, breaks) when the
problem has any time limit, fixed vehicle costs, and optional stops when a drop penalty is set.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from ortools.constraint_solver import pywrapcp, routing_enums_pb2
from ortools.util import optional_boolean_pb2

from routing.params import SolveParams
from routing.problem import Fleet, Route, RoutePlan, RoutingProblem, check_plan, route_distance

OPEN_END = 10**9
"""`Fleet.shift_end` default: a shift that never ends."""
CAPACITY_OPERATORS = (
    "use_cross_exchange",
    "use_relocate_neighbors",
    "use_global_cheapest_insertion_close_nodes_lns",
    "use_local_cheapest_insertion_close_nodes_lns",
    "use_global_cheapest_insertion_expensive_chain_lns",
    "use_local_cheapest_insertion_expensive_chain_lns",
)
"""Local search operators OR-Tools leaves off, switched on for problems without time limits."""


def solve_ortools(problem: RoutingProblem, params: SolveParams) -> RoutePlan:
    """Solve with OR-Tools' guided local search from a tuned first solution.

    Ends within `params.time_limit_s`, building the model included (the search gets what
    the building leaves), or earlier after `params.max_iterations` solutions (the search is
    deterministic, so a solution limit makes runs reproducible). With more than one trip a
    vehicle, each vehicle gets its own optional reload visits to the depot (see `Nodes`).
    """
    started = time.perf_counter()
    nodes = Nodes.of(problem)
    manager = pywrapcp.RoutingIndexManager(len(nodes.base), problem.vehicle_count, 0)
    model = pywrapcp.RoutingModel(manager)
    fleets = problem.vehicle_fleet()
    distance = nodes.matrix(problem.distance)
    model.SetArcCostEvaluatorOfAllVehicles(model.RegisterTransitMatrix(distance))
    demand = [problem.demand[b] if b == i else 0 for i, b in enumerate(nodes.base)]
    load = model.RegisterUnaryTransitVector(demand)
    model.AddDimensionWithVehicleCapacity(load, 0, [f.capacity for f in fleets], True, "load")
    for v, fleet in enumerate(fleets):
        model.SetFixedCostOfVehicle(fleet.fixed_cost, v)
    timed = has_time_limits(problem) or problem.trips > 1
    clock = _add_time(problem, nodes, manager, model, fleets) if timed else None
    if problem.trips > 1:
        _add_trips(problem, nodes, manager, model)
    if problem.drop_penalty is not None:
        for node in range(1, len(problem.demand)):
            model.AddDisjunction([manager.NodeToIndex(node)], problem.drop_penalty)
    search = search_parameters(problem, params.less(time.perf_counter() - started))
    start = _initial(problem, nodes, manager, model, search)
    if start is not None:
        solution = model.SolveFromAssignmentWithParameters(start, search)
    else:
        solution = model.SolveWithParameters(search)
    routes = () if solution is None else _routes(problem, nodes, manager, model, solution, clock)
    served = {s for r in routes for s in r.stops}
    plan = RoutePlan(
        routes=routes,
        unserved=tuple(s for s in range(1, problem.stops + 1) if s not in served),
        distance=sum(r.distance for r in routes),
        feasible=solution is not None,
        engine="ortools",
        seconds=time.perf_counter() - started,
        iterations=model.solver().Solutions(),
    )
    ok = plan.feasible and (problem.drop_penalty is not None or not plan.unserved)
    return replace(plan, feasible=ok and not check_plan(problem, plan))


@dataclass(frozen=True)
class Nodes:
    """The model's nodes: the problem's, then each vehicle's reload visits (copies of the
    depot, `trips` - 1 a vehicle, each allowed only to its vehicle and free to skip)."""

    base: tuple[int, ...]
    """The problem node each model node stands for (0 for a reload)."""
    owner: tuple[int, ...]
    """The vehicle of each reload node, -1 for the problem's nodes."""

    @classmethod
    def of(cls, problem: RoutingProblem) -> Nodes:
        size = len(problem.demand)
        extra = [v for v in range(problem.vehicle_count) for _ in range(problem.trips - 1)]
        return cls((*range(size), *(0 for _ in extra)), (*(-1 for _ in range(size)), *extra))

    def is_reload(self, node: int) -> bool:
        return self.owner[node] >= 0

    def reload_before(self, vehicle: int, trip: int) -> int:
        """The reload node that starts `vehicle`'s trip `trip` (2, 3, ...)."""
        return [n for n, v in enumerate(self.owner) if v == vehicle][trip - 2]

    def matrix(self, rows: tuple[tuple[int, ...], ...]) -> list[list[int]]:
        return [[rows[a][b] for b in self.base] for a in self.base]


def has_time_limits(problem: RoutingProblem) -> bool:
    """Whether any window, shift end, route length or break constrains time."""
    return problem.windows is not None or any(
        f.shift_end < OPEN_END or f.max_duration is not None or f.break_start is not None
        for f in problem.fleets
    )


def first_solution_strategy(problem: RoutingProblem, params: SolveParams) -> str:
    """The first-solution heuristic: the caller's choice, else parallel cheapest insertion
    with time windows (path cheapest arc finds nothing feasible on Solomon R1/RC1 within
    10 s) and path cheapest arc without (on the X instances guided local search from it
    ends 3.3% above the best-known costs at 15 s in the median, from savings 5.9% at 10 s
    and still 5.1% at 60 s: savings starts in a basin the search does not leave).

    >>> d = ((0, 3), (3, 0))
    >>> problem = RoutingProblem("pair", d, d, (0, 1), (0, 0), (Fleet(1, 10),))
    >>> first_solution_strategy(problem, SolveParams())
    'PATH_CHEAPEST_ARC'
    >>> first_solution_strategy(replace(problem, windows=((0, 9), (0, 9))), SolveParams())
    'PARALLEL_CHEAPEST_INSERTION'
    """
    if params.first_solution is not None:
        return params.first_solution
    return "PARALLEL_CHEAPEST_INSERTION" if has_time_limits(problem) else "PATH_CHEAPEST_ARC"


def search_parameters(
    problem: RoutingProblem, params: SolveParams
) -> pywrapcp.DefaultRoutingSearchParameters:
    """Guided local search from the chosen first solution, within the time and solution
    limits; without time limits (pure capacity problems) also with the operators that are
    off by default: cross exchange, relocating neighbours, and cheapest-insertion LNS of
    close nodes and of expensive chains (measured on the X instances: median gap at 15 s
    from 4.8% to 3.3%)."""
    search = pywrapcp.DefaultRoutingSearchParameters()
    if not has_time_limits(problem):
        operators = search.local_search_operators
        for name in CAPACITY_OPERATORS:
            setattr(operators, name, optional_boolean_pb2.BOOL_TRUE)
    strategies = routing_enums_pb2.FirstSolutionStrategy
    search.first_solution_strategy = getattr(strategies, first_solution_strategy(problem, params))
    search.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    search.time_limit.FromMilliseconds(max(1, round(params.time_limit_s * 1000)))
    if params.max_iterations is not None:
        search.solution_limit = params.max_iterations
    return search


def _initial(
    problem: RoutingProblem,
    nodes: Nodes,
    manager: pywrapcp.RoutingIndexManager,
    model: pywrapcp.RoutingModel,
    search: pywrapcp.DefaultRoutingSearchParameters,
) -> pywrapcp.Assignment | None:
    """The problem's initial routes as an assignment (a vehicle's reload before each of its
    trips after the first), or None without them or when they break a constraint."""
    if not problem.initial:
        return None
    model.CloseModelWithParameters(search)
    routes = []
    for v, route in enumerate(problem.initial):
        path, trip = [], 1
        for stop, number in route:
            while trip < number:
                trip += 1
                path.append(nodes.reload_before(v, trip))
            path.append(stop)
        routes.append([manager.NodeToIndex(n) for n in path])
    start: pywrapcp.Assignment | None = model.ReadAssignmentFromRoutes(routes, True)
    return start


def _add_time(
    problem: RoutingProblem,
    nodes: Nodes,
    manager: pywrapcp.RoutingIndexManager,
    model: pywrapcp.RoutingModel,
    fleets: list[Fleet],
) -> pywrapcp.RoutingDimension:
    """Time dimension: cumul = start of service; transit = service at the origin + travel
    (a reload's service is the reload time)."""
    service = [
        problem.reload_s if nodes.is_reload(i) else problem.service[b]
        for i, b in enumerate(nodes.base)
    ]
    transit = [[s + t for t in row] for s, row in zip(service, nodes.matrix(problem.duration))]
    windows = problem.windows or [(0, OPEN_END)] * len(problem.demand)
    horizon = max(max(f.shift_end for f in fleets), max(hi for _, hi in windows))
    model.AddDimension(model.RegisterTransitMatrix(transit), horizon, horizon, False, "time")
    clock = model.GetDimensionOrDie("time")
    for node in range(1, len(problem.demand)):
        clock.CumulVar(manager.NodeToIndex(node)).SetRange(*windows[node])
    for v, fleet in enumerate(fleets):
        lo, hi = max(fleet.shift_start, windows[0][0]), min(fleet.shift_end, windows[0][1])
        for index in (model.Start(v), model.End(v)):
            clock.CumulVar(index).SetRange(lo, max(lo, hi))
        if fleet.max_duration is not None:
            clock.SetSpanUpperBoundForVehicle(fleet.max_duration, v)
        if fleet.break_start is not None:
            rest = model.solver().FixedDurationIntervalVar(
                *fleet.break_start, fleet.break_duration, False, f"break {v}"
            )
            by_index = [service[manager.IndexToNode(i)] for i in range(model.Size())]
            clock.SetBreakIntervalsOfVehicle([rest], v, by_index)
        # Finish as early as possible, then leave as late as that allows.
        model.AddVariableMinimizedByFinalizer(clock.CumulVar(model.End(v)))
        model.AddVariableMaximizedByFinalizer(clock.CumulVar(model.Start(v)))
    return clock


def _add_trips(
    problem: RoutingProblem,
    nodes: Nodes,
    manager: pywrapcp.RoutingIndexManager,
    model: pywrapcp.RoutingModel,
) -> None:
    """A trip counter that each reload raises by one: a stop bound to trip t must be reached
    after exactly t - 1 reloads; a reload belongs to its vehicle, may be skipped, and ends
    no earlier than its trip's release."""
    step = [1 if nodes.is_reload(i) else 0 for i in range(len(nodes.base))]
    model.AddDimension(model.RegisterUnaryTransitVector(step), 0, problem.trips - 1, True, "trip")
    counter = model.GetDimensionOrDie("trip")
    for node, trip in enumerate(problem.trip_of or ()):
        if node and trip:
            counter.CumulVar(manager.NodeToIndex(node)).SetRange(trip - 1, trip - 1)
    clock = model.GetDimensionOrDie("time")
    seen: dict[int, int] = {}
    for node, vehicle in enumerate(nodes.owner):
        if vehicle >= 0:
            index = manager.NodeToIndex(node)
            model.VehicleVar(index).SetValues([-1, vehicle])  # its own vehicle, or skipped
            model.AddDisjunction([index], 0)
            trip = seen[vehicle] = seen.get(vehicle, 1) + 1  # the trip this reload starts
            if len(problem.trip_release) >= trip:  # its goods are ready then
                clock.CumulVar(index).SetMin(problem.trip_release[trip - 1] - problem.reload_s)


def _routes(
    problem: RoutingProblem,
    nodes: Nodes,
    manager: pywrapcp.RoutingIndexManager,
    model: pywrapcp.RoutingModel,
    solution: pywrapcp.Assignment,
    clock: pywrapcp.RoutingDimension | None,
) -> tuple[Route, ...]:
    """The non-empty routes of a solution, with service start times; reloads with no stop
    after them are left out."""
    fleets = problem.vehicle_fleet()
    out = []
    for v in range(problem.vehicle_count):
        indices = [model.Start(v)]
        while not model.IsEnd(indices[-1]):
            indices.append(solution.Value(model.NextVar(indices[-1])))
        visits = [manager.IndexToNode(i) for i in indices[1:-1]]
        stops = tuple(n for n in visits if not nodes.is_reload(n))
        if not stops:
            continue
        if clock is None:
            times = simulate(problem, stops, fleets[v].shift_start)
            at = dict(zip(indices[1:-1], times[1:-1]))
        else:
            times = [solution.Value(clock.CumulVar(i)) for i in indices]
            at = {i: solution.Value(clock.CumulVar(i)) for i in indices[1:-1]}
        trips, reloads = _trips_of(indices[1:-1], visits, nodes, at)
        arrivals = tuple(at[i] for i, n in zip(indices[1:-1], visits) if not nodes.is_reload(n))
        out.append(
            Route(
                vehicle=v,
                stops=stops,
                arrivals=arrivals,
                start=times[0],
                end=times[-1],
                load=sum(problem.demand[s] for s in stops),
                distance=route_distance(problem, stops, trips),
                trips=trips if problem.trips > 1 else (),
                reloads=reloads,
            )
        )
    return tuple(out)


def _trips_of(
    indices: list[int], visits: list[int], nodes: Nodes, at: dict[int, int]
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The trip of each stop and the start of each reload that has a stop after it."""
    trips: list[int] = []
    reloads: list[int] = []
    pending: int | None = None
    for i, n in zip(indices, visits):
        if nodes.is_reload(n):
            pending = at[i] if pending is None else pending
            continue
        if pending is not None:
            reloads.append(pending)
            pending = None
        trips.append(len(reloads) + 1)
    return tuple(trips), tuple(reloads)


def simulate(problem: RoutingProblem, stops: tuple[int, ...], start: int) -> list[int]:
    """Departure, the start of service at each stop (waiting for windows), and return.

    >>> d = ((0, 3, 5), (3, 0, 2), (5, 2, 0))
    >>> line = RoutingProblem("line", d, d, (0, 1, 1), (0, 1, 1), (Fleet(1, 10),))
    >>> simulate(line, (1, 2), 0)
    [0, 3, 6, 12]
    """
    times, now, here = [start], start, 0
    for s in stops:
        now += problem.duration[here][s]
        if problem.windows is not None:
            now = max(now, problem.windows[s][0])
        times.append(now)
        now += problem.service[s]
        here = s
    times.append(now + problem.duration[here][0])
    return times
