"""Where things are: trade-area centres and retailer positions inside the real polygons.

Streets of the urban districts sit in the built-up core around the city centre; a county's
seat town sits at its government seat with development zones near it and the other towns
spread over the county. Retailers cluster around their trade area's centre (a normal spread of
a few hundred metres in the core, 1–2 km in towns) and never leave their district's polygon.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from graph.geo import KM_PER_DEG_LAT
from seeds.geo import AdminUnit, DistrictShape, contains

CITY_CENTRE = (117.2778, 31.8634)
"""People's Square area, WGS-84 (DataV's city `center` converted from GCJ-02)."""
CORE_RADIUS_KM = 11.0

# kind: (relative weight within its district, spread in km)
SITE_PROFILE = {
    "street": (1.0, 0.8),
    "urban_town": (0.35, 1.5),
    "urban_zone": (0.5, 1.2),
    "seat": (5.0, 2.0),
    "county_zone": (1.2, 1.2),
    "county_town": (1.0, 1.0),
}


@dataclass(frozen=True)
class Site:
    """A trade area (street or town) with the centre its retailers cluster around."""

    unit: AdminUnit
    kind: str
    lon: float
    lat: float

    @property
    def weight(self) -> float:
        return SITE_PROFILE[self.kind][0]

    @property
    def spread_km(self) -> float:
        return SITE_PROFILE[self.kind][1]

    @property
    def rural(self) -> bool:
        return self.kind == "county_town"


def _kind(unit: AdminUnit, urban: bool) -> str:
    if unit.full_name.endswith("街道"):
        return "street"
    is_town = unit.full_name.endswith(("镇", "乡"))
    if urban:
        return "urban_town" if is_town else "urban_zone"
    if unit.code.endswith("100"):
        return "seat"
    return "county_town" if is_town else "county_zone"


def _deg(km: float, lat: float) -> tuple[float, float]:
    """Degrees of longitude and latitude for `km` at latitude `lat`."""
    return km / (KM_PER_DEG_LAT * np.cos(np.radians(lat))), km / KM_PER_DEG_LAT


def _uniform_in(district: DistrictShape, n: int, rng: np.random.Generator) -> NDArray[np.float64]:
    minx, miny, maxx, maxy = district.polygon.bounds
    out: list[NDArray[np.float64]] = []
    while sum(len(o) for o in out) < n:
        pts = np.column_stack(
            (rng.uniform(minx, maxx, 4 * n + 16), rng.uniform(miny, maxy, 4 * n + 16))
        )
        out.append(pts[contains(district.polygon, pts[:, 0], pts[:, 1])])
    return np.vstack(out)[:n]


def _km_between(a: NDArray[np.float64], b: tuple[float, float]) -> NDArray[np.float64]:
    dx, dy = _deg(1.0, b[1])
    return np.hypot((a[:, 0] - b[0]) / dx, (a[:, 1] - b[1]) / dy)


def _spread_pick(
    candidates: NDArray[np.float64], fixed: list[tuple[float, float]], n: int
) -> list[tuple[float, float]]:
    """Greedy farthest-point choice of n candidates away from `fixed` and each other."""
    chosen: list[tuple[float, float]] = []
    anchor = fixed or [tuple(candidates[0])]
    dist = np.min([_km_between(candidates, p) for p in anchor], axis=0)
    for _ in range(n):
        i = int(np.argmax(dist))
        chosen.append((float(candidates[i, 0]), float(candidates[i, 1])))
        dist = np.minimum(dist, _km_between(candidates, chosen[-1]))
    return chosen


def place_sites(
    district: DistrictShape, units: list[AdminUnit], rng: np.random.Generator
) -> list[Site]:
    """Centres for the district's streets and towns (see the module docstring)."""
    kinds = [_kind(u, district.urban) for u in units]
    pool = _uniform_in(district, 600, rng)
    near_core = pool[_km_between(pool, CITY_CENTRE) <= CORE_RADIUS_KM]
    away = pool[_km_between(pool, CITY_CENTRE) > 7.0]
    near_seat = pool[_km_between(pool, district.seat) <= 6.0]
    placed: dict[int, tuple[float, float]] = {}
    for i, k in enumerate(kinds):
        if k == "seat":
            placed[i] = district.seat
    groups = [
        ("street", near_core if len(near_core) else pool),
        ("urban_town", away if len(away) else pool),
        ("urban_zone", away if len(away) else pool),
        ("county_zone", near_seat if len(near_seat) else pool),
        ("county_town", pool),
    ]
    for kind, candidates in groups:
        idx = [i for i, k in enumerate(kinds) if k == kind]
        if not idx:
            continue
        sample = candidates[rng.permutation(len(candidates))]
        picks = _spread_pick(sample, list(placed.values()), len(idx))
        for i, p in zip(idx, picks):
            placed[i] = p
    return [Site(u, k, *placed[i]) for i, (u, k) in enumerate(zip(units, kinds))]


def place_retailers(
    district: DistrictShape, sites: list[Site], n: int, rng: np.random.Generator
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """n retailer positions (lon, lat) in the district and the index of each one's site."""
    weights = np.array([s.weight for s in sites])
    site_of = rng.choice(len(sites), size=n, p=weights / weights.sum())
    xy = np.empty((n, 2))
    todo = np.arange(n)
    for _ in range(40):
        if not len(todo):
            break
        s = site_of[todo]
        centre = np.array([[sites[i].lon, sites[i].lat] for i in s])
        spread = np.array([sites[i].spread_km for i in s])
        dlon, dlat = _deg(1.0, float(np.mean(centre[:, 1])))
        pts = centre + rng.normal(size=(len(todo), 2)) * spread[:, None] * [dlon, dlat]
        ok = contains(district.polygon, pts[:, 0], pts[:, 1])
        xy[todo[ok]] = pts[ok]
        todo = todo[~ok]
    if len(todo):
        xy[todo] = _uniform_in(district, len(todo), rng)
    return xy, site_of
