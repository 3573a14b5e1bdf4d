"""The districting problem as plain data: units, their measures, adjacency and constraints."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from graph.errors import InvalidInput


@dataclass(frozen=True)
class PartitionProblem:
    """Partition `ids` into `k` connected districts balanced on `measures`.

    `edges` are (unit index, unit index, distance) of the contiguity graph; `xy` are planar
    coordinates in km when known (for centroids and compactness; assignment costs are always
    shortest paths over the edges). `locked` fixes units to districts, `pinned` fixes a
    district's centre unit, `groups` keeps every district inside one group (e.g. a county).
    """

    ids: tuple[Hashable, ...]
    measures: dict[str, NDArray[np.float64]]
    tolerance: dict[str, float]
    k: int
    edges: tuple[tuple[int, int, float], ...]
    xy: NDArray[np.float64] | None = None
    weights: NDArray[np.float64] | None = None
    """Compactness weight of each unit (default 1)."""
    priority: dict[str, float] = field(default_factory=dict)
    """Penalty for a measure's deviation beyond tolerance (default 1000 each)."""
    aim: float = 0.6
    locked: dict[int, int] = field(default_factory=dict)
    pinned: dict[int, int] = field(default_factory=dict)
    groups: NDArray[np.int64] | None = None

    def __post_init__(self) -> None:
        n = len(self.ids)
        if n == 0:
            raise InvalidInput("no units to partition")
        if not 1 <= self.k <= n:
            raise InvalidInput(f"cannot make {self.k} districts from {n} units")
        for name, values in self.measures.items():
            if len(values) != n:
                raise InvalidInput(f"measure {name}: {len(values)} values for {n} units")
            if np.any(np.asarray(values) < 0):
                raise InvalidInput(f"measure {name}: values must not be negative")
        missing = set(self.tolerance) - set(self.measures)
        if missing:
            raise InvalidInput(f"tolerance for unknown measure(s) {sorted(missing)}")
        for unit, district in {**self.locked, **{u: d for d, u in self.pinned.items()}}.items():
            if not (0 <= unit < n and 0 <= district < self.k):
                raise InvalidInput(f"lock or pin out of range: unit {unit}, district {district}")

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def fixed(self) -> set[int]:
        """Units that never move: the locked ones and the pinned centres."""
        return set(self.locked) | set(self.pinned.values())

    @property
    def names(self) -> list[str]:
        return list(self.measures)

    def matrix(self) -> NDArray[np.float64]:
        """The measures as an (n, m) array in `names` order."""
        return np.column_stack([np.asarray(self.measures[m], float) for m in self.names])

    def unit_weights(self) -> NDArray[np.float64]:
        """Compactness weights scaled to mean 1 (so costs are in distance units)."""
        if self.weights is None:
            return np.ones(self.n)
        w = np.asarray(self.weights, float)
        return w / w.mean() if w.mean() > 0 else np.ones(self.n)

    def neighbours(self) -> list[list[int]]:
        adj: list[list[int]] = [[] for _ in range(self.n)]
        for a, b, _ in self.edges:
            if a != b:
                adj[a].append(b)
                adj[b].append(a)
        return adj

    def graph_matrix(self) -> csr_matrix:
        rows = [a for a, b, _ in self.edges] + [b for a, b, _ in self.edges]
        cols = [b for a, b, _ in self.edges] + [a for a, b, _ in self.edges]
        data = [max(d, 1e-9) for *_, d in self.edges] * 2
        return csr_matrix((data, (rows, cols)), shape=(self.n, self.n))

    def distances_from(self, sources: Sequence[int]) -> NDArray[np.float64]:
        """(len(sources), n) shortest-path distances over the contiguity edges: they respect
        gaps (a lake, farmland between towns) that straight lines would cut across."""
        dist = dijkstra(self.graph_matrix(), directed=False, indices=list(sources))
        return np.asarray(np.atleast_2d(dist))
