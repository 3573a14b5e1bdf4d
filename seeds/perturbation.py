"""A quarter of change in a seeded city — openings, closures and growth — drawn from a seed.

Closures are drawn at random. Openings appear near existing retailers, twice as often around a
growth hotspot (a new residential quarter), each taking its neighbour's district, trade area
and delivery route, the area most retailers around it belong to, the team of the nearest
retailer in that area (as an import would) and three months of orders. Growth lifts the last
three months of every retailer's orders by a factor averaging `grow`, three times stronger in
the hotspot, so that areas drift apart as they do in a real quarter.

Pure: `perturb` takes the city as read (`CityState`) and returns what to write.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from numpy.typing import NDArray

from graph.cycle import history_months
from graph.errors import InvalidInput, NotFound
from graph.geo import project_km
from graph.model import OrderMonth, Retailer
from graph.rows import Row
from seeds.nearest import Point, surrounding_areas
from seeds.orders import generate_orders, summarise_orders
from seeds.profiles import Profile, draw_profiles
from seeds.records import Placement, build_retailer

ORIGIN = (117.2778, 31.8634)
QUARTER = 3
"""Months a perturbation grows and gives its openings."""
HOTSPOT_KM = 6.0


@dataclass(frozen=True)
class PerturbParams:
    """How much changes: retailers opening and closing, and the mean volume growth."""

    open_count: int = 300
    close_count: int = 200
    grow: float = 0.1

    def __post_init__(self) -> None:
        if self.open_count < 0 or self.close_count < 0 or not -0.5 < self.grow < 2:
            raise InvalidInput(
                "openings and closures must be ≥ 0 and growth in (-0.5, 2), not "
                f"{self.open_count}, {self.close_count} and {self.grow}"
            )


@dataclass(frozen=True)
class CityState:
    """The city a perturbation starts from, as read from the graph."""

    retailers: Sequence[Row]
    """Every retailer's record."""
    positions: Sequence[Row]
    """Every retailer's ``id``, ``lon``, ``lat``, ``area``, ``manager`` and ``agent``."""
    business_area: dict[str, str | None]
    """Trade area per retailer id."""
    zone_of: dict[str, int]
    """Zone per area code."""
    district_names: dict[str, str]
    quarter: Sequence[str]
    """The last `QUARTER` months, oldest first."""


@dataclass(frozen=True)
class Opening:
    """A new retailer, its memberships and its orders."""

    retailer: Retailer
    district: str
    area: str
    zone: int
    business_area: str | None
    manager: str | None
    agent: str | None
    orders: tuple[OrderMonth, ...]


@dataclass(frozen=True)
class Perturbation:
    """What to write: the retailers to delete, the growth factor of each kept retailer's last
    quarter (see `grow_orders`) and the openings."""

    closed: tuple[str, ...]
    lift: dict[str, float]
    openings: tuple[Opening, ...]
    mean_growth: float
    hotspot_km: tuple[float, float]


def quarter_ending(month: str) -> list[str]:
    """The `QUARTER` months ending with `month`.

    >>> quarter_ending("2026-01")
    ['2025-11', '2025-12', '2026-01']
    """
    return history_months(month, QUARTER)


def growth_factors(
    xy: NDArray[np.float64], hotspot: NDArray[np.float64], grow: float
) -> NDArray[np.float64]:
    """Per-retailer factor: 3× the growth within `HOTSPOT_KM` of the hotspot, mean `grow`.

    >>> growth_factors(np.array([[0.0, 0.0], [10.0, 0.0]]), np.zeros(2), 0.2).round(2)
    array([1.3, 1.1])
    """
    near = np.hypot(*(xy - hotspot).T) < HOTSPOT_KM
    raw = np.where(near, 3.0, 1.0)
    return np.asarray(1.0 + grow * raw / raw.mean(), dtype=np.float64)


def perturb(state: CityState, params: PerturbParams, seed: int) -> Perturbation:
    """Close, grow and open retailers (see the module docstring); the same seed gives the
    same changes."""
    rows = state.retailers
    if len(rows) <= params.close_count:
        raise NotFound(f"the graph holds {len(rows)} retailers: nothing to perturb")
    rng = np.random.default_rng(seed)
    picked = rng.choice(len(rows), size=params.close_count, replace=False)
    closed = sorted(str(rows[int(i)]["id"]) for i in picked)
    gone = set(closed)
    keep = [r for r in rows if str(r["id"]) not in gone]
    xy = project_km([r["lon"] for r in keep], [r["lat"] for r in keep], ORIGIN)
    hotspot = xy[int(rng.integers(len(keep)))]
    factor = growth_factors(xy, hotspot, params.grow)
    openings = _open(state, keep, xy, hotspot, params.open_count, seed, rng)
    return Perturbation(
        tuple(closed),
        {str(r["id"]): float(f) for r, f in zip(keep, factor)},
        tuple(openings),
        round(float(factor.mean() - 1), 4),
        (round(float(hotspot[0]), 2), round(float(hotspot[1]), 2)),
    )


def grow_orders(orders: Sequence[OrderMonth], lift: dict[str, float]) -> list[OrderMonth]:
    """The order months of retailers in `lift`, cases (to the carton) and amounts multiplied
    by their retailer's factor.

    >>> [grown] = grow_orders([OrderMonth("r|2026-10", "r", "2026-10", 1.01, 100.0, 2)], {"r": 1.1})
    >>> grown.cases, grown.amount
    (1.12, 110.0)
    """
    return [
        dataclasses.replace(
            m,
            cases=round(m.cases * lift[m.retailer_id] * 50) / 50,
            amount=round(m.amount * lift[m.retailer_id], 2),
        )
        for m in orders
        if m.retailer_id in lift
    ]


def _open(
    state: CityState,
    keep: list[Row],
    xy: NDArray[np.float64],
    hotspot: NDArray[np.float64],
    count: int,
    seed: int,
    rng: np.random.Generator,
) -> list[Opening]:
    """New retailers beside random kept ones, twice as likely near the hotspot."""
    if count == 0:
        return []
    weight = np.where(np.hypot(*(xy - hotspot).T) < HOTSPOT_KM, 2.0, 1.0)
    anchors = [keep[int(a)] for a in rng.choice(len(keep), size=count, p=weight / weight.sum())]
    profiles = draw_profiles(
        np.array([a["market_type"] == "X" for a in anchors]),
        np.zeros(count, dtype=bool),
        months=len(state.quarter),
        new_share=0.0,
        lost_share=0.0,
        potential_share=0.0,
        volume_sigma=0.95,
        rng=rng,
    )
    scale = float(
        np.median([r["avg_monthly_cases"] or 0 for r in keep])
        / max(float(np.median([p.base_cases for p in profiles])), 1e-9)
    )
    offsets = rng.normal(0, 0.006, size=(count, 2))
    points = [(float(a["lon"]) + dx, float(a["lat"]) + dy) for a, (dx, dy) in zip(anchors, offsets)]
    areas = surrounding_areas(points, state.positions)
    sites = zip(range(count), anchors, profiles, points, areas)
    return [_opening(state, _Site(*site), scale, seed, rng) for site in sites]


@dataclass(frozen=True)
class _Site:
    """Where the `index`-th opening goes: beside `anchor`, at `point`, in `area`."""

    index: int
    anchor: Row
    profile: Profile
    point: Point
    area: str


def _month_start(month: str) -> date:
    return date(int(month[:4]), int(month[5:]), 1)


def _opening(
    state: CityState, site: _Site, scale: float, seed: int, rng: np.random.Generator
) -> Opening:
    """The retailer opening at `site`, with its neighbour's district, trade area and route,
    the team of the nearest retailer in its area and a quarter of orders."""
    anchor, (lon, lat) = site.anchor, site.point
    district = str(anchor["district_adcode"])
    rid = f"{district}8{seed % 10}{site.index:04d}"
    zone = state.zone_of[site.area]
    peers = [p for p in state.positions if p["area"] == site.area]
    team = peers[int(np.argmin([(p["lon"] - lon) ** 2 + (p["lat"] - lat) ** 2 for p in peers]))]
    place = Placement(
        rid,
        lon,
        lat,
        district,
        state.district_names.get(district, ""),
        "",
        site.area,
        zone,
        str(anchor["delivery_route"] or ""),
        int(anchor["visit_batch"] or 1),
    )
    orders = generate_orders(rid, site.profile, zone, state.quarter, scale, rng)
    last = _month_start(state.quarter[-1])
    retailer = build_retailer(
        place,
        site.profile,
        summarise_orders(orders, state.quarter),
        licence_seq=900_000 + site.index,
        as_of=date(last.year + last.month // 12, last.month % 12 + 1, 1),
        new_since=_month_start(state.quarter[0]),
        rng=rng,
    )
    return Opening(
        retailer,
        district,
        site.area,
        zone,
        state.business_area.get(str(anchor["id"])),
        team["manager"],
        team["agent"],
        tuple(orders),
    )
