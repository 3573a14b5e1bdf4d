"""Local search on district borders: move one unit to a neighbouring district when that lowers
the objective and leaves its old district connected (the move test of spopt's `move_ok`, with
a per-move delta as in its objective `update`).

Objective = balance penalty (elastic bands, as in the assignment LP) + compactness (weighted
distance of each unit to its district's centre) + a cost per unit away from `home` (for
rebalancing: fewer moves).
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from territory.assignment import AIM_SHARE, TIGHT_PENALTY, Bands
from territory.contiguity import removable
from territory.problem import PartitionProblem


@dataclass
class Polish:
    """Everything the local search reads; `labels` is updated in place."""

    labels: list[int]
    q: NDArray[np.float64]
    bands: Bands
    dist: NDArray[np.float64]
    """(k, n) distance of each unit to each district's centre."""
    weights: NDArray[np.float64]
    adj: Sequence[Sequence[int]]
    fixed: set[int]
    groups: Sequence[int] | None = None
    district_group: Sequence[int] | None = None
    home: Sequence[int] | None = None
    move_cost: float = 0.0
    compactness: float = 1.0
    totals: NDArray[np.float64] = field(init=False)
    sizes: list[int] = field(init=False)

    def __post_init__(self) -> None:
        k = self.dist.shape[0]
        self.totals = np.zeros((k, self.q.shape[1]))
        np.add.at(self.totals, np.asarray(self.labels), self.q)
        self.sizes = np.bincount(np.asarray(self.labels), minlength=k).tolist()
        mean = self.bands.mean
        self._tol = mean * self.bands.tolerance
        self._inner = self._tol * self.bands.aim
        self._scale = TIGHT_PENALTY * self.bands.priority / np.maximum(mean, 1e-9)

    @classmethod
    def of(
        cls,
        problem: PartitionProblem,
        labels: NDArray[np.int64],
        bands: Bands,
        dist: NDArray[np.float64],
        district_group: Sequence[int],
        **options: Any,
    ) -> Polish:
        """The search over `problem`'s units: its measures, weights, adjacency, locked and
        pinned units and groups."""
        return cls(
            labels.tolist(),
            problem.matrix(),
            bands,
            dist,
            problem.unit_weights(),
            problem.neighbours(),
            problem.fixed,
            None if problem.groups is None else problem.groups.tolist(),
            district_group,
            **options,
        )

    def penalty(self, totals: NDArray[np.float64]) -> float:
        """Balance penalty of a district's totals (one row of `totals`)."""
        dev = np.abs(totals - self.bands.mean)
        inner = np.clip(dev - self._inner, 0.0, self._tol - self._inner)
        beyond = np.maximum(dev - self._tol, 0.0)
        return float(np.sum(self._scale * (AIM_SHARE * inner + beyond)))

    def delta(self, u: int, b: int) -> float:
        a = self.labels[u]
        qa, qu = self.totals[a], self.q[u]
        balance = (
            self.penalty(qa - qu)
            - self.penalty(qa)
            + self.penalty(self.totals[b] + qu)
            - self.penalty(self.totals[b])
        )
        compact = float(self.compactness * self.weights[u] * (self.dist[b, u] - self.dist[a, u]))
        moves = 0.0
        if self.home is not None:
            moves = self.move_cost * ((b != self.home[u]) - (a != self.home[u]))
        return balance + compact + moves

    def allowed(self, u: int, b: int) -> bool:
        if self.groups is None or self.district_group is None:
            return True
        return self.groups[u] == self.district_group[b]

    def apply(self, u: int, b: int) -> None:
        a = self.labels[u]
        self.totals[a] -= self.q[u]
        self.totals[b] += self.q[u]
        self.sizes[a] -= 1
        self.sizes[b] += 1
        self.labels[u] = b

    def run(self, *, passes: int, seed: int, deadline: float) -> int:
        """Improving moves over shuffled border units until a pass finds none; the moves made."""
        rng = random.Random(seed)
        made = 0
        for _ in range(passes):
            border = [
                u
                for u in range(len(self.labels))
                if u not in self.fixed
                and any(self.labels[v] != self.labels[u] for v in self.adj[u])
            ]
            rng.shuffle(border)
            improved = 0
            for u in border:
                a = self.labels[u]
                if self.sizes[a] <= 1:
                    continue
                targets = {self.labels[v] for v in self.adj[u]} - {a}
                best_b, best = -1, -1e-9
                for b in sorted(targets):
                    if not self.allowed(u, b):
                        continue
                    d = self.delta(u, b)
                    if d < best:
                        best_b, best = b, d
                if best_b < 0:
                    continue
                if removable(u, self.labels, self.adj):
                    self.apply(u, best_b)
                    improved += 1
            made += improved
            if not improved or time.perf_counter() > deadline:
                break
        return made
