"""The current retailers' measures, read lean (no teams, no contiguity), and the areas'
totals under any assignment of them: what previews of moves and the plans' figures need."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from graph.errors import NotFound
from graph.gc_pause import paused_gc
from graph.queries import Query
from graph.session import Session
from territory.contiguity import components
from territory.design_params import MEASURES, DesignParams
from territory.units import unit_measures

Totals = dict[str, dict[str, float]]
"""Area code → measure → total."""


@dataclass(frozen=True)
class Measured:
    """The graph's retailers by id (sorted): names, planar km, measures as the territory
    engines compute them (`territory.units`) and current areas (None: in none)."""

    ids: list[str]
    names: list[str]
    xy: NDArray[np.float64]
    measures: dict[str, NDArray[np.float64]]
    area: list[str | None]

    def index(self) -> dict[str, int]:
        """Each retailer's position by id."""
        return {u: i for i, u in enumerate(self.ids)}


@dataclass(frozen=True)
class Figures:
    """The areas' totals per measure, the mean over the areas that hold retailers and each
    area's relative deviation from it (0.1 = 10% above)."""

    totals: Totals
    mean: dict[str, float]
    deviation: Totals


def read_measured(session: Session, params: DesignParams) -> Measured:
    """Every retailer with its measures and area (one read of the graph).

    Raises `NotFound` when the graph holds no retailers."""
    with paused_gc():
        rows = sorted(session.read(Query.MOVE_FACTS), key=lambda r: str(r["id"]))
    if not rows:
        raise NotFound("the graph holds no retailers: seed a city or import retailers first")
    xy, measures, _ = unit_measures(
        [r["lon"] for r in rows],
        [r["lat"] for r in rows],
        [r["market_type"] or "C" for r in rows],
        [r["avg_monthly_cases"] or 0.0 for r in rows],
        [r["visits_per_week"] or 0.0 for r in rows],
        [r["visit_minutes"] or 0.0 for r in rows],
        params,
    )
    return Measured(
        [str(r["id"]) for r in rows],
        [str(r["name"] or "") for r in rows],
        xy,
        measures,
        [None if r["area"] is None else str(r["area"]) for r in rows],
    )


def area_figures(
    measures: Mapping[str, NDArray[np.float64]], area: Sequence[str | None]
) -> Figures:
    """Totals, mean and deviations of the areas `area` gives each retailer (None: in no
    area, counted nowhere), rounded as the area reports are (totals 0.01, deviations 1e-4).

    >>> ones = {m: np.ones(3) for m in MEASURES}
    >>> f = area_figures(ones, ["A", "A", "B"])
    >>> f.totals["A"]["customers"], f.mean["customers"], f.deviation["B"]["volume"]
    (2.0, 1.5, -0.3333)
    """
    codes = sorted({a for a in area if a is not None})
    index = {c: d for d, c in enumerate(codes)}
    placed = np.array([a is not None for a in area], dtype=bool)
    labels = np.array([index[a] for a in area if a is not None], dtype=np.int64)
    sums = {
        m: np.bincount(labels, weights=np.asarray(measures[m])[placed], minlength=len(codes))
        for m in MEASURES
    }
    mean = {m: float(sums[m].sum()) / max(len(codes), 1) for m in MEASURES}
    return Figures(
        {c: {m: round(float(sums[m][d]), 2) for m in MEASURES} for c, d in index.items()},
        {m: round(v, 2) for m, v in mean.items()},
        {
            c: {m: round(float(sums[m][d]) / max(mean[m], 1e-9) - 1, 4) for m in MEASURES}
            for c, d in index.items()
        },
    )


def assess(
    measures: Mapping[str, NDArray[np.float64]],
    area: Sequence[str | None],
    edges: Sequence[tuple[int, int, float]],
    tolerance: Mapping[str, float],
) -> tuple[dict[str, float], bool]:
    """The largest deviation per measure of the areas `area` draws, and whether they are
    feasible: every retailer in an area, every measure within its tolerance and every area
    connected along `edges`.

    >>> ones = {m: np.ones(4) for m in MEASURES}
    >>> assess(ones, ["A", "A", "B", "B"], [(0, 1, 1.0), (2, 3, 1.0)], {"customers": 0.05})
    ({'customers': 0.0, 'workload': 0.0, 'volume': 0.0}, True)
    >>> assess(ones, ["A", "B", "A", "B"], [(0, 1, 1.0), (2, 3, 1.0)], {"customers": 0.05})[1]
    False
    """
    figures = area_figures(measures, area)
    balance = {
        m: max((abs(d[m]) for d in figures.deviation.values()), default=0.0) for m in MEASURES
    }
    within = all(balance[m] <= t + 1e-9 for m, t in tolerance.items())
    return balance, None not in area and within and not broken_areas(area, edges)


def broken_areas(
    area: Sequence[str | None],
    edges: Iterable[tuple[int, int, float]],
    codes: Iterable[str] | None = None,
) -> list[str]:
    """The areas (of `codes`, else all) whose retailers do not hang together along `edges`.

    >>> broken_areas(["A", "B", "A"], [(0, 1, 1.0), (1, 2, 1.0)])
    ['A']
    """
    adjacency: list[list[int]] = [[] for _ in area]
    for u, v, _ in edges:
        if area[u] == area[v]:
            adjacency[u].append(v)
            adjacency[v].append(u)
    members: dict[str, list[int]] = {}
    for i, code in enumerate(area):
        if code is not None:
            members.setdefault(code, []).append(i)
    wanted = sorted(members) if codes is None else sorted(set(codes) & set(members))
    return [c for c in wanted if len(components(members[c], adjacency)) > 1]
