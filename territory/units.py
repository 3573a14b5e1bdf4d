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


def unit_measures(
    lon: Sequence[float],
    lat: Sequence[float],
    markets: Sequence[str],
    cases: Sequence[float],
    visits_per_week: Sequence[float],
    visit_minutes: Sequence[float],
    params: DesignParams,
) -> tuple[NDArray[np.float64], dict[str, NDArray[np.float64]], NDArray[np.float64]]:
    """The planar km, measures (see the module docstring) and visits a week of retailers
    given by column (a visit frequency or length of 0: not yet classified)."""
    xy = project_km(lon, lat, CITY_ORIGIN)
    visits = np.array([v or params.default_visits_per_week for v in visits_per_week], float)
    minutes = np.array([m or params.default_visit_minutes for m in visit_minutes], float)
    travel = travel_minutes(xy, markets, params)
    measures = {
        "customers": np.ones(len(xy)),
        "workload": visits * (minutes + travel),
        "volume": np.array(cases, dtype=float),
    }
    return xy, measures, visits


def build_units(
    rows: Sequence[RetailerUnit],
    params: DesignParams,
    kept: Sequence[tuple[str, str]] = (),
) -> Units:
    """The retailers as units; `kept`: the contiguity edges of the plan in force (by id)."""
    xy, measures, visits = unit_measures(
        [r.lon for r in rows],
        [r.lat for r in rows],
        [r.market_type for r in rows],
        [r.avg_monthly_cases for r in rows],
        [r.visits_per_week for r in rows],
        [r.visit_minutes for r in rows],
        params,
    )
    index = {r.id: i for i, r in enumerate(rows)}
    graph = build_contiguity(
        list(range(len(rows))),
        xy,
        kept=[(index[a], index[b]) for a, b in kept if a in index and b in index],
    )
    edges = tuple((int(a), int(b), float(d)) for a, b, d in graph.edges(data="distance_km"))
    return Units(
        ids=[r.id for r in rows],
        xy=xy,
        measures=measures,
        edges=edges,
        districts=[r.district for r in rows],
        visits=visits,
    )
