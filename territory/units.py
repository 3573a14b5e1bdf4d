"""Retailers as territory units: their three measures and their contiguity.

- customers: 1 per retailer;
- volume: average monthly cases (the tier window, DOMAIN.md §6);
- workload: weekly visiting minutes = visits a week × (visit minutes + travel minutes), the
  visits and minutes from the class service policy (retailers not yet classified: weekly,
  10 minutes) and travel = detour × mean distance to the 2 nearest retailers ÷ the market's
  speed (a visit round's leg to the next shop).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from graph.geo import project_km
from territory.adjacency import build_contiguity
from territory.design_params import DesignParams

CITY_ORIGIN = (117.2778, 31.8634)


@dataclass(frozen=True)
class RetailerUnit:
    id: str
    lon: float
    lat: float
    market_type: str
    district: str
    avg_monthly_cases: float
    visits_per_week: float
    visit_minutes: float


@dataclass(frozen=True)
class Units:
    """The retailers as arrays: ids, planar km, measures, contiguity edges."""

    ids: list[str]
    xy: NDArray[np.float64]
    measures: dict[str, NDArray[np.float64]]
    edges: tuple[tuple[int, int, float], ...]
    districts: list[str]
    visits: NDArray[np.float64]
    """Visits a week of each retailer."""


def travel_minutes(
    xy: NDArray[np.float64], markets: Sequence[str], params: DesignParams
) -> NDArray[np.float64]:
    """Minutes to reach each unit from its nearest neighbours (see the module docstring)."""
    if len(xy) < 3:
        return np.zeros(len(xy))
    dist, _ = cKDTree(xy).query(xy, k=3)
    km = params.detour_factor * dist[:, 1:].mean(axis=1)
    speed = np.array([params.speed_kmh.get(m, params.speed_kmh.get("C", 20.0)) for m in markets])
    return np.asarray(km / speed * 60.0)


def build_units(
    rows: Sequence[RetailerUnit],
    params: DesignParams,
    kept: Sequence[tuple[str, str]] = (),
) -> Units:
    """The retailers as units; `kept`: the contiguity edges of the plan in force (by id)."""
    xy = project_km([r.lon for r in rows], [r.lat for r in rows], CITY_ORIGIN)
    visits = np.array([r.visits_per_week or params.default_visits_per_week for r in rows])
    minutes = np.array([r.visit_minutes or params.default_visit_minutes for r in rows])
    travel = travel_minutes(xy, [r.market_type for r in rows], params)
    ids = [r.id for r in rows]
    index = {r.id: i for i, r in enumerate(rows)}
    graph = build_contiguity(
        list(range(len(rows))),
        xy,
        kept=[(index[a], index[b]) for a, b in kept if a in index and b in index],
    )
    edges = tuple((int(a), int(b), float(d)) for a, b, d in graph.edges(data="distance_km"))
    return Units(
        ids=ids,
        xy=xy,
        measures={
            "customers": np.ones(len(rows)),
            "workload": visits * (minutes + travel),
            "volume": np.array([r.avg_monthly_cases for r in rows], dtype=float),
        },
        edges=edges,
        districts=[r.district for r in rows],
        visits=visits,
    )
