"""What a delivery day is planned from: the stops, the vehicles and their depots."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DeliveryStop:
    id: str
    lon: float
    lat: float
    cases: float
    batch: str
    """``am`` or ``pm`` (the order batch, §3)."""
    depot: str
    area: str


@dataclass(frozen=True)
class DeliveryVehicle:
    id: str
    depot: str
    capacity_cases: float
    crew: int


@dataclass(frozen=True)
class DepotSite:
    id: str
    lon: float
    lat: float
