"""The real geodata the city generator stands on: Hefei's district polygons (GCJ-02 converted
to WGS-84) and its streets and towns."""

from __future__ import annotations

import csv
import functools
import json
import math
from dataclasses import dataclass
from importlib import resources

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import MultiPolygon, Polygon, shape

from graph.geo import KM_PER_DEG_LAT, haversine_km, project_km

_A = 6378245.0
_EE = 0.00669342162296594323

PROJECT_ADCODES = ("340102", "340103", "340104", "340111", "340121", "340122", "340123")
URBAN_ADCODES = ("340102", "340103", "340104", "340111")
DISTRICT_NAMES_EN = {
    "340102": "Yaohai",
    "340103": "Luyang",
    "340104": "Shushan",
    "340111": "Baohe",
    "340121": "Changfeng",
    "340122": "Feidong",
    "340123": "Feixi",
}


def _offset_lat(x: float, y: float) -> float:
    r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    r += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return r


def _offset_lon(x: float, y: float) -> float:
    r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    r += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return r


def wgs84_to_gcj02(lon: float, lat: float) -> tuple[float, float]:
    """The published GCJ-02 obfuscation of a WGS-84 point (mainland China only).

    >>> lon, lat = wgs84_to_gcj02(117.2830, 31.8612)
    >>> round((lon - 117.2830) * 94_600), round((lat - 31.8612) * 110_600)
    (522, -221)
    """
    dlat = _offset_lat(lon - 105.0, lat - 35.0)
    dlon = _offset_lon(lon - 105.0, lat - 35.0)
    rad = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad) ** 2
    sqrt_magic = math.sqrt(magic)
    dlat = dlat * 180.0 / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    dlon = dlon * 180.0 / (_A / sqrt_magic * math.cos(rad) * math.pi)
    return lon + dlon, lat + dlat


def gcj02_to_wgs84(lon: float, lat: float, *, iterations: int = 6) -> tuple[float, float]:
    """Invert `wgs84_to_gcj02` by fixed-point iteration (error well under 1 cm).

    >>> w = gcj02_to_wgs84(*wgs84_to_gcj02(117.2830, 31.8612))
    >>> round(w[0], 7), round(w[1], 7)
    (117.283, 31.8612)
    """
    wlon, wlat = lon, lat
    for _ in range(iterations):
        glon, glat = wgs84_to_gcj02(wlon, wlat)
        wlon, wlat = wlon - (glon - lon), wlat - (glat - lat)
    return wlon, wlat


@dataclass(frozen=True)
class DistrictShape:
    """A district or county polygon in WGS-84, with its government seat."""

    adcode: str
    name: str
    name_en: str
    urban: bool
    polygon: MultiPolygon | Polygon
    seat: tuple[float, float]


@dataclass(frozen=True)
class AdminUnit:
    """A street (街道) or town (镇/乡) from the statistics bureau list."""

    code: str
    district: str
    name: str
    full_name: str
    pinyin: str


def _coords_to_wgs84(coords: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.array([gcj02_to_wgs84(float(x), float(y)) for x, y in coords])


def load_districts() -> list[DistrictShape]:
    """The seven project units (four urban districts, three counties) in WGS-84."""
    raw = (
        resources.files("seeds")
        .joinpath("data/hefei_340100_datav_gcj02.json")
        .read_text(encoding="utf-8")
    )
    out = []
    for feature in json.loads(raw)["features"]:
        props = feature["properties"]
        adcode = str(props["adcode"])
        if adcode not in PROJECT_ADCODES:
            continue
        geom = shapely.transform(shape(feature["geometry"]), _coords_to_wgs84)
        out.append(
            DistrictShape(
                adcode,
                props["name"],
                DISTRICT_NAMES_EN[adcode],
                adcode in URBAN_ADCODES,
                shapely.make_valid(geom),
                gcj02_to_wgs84(*props["center"]),
            )
        )
    return sorted(out, key=lambda d: d.adcode)


def load_admin_units() -> list[AdminUnit]:
    """Streets and towns of the seven project units."""
    text = (
        resources.files("seeds")
        .joinpath("data/hefei_admin_units_statsgov.csv")
        .read_text(encoding="utf-8")
    )
    rows = csv.DictReader(text.splitlines())
    return [
        AdminUnit(r["id"], r["pid"], r["name"], r["ext_name"], r["pinyin"])
        for r in rows
        if r["deep"] == "3" and r["pid"] in PROJECT_ADCODES
    ]


def contains(
    polygon: MultiPolygon | Polygon, lon: NDArray[np.float64], lat: NDArray[np.float64]
) -> NDArray[np.bool_]:
    """Which points lie inside the polygon."""
    return np.asarray(shapely.contains_xy(polygon, lon, lat))


@functools.cache
def district_shapes() -> dict[str, DistrictShape]:
    """The project units by adcode, loaded once per process."""
    return {d.adcode: d for d in load_districts()}


def km_outside(polygon: MultiPolygon | Polygon, lon: float, lat: float) -> float:
    """How far a point lies outside a polygon, in km along the earth (0 inside or on it).

    >>> square = Polygon([(117.0, 31.0), (117.1, 31.0), (117.1, 31.1), (117.0, 31.1)])
    >>> km_outside(square, 117.05, 31.05), round(km_outside(square, 117.05, 31.2), 2)
    (0.0, 11.12)
    """
    if shapely.intersects_xy(polygon, lon, lat):
        return 0.0
    local = shapely.transform(polygon, lambda xy: project_km(xy[:, 0], xy[:, 1], (lon, lat)))
    x, y = shapely.get_coordinates(shapely.shortest_line(shapely.Point(0.0, 0.0), local))[1]
    kx = float(project_km([lon + 1.0], [lat], (lon, lat))[0, 0])
    return haversine_km(lon, lat, lon + x / kx, lat + y / KM_PER_DEG_LAT)
