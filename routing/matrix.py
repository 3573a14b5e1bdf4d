"""Travel distances and times between points: a small provider interface.

The default needs no network: straight-line distance × a detour factor, at the speed of the
place a leg runs through (urban core, suburban, rural by the distance of its midpoint from the
city centre). `OsrmTable` asks an OSRM server's ``table`` service instead, for users who run
one (no network access is made unless it is chosen).
"""

from __future__ import annotations

import json
import math
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from graph.errors import InvalidInput, StoreUnavailable
from graph.geo import project_km

Matrices = tuple[NDArray[np.int64], NDArray[np.int64]]
"""(distance in metres, duration in seconds), both n × n."""


class MatrixProvider(Protocol):
    def matrices(self, points: Sequence[tuple[float, float]]) -> Matrices: ...


@dataclass(frozen=True)
class SpeedProfile:
    """Speeds (km/h) by ring around the city centre (DOMAIN.md §4's 25 km radius; assumed
    speeds for a van in Hefei's traffic)."""

    centre: tuple[float, float] = (117.2778, 31.8634)
    core_km: float = 8.0
    suburban_km: float = 25.0
    core_kmh: float = 18.0
    suburban_kmh: float = 30.0
    rural_kmh: float = 45.0

    def __post_init__(self) -> None:
        if min(self.core_kmh, self.suburban_kmh, self.rural_kmh) <= 0:
            raise InvalidInput("speeds must be > 0 km/h")


@dataclass(frozen=True)
class StraightLine:
    """Straight lines × `detour`, timed at the speed of the ring each leg's midpoint is in."""

    detour: float = 1.3
    profile: SpeedProfile = SpeedProfile()

    def matrices(self, points: Sequence[tuple[float, float]]) -> Matrices:
        """
        >>> d, t = StraightLine().matrices([(117.2778, 31.8634), (117.2778, 31.8734)])
        >>> int(d[0, 1]), int(t[0, 1])
        (1437, 287)
        """
        if any(p is None or any(v is None or not math.isfinite(v) for v in p) for p in points):
            raise InvalidInput("a point has no coordinates")
        lon = np.array([p[0] for p in points], dtype=float)
        lat = np.array([p[1] for p in points], dtype=float)
        xy = project_km(lon, lat, self.profile.centre)
        diff = xy[:, None, :] - xy[None, :, :]
        km = np.sqrt((diff**2).sum(axis=-1)) * self.detour
        mid = np.hypot(*((xy[:, None, :] + xy[None, :, :]) / 2).transpose(2, 0, 1))
        p = self.profile
        kmh = np.where(
            mid <= p.core_km,
            p.core_kmh,
            np.where(mid <= p.suburban_km, p.suburban_kmh, p.rural_kmh),
        )
        return (np.rint(km * 1000).astype(np.int64), np.rint(km / kmh * 3600).astype(np.int64))


@dataclass(frozen=True)
class OsrmTable:
    """An OSRM server's ``table`` service (e.g. ``http://127.0.0.1:5000``)."""

    url: str
    profile: str = "driving"
    timeout_s: float = 30.0

    def matrices(self, points: Sequence[tuple[float, float]]) -> Matrices:
        coords = ";".join(f"{lon:.6f},{lat:.6f}" for lon, lat in points)
        query = (
            f"{self.url.rstrip('/')}/table/v1/{self.profile}/{coords}?annotations=distance,duration"
        )
        try:
            with urllib.request.urlopen(query, timeout=self.timeout_s) as response:  # noqa: S310
                body = json.loads(response.read())
        except OSError as exc:
            raise StoreUnavailable(f"OSRM at {self.url} did not answer: {exc}") from exc
        if body.get("code") != "Ok":
            raise InvalidInput(f"OSRM refused the table: {body.get('message', body.get('code'))}")
        return (
            np.rint(np.asarray(body["distances"], float)).astype(np.int64),
            np.rint(np.asarray(body["durations"], float)).astype(np.int64),
        )
