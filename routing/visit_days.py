"""The manager-days of one week: each day's visits, its route order and minutes, and whether a
visit still fits (35 visits, 7 hours of visiting and travel: DOMAIN.md §2, §4a)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from routing.matrix import MatrixProvider

if TYPE_CHECKING:
    from routing.visits import VisitItem, VisitParams

Slot = tuple[str, int]
"""(manager, day index of the week)."""


def route_order(points: NDArray[np.float64], dur: NDArray[np.int64]) -> list[int]:
    """Visiting order: nearest neighbour from the westernmost visit, improved by 2-opt.

    >>> pts = np.array([[0.0, 0.0], [2.0, 0.0], [1.0, 0.0]])
    >>> route_order(pts, np.abs(pts[:, None, 0] - pts[None, :, 0]).astype(np.int64))
    [0, 2, 1]
    """
    n = len(points)
    if n <= 2:
        return list(range(n))
    left = set(range(n))
    tour = [int(np.argmin(points[:, 0]))]
    left.discard(tour[0])
    while left:
        last = tour[-1]
        nxt = min(left, key=lambda j: dur[last, j])
        tour.append(nxt)
        left.discard(nxt)
    improved = True
    while improved:
        improved = False
        for i in range(n - 2):
            for j in range(i + 2, n - 1):
                a, b, c, d = tour[i], tour[i + 1], tour[j], tour[j + 1]
                if dur[a, c] + dur[b, d] < dur[a, b] + dur[c, d]:
                    tour[i + 1 : j + 1] = reversed(tour[i + 1 : j + 1])
                    improved = True
    return tour


def day_minutes(items: Sequence[VisitItem], matrix: MatrixProvider) -> tuple[list[int], float]:
    """The day's route order and its minutes of visiting and travel."""
    if not items:
        return [], 0.0
    pts = np.array([[i.lon, i.lat] for i in items])
    _, dur = matrix.matrices([tuple(p) for p in pts])
    order = route_order(pts, dur)
    travel = sum(int(dur[a, b]) for a, b in zip(order, order[1:])) / 60
    return order, travel + sum(i.minutes for i in items)


class DayBook:
    """Every manager-day's visits of one week, with their minutes kept up to date."""

    def __init__(self, params: VisitParams, matrix: MatrixProvider) -> None:
        self.params, self.matrix = params, matrix
        self.visits: dict[Slot, list[VisitItem]] = defaultdict(list)
        self._minutes: dict[Slot, float] = {}
        self._on_day: set[tuple[str, int]] = set()

    def add(self, slot: Slot, item: VisitItem) -> None:
        self.visits[slot].append(item)
        self._on_day.add((item.retailer, slot[1]))
        self._minutes.pop(slot, None)

    def minutes(self, slot: Slot) -> float:
        if slot not in self._minutes:
            self._minutes[slot] = day_minutes(self.visits[slot], self.matrix)[1]
        return self._minutes[slot]

    def trim(self) -> list[tuple[VisitItem, int]]:
        """Take visits off days over their limits, the ones farthest from the day's centre
        first; each with the day it came off."""
        out = []
        for slot, visits in self.visits.items():
            while len(visits) > self.params.visits_per_day or (
                visits and self.minutes(slot) > self.params.day_minutes
            ):
                centre = np.mean([[v.lon, v.lat] for v in visits], axis=0)
                far = max(visits, key=lambda v: (v.lon - centre[0]) ** 2 + (v.lat - centre[1]) ** 2)
                visits.remove(far)
                self._on_day.discard((far.retailer, slot[1]))
                self._minutes.pop(slot, None)
                out.append((far, slot[1]))
        return out

    def place(self, item: VisitItem, slots: Iterable[Slot]) -> bool:
        """Put a visit on the first of `slots` with room (never twice on one day)."""
        for slot in slots:
            visits = self.visits[slot]
            if (item.retailer, slot[1]) in self._on_day:
                continue
            if len(visits) >= self.params.visits_per_day:
                continue
            if self.minutes(slot) + item.minutes > self.params.day_minutes:
                continue
            after = day_minutes([*visits, item], self.matrix)[1]
            if after <= self.params.day_minutes:
                self.add(slot, item)
                self._minutes[slot] = after
                return True
        return False
