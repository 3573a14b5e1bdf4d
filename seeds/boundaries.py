"""Hefei's district and county outlines for maps: the shipped GCJ-02 polygons in WGS-84,
simplified, as one GeoJSON FeatureCollection."""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import mapping, shape

from seeds.geo import DISTRICT_NAMES_EN, gcj02_to_wgs84

NAMES_EN = {**DISTRICT_NAMES_EN, "340124": "Lujiang", "340181": "Chaohu"}
"""English names of all nine units (the seven project units and the two outer counties)."""
SIMPLIFY_DEG = 0.0005
"""Simplification tolerance: about 50 m at Hefei's latitude."""
GRID_DIGITS = 5
"""Coordinates are snapped to this many decimals of a degree (about a metre)."""


@functools.cache
def city_boundaries() -> dict[str, Any]:
    """The nine units as a FeatureCollection of (Multi)Polygons with properties
    ``{adcode, name, name_en}``, in WGS-84, computed once per process.

    Shared borders stay shared: the units are simplified together as one coverage.

    >>> collection = city_boundaries()
    >>> len(collection["features"]), collection["features"][0]["properties"]["name_en"]
    (9, 'Yaohai')
    """
    raw = (
        resources.files("seeds")
        .joinpath("data/hefei_340100_datav_gcj02.json")
        .read_text(encoding="utf-8")
    )
    features = json.loads(raw)["features"]
    shapes = [
        shapely.make_valid(shapely.transform(shape(f["geometry"]), _to_wgs84)) for f in features
    ]
    simple = shapely.coverage_simplify(shapes, SIMPLIFY_DEG)
    simple = shapely.set_precision(simple, 10.0**-GRID_DIGITS)
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "adcode": str(f["properties"]["adcode"]),
                    "name": f["properties"]["name"],
                    "name_en": NAMES_EN[str(f["properties"]["adcode"])],
                },
                "geometry": _rounded(mapping(geom)),
            }
            for f, geom in zip(features, simple, strict=True)
        ],
    }


def _to_wgs84(coords: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.array([gcj02_to_wgs84(float(x), float(y)) for x, y in coords])


def _rounded(geometry: Any) -> Any:
    """The GeoJSON geometry with tuples as lists and each degree rounded to the grid."""
    if isinstance(geometry, dict):
        return {k: _rounded(v) for k, v in geometry.items()}
    if isinstance(geometry, tuple | list):
        return [_rounded(v) for v in geometry]
    return round(geometry, GRID_DIGITS) if isinstance(geometry, float) else geometry
