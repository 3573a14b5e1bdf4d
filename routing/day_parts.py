"""Cut a depot's day into parts solved side by side, and share the depot's vehicles over them.

A depot with more stops than one solve handles quickly is cut into angular sectors around the
depot (starting at the widest empty angle, so no sector straddles a gap), each holding about
the same number of stops. Its vehicles go to the parts in proportion to what each part needs
(its bound before rounding, `routing.day_bound`), each part at least one, larger vehicles
dealt in turn so every part gets a mix. Vehicles a part leaves unused are
lent to the stops any part left over (`routing.day_repair`), so capacity is not stranded.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from graph.apportion import apportion
from routing.day_inputs import DeliveryStop, DeliveryVehicle, DepotSite

PART_STOPS = 450
"""Stops in one part at most, about (OR-Tools keeps its search quick up to a few hundred)."""


def sectors(
    stops: Sequence[DeliveryStop], depot: DepotSite, size: int = PART_STOPS
) -> list[list[int]]:
    """Indices of `stops` in angular sectors around `depot` of about equal counts, at most
    `size` each; one sector when they all fit.

    >>> d = DepotSite("D", 0.0, 0.0)
    >>> pts = [DeliveryStop(str(i), x, y, 1, "am", "D", "A")
    ...        for i, (x, y) in enumerate([(1, 0), (0, 1), (-1, 0), (0, -1)])]
    >>> sectors(pts, d, size=2)
    [[0, 1], [2, 3]]
    """
    n = len(stops)
    parts = max(1, math.ceil(n / size))
    if parts == 1:
        return [list(range(n))]
    angle = np.array([math.atan2(s.lat - depot.lat, s.lon - depot.lon) for s in stops])
    order = np.argsort(angle, kind="stable")
    gaps = np.diff(np.append(angle[order], angle[order][0] + 2 * math.pi))
    start = (int(np.argmax(gaps)) + 1) % n
    ring = np.roll(order, -start)
    bounds = np.linspace(0, n, parts + 1).round().astype(int)
    return [ring[a:b].tolist() for a, b in zip(bounds, bounds[1:])]


def share_vehicles(needs: Sequence[float], vehicles: Sequence[DeliveryVehicle]) -> list[list[str]]:
    """The vehicles of each part: counts in proportion to `needs` (at least one each while
    vehicles last), the largest vehicles dealt round the parts first.

    >>> vs = [DeliveryVehicle(f"V{i}", "D", c, 2) for i, c in enumerate([45, 45, 55, 45])]
    >>> share_vehicles([3.0, 1.0], vs)
    [['V2', 'V1', 'V3'], ['V0']]
    """
    counts = apportion(list(needs), len(vehicles)) if vehicles else [0] * len(needs)
    queue = sorted(vehicles, key=lambda v: (-v.capacity_cases, v.id))
    out: list[list[str]] = [[] for _ in needs]
    while queue:
        for p in range(len(needs)):
            if len(out[p]) < counts[p] and queue:
                out[p].append(queue.pop(0).id)
    return out
