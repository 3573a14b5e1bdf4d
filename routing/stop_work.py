"""A stop's share of a vehicle's day before any route is drawn: what the delivery zones and
the county fleets are sized by, so that a zone-day fits its depot's shifts and not only its
cases (DOMAIN.md §4a).

The share is the stop's service, a fixed part for the legs between neighbouring shops and
the waits the trips' windows leave, and a part growing with the stop's distance from its
depot (the drive out and back, spread over a trip's stops), capped at the two-trip radius
beyond which a shop is delivered once. The two parts were fitted on planned days of the
seeded city (seed 7, OR-Tools, 60 s): the city depot's vehicles held a zone-day at a median
6 km from it (2,343 stops on 26 vehicles) and one at a median 16.5 km (2,054 stops on 32).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from routing.delivery_params import DeliveryParams

LOCAL_S = 100.0
"""Seconds a stop takes of the day beside its service wherever it is."""
PER_KM_S = 10.0
"""Seconds more for each km between the stop and its depot, up to the radius."""


def stop_seconds(
    depot_km: ArrayLike, cases: ArrayLike, params: DeliveryParams | None = None
) -> NDArray[np.float64]:
    """Seconds of a vehicle's day each stop takes, from its km to its depot and its cases
    (a standard crew's service).

    >>> stop_seconds([0.0, 10.0, 40.0], 0.4).round().tolist()
    [184.0, 284.0, 434.0]
    """
    p = params or DeliveryParams()
    km = np.minimum(np.asarray(depot_km, dtype=float), p.radius_km)
    service = p.service_base_s + p.service_per_case_s * np.asarray(cases, dtype=float)
    return np.asarray(service + LOCAL_S + PER_KM_S * km, dtype=float)


def stop_seconds_at(
    xy: NDArray[np.float64], depot_xy: NDArray[np.float64], cases: ArrayLike
) -> NDArray[np.float64]:
    """`stop_seconds` of stops at planar `xy` (km, a row each) from their depots at
    `depot_xy` (a row each)."""
    return stop_seconds(np.hypot(*(xy - depot_xy).T), cases)


def shift_seconds(params: DeliveryParams | None = None) -> float:
    """Seconds of one vehicle's working day."""
    p = params or DeliveryParams()
    return float(p.shift_end_s - p.shift_start_s)
