"""Free vehicles once a depot's stops are all placed: the lightest vehicle's stops planned
again on the others.

The sectors each use the vehicles they were dealt, so a depot's day often ends with a few
light vehicles. Each round takes every depot that has no stop left and uses more vehicles
than its bound, and plans its lightest vehicle's stops again on the depot's other used
vehicles with room (lent with their stops and starting from their routes, as in
`routing.day_repair`). A depot whose round places them all keeps the new routes, one vehicle
fewer, and is tried again; one whose round leaves any keeps its routes and leaves the rounds.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace

from routing.day_plan import Trip
from routing.day_repair import Leftover, Solver, busy_shares, repair_round
from routing.delivery_params import DeliveryParams
from routing.matrix import MatrixProvider

CONSOLIDATE_ROUNDS = 4
"""Rounds of freeing one vehicle a depot at most, each stopping by the solution count of
the solver it is given, within the time left."""

LENDING = (15,)
"""One way of lending a round (`routing.day_repair.lenders`): a vehicle for each 15 stops
to place."""


def consolidate(
    done: Sequence[Leftover],
    solver: Solver,
    deadline: float,
    params: DeliveryParams,
    matrix: MatrixProvider,
) -> list[Leftover]:
    """The depots' days after up to `CONSOLIDATE_ROUNDS` rounds of freeing vehicles (see the
    module docstring); no round starts after `deadline` (epoch seconds)."""
    out = list(done)
    trying = [_worth_trying(x) for x in out]
    for _ in range(CONSOLIDATE_ROUNDS):
        chosen = [i for i, t in enumerate(trying) if t]
        if not chosen or time.time() >= deadline:
            break
        proposals = [_without_lightest(out[i], params) for i in chosen]
        tried = repair_round(proposals, solver, deadline, params, matrix, LENDING)
        for i, y in zip(chosen, tried):
            extra = _metres(y.trips) - _metres(out[i].trips)
            if y.left or extra >= params.vehicle_cost_m:
                trying[i] = False
            else:
                out[i] = Leftover(out[i].day, y.trips, [])
                trying[i] = _worth_trying(out[i])
    return out


def _worth_trying(x: Leftover) -> bool:
    """Whether a depot has all its stops placed on more vehicles than its bound."""
    return not x.left and len({t.vehicle for t in x.trips}) > x.day.bound.needed


def _without_lightest(x: Leftover, params: DeliveryParams) -> Leftover:
    """The depot's day without its lightest vehicle (fewest of `busy_shares`, then by id):
    that vehicle's stops left over, the depot's other used vehicles the only ones to lend."""
    shift = params.shift_end_s - params.shift_start_s
    capacity = {v.id: v.capacity_cases for v in x.day.vehicles}
    busy = busy_shares(x.trips, capacity, shift)
    lightest = min(busy, key=lambda v: (busy[v], v))
    day = replace(x.day, vehicles=[v for v in x.day.vehicles if v.id in busy and v.id != lightest])
    dropped = [t for t in x.trips if t.vehicle == lightest]
    left = [x.day.stops[x.day.index[s]] for t in dropped for s, _, _ in t.stops]
    return Leftover(day, [t for t in x.trips if t.vehicle != lightest], left)


def _metres(trips: Sequence[Trip]) -> int:
    """The metres the trips drive."""
    return sum(t.distance_m for t in trips)
