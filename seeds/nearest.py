"""Nearest placed retailers and trade areas: where a new shop belongs, by position alone."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.spatial import cKDTree

from graph.geo import project_km
from graph.rows import Row

Point = tuple[float, float]
"""(lon, lat) in degrees."""


def _tree(candidates: Sequence[Row]) -> tuple[cKDTree, Point]:
    """A k-d tree over the candidates' projected positions, and the projection's origin."""
    lon = [c["lon"] for c in candidates]
    lat = [c["lat"] for c in candidates]
    origin = (float(np.mean(lon)), float(np.mean(lat)))
    return cKDTree(project_km(lon, lat, origin)), origin


def nearest(points: Sequence[Point], candidates: Sequence[Row]) -> list[Row]:
    """For each point, the candidate row (with ``lon``, ``lat``) closest to it.

    >>> shops = [{"id": "a", "lon": 117.0, "lat": 31.0}, {"id": "b", "lon": 117.2, "lat": 31.0}]
    >>> [r["id"] for r in nearest([(117.19, 31.0), (116.9, 31.1)], shops)]
    ['b', 'a']
    """
    tree, origin = _tree(candidates)
    lon, lat = zip(*points)
    _, idx = tree.query(project_km(lon, lat, origin))
    return [candidates[int(i)] for i in np.atleast_1d(idx)]


def surrounding_areas(points: Sequence[Point], placed: Sequence[Row], k: int = 5) -> list[str]:
    """For each point, the area most of the `k` nearest placed retailers belong to (ties: the
    nearest's), so a new shop joins the area around it rather than one across a border.

    >>> placed = [{"lon": 117.0 + i / 100, "lat": 31.0, "area": "A" if i < 3 else "B"}
    ...           for i in range(6)]
    >>> surrounding_areas([(117.015, 31.0), (117.06, 31.0)], placed, k=3)
    ['A', 'B']
    """
    tree, origin = _tree(placed)
    lon, lat = zip(*points)
    _, idx = tree.query(project_km(lon, lat, origin), k=min(k, len(placed)))
    out = []
    for row in np.asarray(idx).reshape(len(points), -1):
        areas = [str(placed[int(i)]["area"]) for i in np.atleast_1d(row)]
        out.append(max(areas, key=lambda a: (areas.count(a), -areas.index(a))))
    return out
