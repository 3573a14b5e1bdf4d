"""Distances on WGS-84 coordinates and a local planar projection in kilometres."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEG_LAT = 110.574


def haversine_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in km.

    >>> round(haversine_km(117.2830, 31.8612, 117.2830, 32.0612), 1)
    22.2
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def project_km(lon: ArrayLike, lat: ArrayLike, origin: tuple[float, float]) -> NDArray[np.float64]:
    """Equirectangular projection around `origin` (lon, lat): an (n, 2) array of km.

    Accurate to well under 1% across a city (±100 km).

    >>> project_km([117.3], [31.9], (117.3, 31.8)).round(2).tolist()
    [[0.0, 11.06]]
    """
    lon_a = np.asarray(lon, dtype=np.float64)
    lat_a = np.asarray(lat, dtype=np.float64)
    kx = KM_PER_DEG_LAT * 1.00675 * math.cos(math.radians(origin[1]))
    xy = np.empty((lon_a.size, 2), dtype=np.float64)
    xy[:, 0] = (lon_a.ravel() - origin[0]) * kx
    xy[:, 1] = (lat_a.ravel() - origin[1]) * KM_PER_DEG_LAT
    return xy
