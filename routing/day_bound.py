"""The fewest vehicles a depot's delivery day can need: a lower bound beside every plan.

Four counts, each a lower bound on the vehicles any plan must use:

- capacity: the fewest of the depot's vehicles whose day capacities together hold the cases;
- morning: the morning batch's work over the length of the morning trip's window (and one
  stop's service, which may start at the window's end);
- afternoon: the afternoon batch's work over the afternoon window;
- shift: all the day's work over one shift;
- remote: the shops beyond the radius, whose vehicles each drive out and back (see
  `_remote_share`).

The work of a set of stops is their service time (at the fastest crew's pace) plus the
length of a minimum spanning tree joining them and the depot: routes from the depot that
serve them all span them, so no plan drives less. For the afternoon batch it is measured
from the first stop on: a van may drive out before the window opens, but each trip's way
from its first stop through the others and back to the depot spans them together with the
depot, and lies inside the window and the shift. The
bound is the largest of the four; a day whose bound exceeds the depot's vehicles cannot be
carried, and its `reason` names the binding count with its numbers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.sparse.csgraph import minimum_spanning_tree

from routing.day_inputs import DeliveryStop, DeliveryVehicle
from routing.delivery_params import DeliveryParams

COUNTS = ("capacity", "morning", "afternoon", "shift", "remote")


@dataclass(frozen=True)
class DepotBound:
    depot: str
    vehicles: int
    """The depot's vehicles."""
    stops: int
    cases: float
    capacity_cases: float
    """The depot's vehicles' day capacity together."""
    capacity: int
    morning: int
    afternoon: int
    shift: int
    remote: int
    work_hours: float
    """Service of the day's stops and the least driving that joins them (hours)."""
    needed: int
    """The bound: the largest of the counts."""
    binding: str
    """The count that sets it (the first of the largest, in `COUNTS` order)."""
    fits: bool
    """Whether the depot has the vehicles the bound asks for."""
    share: float
    """The same counts before rounding up (cases over the mean capacity), the largest: what
    sharing vehicles over parts of the day goes by."""

    def reason(self) -> str:
        """Why the day cannot be carried: the binding count with its numbers."""
        if self.vehicles == 0:
            return f"no vehicle: depot {self.depot} has none"
        if self.binding == "capacity":
            return (
                f"capacity: {self.cases:,.1f} cases need {self.capacity} vehicles, depot "
                f"{self.depot} has {self.vehicles} ({self.capacity_cases:,.1f} cases a day)"
            )
        return (
            f"time: the {self.binding} work ({self.work_hours:,.1f} h of service and driving "
            f"in the day) needs {self.needed} vehicles, depot {self.depot} has {self.vehicles}"
        )


def fewest_holding(capacities: Sequence[float], cases: float) -> int:
    """The fewest capacities, largest first, that together hold `cases`; when even all do
    not, all and as many more of the largest as the rest needs.

    >>> fewest_holding([45, 55, 45], 90), fewest_holding([10], 30), fewest_holding([], 5)
    (2, 3, 0)
    """
    held, count = 0.0, 0
    ordered = sorted(capacities, reverse=True)
    for c in ordered:
        if held >= cases - 1e-9:
            return count
        held += c
        count += 1
    if held >= cases - 1e-9 or not ordered:
        return count
    return count + math.ceil((cases - held) / ordered[0] - 1e-9)


def spanning_length(durations: NDArray[np.float64]) -> float:
    """Length of a minimum spanning tree over the nodes of a travel-time matrix (each pair
    at its quicker direction): the routes that serve them all from the depot, joined at the
    depot, span them, so they drive at least this long.

    >>> spanning_length(np.array([[0.0, 2, 9], [2, 0, 3], [9, 3, 0]]))
    5.0
    """
    if len(durations) < 2:
        return 0.0
    both = np.minimum(durations, durations.T)
    return float(minimum_spanning_tree(np.maximum(both, 1e-9)).sum())


def depot_bound(
    depot: str,
    stops: Sequence[DeliveryStop],
    remote: Sequence[bool],
    vehicles: Sequence[DeliveryVehicle],
    durations: NDArray[np.float64],
    params: DeliveryParams,
) -> DepotBound:
    """The bound of one depot's day; `durations` is the (n+1)² travel time in seconds with
    the depot first, `remote` marks the stops served once a day."""
    crew = max((v.crew for v in vehicles), default=2)
    service = np.array([params.service_s(s.cases, crew) for s in stops], dtype=float)
    far = np.asarray(remote, dtype=bool)
    am = np.array([s.batch != "pm" for s in stops], dtype=bool) & ~far
    pm = ~am & ~far

    def work(chosen: NDArray[np.bool_]) -> float:
        """Service of the chosen stops and the least driving that joins them to the depot."""
        nodes = np.concatenate([[0], 1 + np.flatnonzero(chosen)])
        return float(service[chosen].sum()) + spanning_length(durations[np.ix_(nodes, nodes)])

    everything = np.ones(len(stops), dtype=bool)
    day = work(everything)
    morning = params.am_end_s - params.shift_start_s
    afternoon = params.shift_end_s - params.pm_start_s
    shift = params.shift_end_s - params.shift_start_s
    cases = sum(s.cases for s in stops)
    capacities = [v.capacity_cases for v in vehicles]
    counts = {
        "capacity": cases / (float(np.mean(capacities)) if capacities else 1.0),
        "morning": work(am) / (morning + float(service[am].max(initial=0.0))),
        "afternoon": work(pm) / afternoon,
        "shift": day / shift,
        "remote": _remote_share(far, service, durations, shift),
    }
    rounded = {k: math.ceil(v - 1e-9) for k, v in counts.items()}
    rounded["capacity"] = fewest_holding(capacities, cases)
    needed = max(rounded.values())
    return DepotBound(
        depot=depot,
        vehicles=len(vehicles),
        stops=len(stops),
        cases=round(cases, 2),
        capacity_cases=round(sum(capacities), 2),
        capacity=rounded["capacity"],
        morning=rounded["morning"],
        afternoon=rounded["afternoon"],
        shift=rounded["shift"],
        remote=rounded["remote"],
        work_hours=round(day / 3600, 1),
        needed=needed,
        binding=next(c for c in COUNTS if rounded[c] == needed),
        fits=needed <= len(vehicles),
        share=max(counts.values()),
    )


def _remote_share(
    far: NDArray[np.bool_],
    service: NDArray[np.float64],
    durations: NDArray[np.float64],
    shift: float,
) -> float:
    """Vehicles the remote shops need. Each of k vehicles that serve them drives at least to
    the nearest and back (2 d); between remote shops, their k routes form k paths covering
    them, so they drive at least a minimum spanning tree of the shops less its k - 1 longest
    edges. The least k with k (shift - 2 d) + those edges ≥ service + tree is the count
    (fractional: the last step interpolated)."""
    if not far.any():
        return 0.0
    idx = 1 + np.flatnonzero(far)
    out_back = float(durations[0, idx].min() + durations[idx, 0].min())
    inside = durations[np.ix_(idx, idx)].astype(float)
    both = np.maximum(np.minimum(inside, inside.T), 1e-9)
    edges = np.sort(minimum_spanning_tree(both).data)[::-1] if len(idx) > 1 else np.zeros(0)
    need = float(service[far].sum() + edges.sum())
    room = shift - out_back
    if room <= 0:
        return float(len(idx))  # no vehicle reaches them and back in a shift: one each
    for k in range(1, len(idx) + 1):
        have = k * room + float(edges[: k - 1].sum())
        if have >= need:
            before = (k - 1) * room + float(edges[: max(k - 2, 0)].sum())
            return k - 1 + (need - before) / max(have - before, 1e-9)
    return float(len(idx))
