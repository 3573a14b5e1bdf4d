"""`crm seed perturb`: a quarter of change in a seeded city — openings, closures and growth.

Closures are drawn at random. Openings appear near existing retailers, twice as often around a
growth hotspot (a new residential quarter), each taking its neighbour's district, area, zone and
team (as an import would) and three months of orders. Growth lifts the last three months of
every retailer's orders by a factor averaging `grow`, three times stronger in the hotspot, so
that areas drift apart as they do in a real quarter.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np

from graph.cycle import history_months
from graph.errors import InvalidInput, NotFound
from graph.geo import project_km
from graph.model import OrderMonth
from graph.queries import Query
from graph.rows import Row, as_row
from graph.store import GraphStore
from seeds.import_service import refresh_purchases, surrounding_areas
from seeds.orders import generate_orders, summarise_orders
from seeds.profiles import draw_profiles
from seeds.records import Placement, build_retailer

Progress = Callable[[str, int, int], None]
ORIGIN = (117.2778, 31.8634)
CHUNK = 500


@dataclass(frozen=True)
class PerturbReport:
    closed: int
    opened: int
    grown: int
    mean_growth: float
    hotspot_km: tuple[float, float]
    seconds: float


def _growth(xy: np.ndarray, hotspot: np.ndarray, grow: float) -> np.ndarray:
    """Per-retailer factor: 3× the growth within 6 km of the hotspot, mean `grow` overall."""
    near = np.hypot(*(xy - hotspot).T) < 6.0
    raw = np.where(near, 3.0, 1.0)
    return 1.0 + grow * raw / raw.mean()


def perturb_city(
    store: GraphStore,
    *,
    open_count: int = 300,
    close_count: int = 200,
    grow: float = 0.1,
    seed: int = 11,
    progress: Progress | None = None,
) -> PerturbReport:
    """Close, open and grow retailers in the store (see the module docstring)."""
    start = time.perf_counter()
    if open_count < 0 or close_count < 0 or not -0.5 < grow < 2:
        raise InvalidInput("--open and --close must be ≥ 0 and --grow in (-0.5, 2)")
    rng = np.random.default_rng(seed)
    rows = store.read(Query.ALL_RETAILERS)
    if len(rows) <= close_count:
        raise NotFound(f"the graph holds {len(rows)} retailers: nothing to perturb")
    teams = {str(p["id"]): p for p in store.read(Query.RETAILER_POSITIONS)}
    facts = {str(f["id"]): f for f in store.read(Query.TERRITORY_FACTS)}
    district_names = {str(d["adcode"]): str(d["name"]) for d in store.read(Query.DISTRICT_LIST)}
    closed = sorted(str(r["id"]) for r in rng.choice(rows, size=close_count, replace=False))
    keep = [r for r in rows if str(r["id"]) not in set(closed)]
    xy = project_km([r["lon"] for r in keep], [r["lat"] for r in keep], ORIGIN)
    hotspot = xy[int(rng.integers(len(keep)))]
    factor = _growth(xy, hotspot, grow)
    latest = str(store.read(Query.LATEST_ORDER_MONTH)[0]["month"])
    window = history_months(latest, 3)
    with store.transaction():
        store.read(Query.DELETE_RETAILERS, ids=closed)
    if progress:
        progress("close", close_count, close_count)
    _grow_orders(store, keep, factor, window)
    if progress:
        progress("grow", len(keep), len(keep))
    opened = _open(
        store, keep, Links(teams, facts, district_names), xy, hotspot, open_count, window, seed, rng
    )
    if progress:
        progress("open", len(opened), open_count)
    refresh_purchases(store, [str(r["id"]) for r in keep] + opened)
    return PerturbReport(
        close_count,
        len(opened),
        len(keep),
        round(float(factor.mean() - 1), 4),
        (round(float(hotspot[0]), 2), round(float(hotspot[1]), 2)),
        round(time.perf_counter() - start, 2),
    )


def _grow_orders(store: GraphStore, keep: list[Row], factor: np.ndarray, window: list[str]) -> None:
    lift = {str(r["id"]): float(f) for r, f in zip(keep, factor)}
    ids = list(lift)
    for i in range(0, len(ids), CHUNK):
        part = ids[i : i + CHUNK]
        months = [
            OrderMonth(**m)
            for m in store.read(Query.ORDERS_OF_RETAILERS, ids=part)
            if m["month"] in window
        ]
        grown = [
            dataclasses.replace(
                m,
                cases=round(m.cases * lift[m.retailer_id] * 50) / 50,
                amount=round(m.amount * lift[m.retailer_id], 2),
            )
            for m in months
        ]
        store.write(Query.UPSERT_ORDER_MONTHS, [as_row(m) for m in grown])


@dataclass(frozen=True)
class Links:
    """What a new retailer takes from its neighbour: team, area, zone, trade area, district."""

    teams: dict[str, Row]
    facts: dict[str, Row]
    district_names: dict[str, str]


def _open(
    store: GraphStore,
    keep: list[Row],
    links: Links,
    xy: np.ndarray,
    hotspot: np.ndarray,
    count: int,
    window: list[str],
    seed: int,
    rng: np.random.Generator,
) -> list[str]:
    """New retailers beside random existing ones, twice as likely near the hotspot; their ids."""
    if count == 0:
        return []
    weight = np.where(np.hypot(*(xy - hotspot).T) < 6.0, 2.0, 1.0)
    anchors = rng.choice(len(keep), size=count, p=weight / weight.sum())
    rural = np.array([keep[a]["market_type"] == "X" for a in anchors])
    profiles = draw_profiles(
        rural,
        np.zeros(count, dtype=bool),
        months=len(window),
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
    year, month = int(window[-1][:4]), int(window[-1][5:])
    as_of = date(year + month // 12, month % 12 + 1, 1)
    since = date(int(window[0][:4]), int(window[0][5:]), 1)
    offsets = rng.normal(0, 0.006, size=(count, 2))
    points = [
        (float(keep[a]["lon"]) + dx, float(keep[a]["lat"]) + dy)
        for a, (dx, dy) in zip(anchors, offsets)
    ]
    placed = list(links.teams.values())
    areas = surrounding_areas(points, placed)
    zone_of = {str(f["area"]): int(f["zone"] or 1) for f in links.facts.values() if f["area"]}
    records, members, months = [], [], []
    for i, (a, profile) in enumerate(zip(anchors, profiles)):
        anchor = keep[a]
        district = str(anchor["district_adcode"])
        rid = f"{district}8{seed % 10}{i:04d}"
        area, zone = areas[i], zone_of[areas[i]]
        peers = [p for p in placed if p["area"] == area]
        team = peers[
            int(
                np.argmin(
                    [(p["lon"] - points[i][0]) ** 2 + (p["lat"] - points[i][1]) ** 2 for p in peers]
                )
            )
        ]
        place = Placement(
            rid,
            *points[i],
            district,
            links.district_names.get(district, ""),
            "",
            area,
            zone,
            str(anchor["delivery_route"] or ""),
            int(anchor["visit_batch"] or 1),
        )
        orders = generate_orders(rid, profile, zone, window, scale, rng)
        records.append(
            as_row(
                build_retailer(
                    place,
                    profile,
                    summarise_orders(orders, window),
                    licence_seq=900_000 + i,
                    as_of=as_of,
                    new_since=since,
                    rng=rng,
                )
            )
        )
        members.append(
            {
                "id": rid,
                "district": district,
                "area": area,
                "zone": zone,
                "business_area": links.facts[str(anchor["id"])]["business_area"],
                "manager": team["manager"],
                "agent": team["agent"],
            }
        )
        months.extend(orders)
    _write_openings(store, records, members, months)
    return [str(r["id"]) for r in records]


def _write_openings(
    store: GraphStore,
    records: list[dict[str, object]],
    members: list[dict[str, object]],
    months: list[OrderMonth],
) -> None:
    """The new retailers with their memberships and orders, one transaction per chunk."""
    for i in range(0, len(records), CHUNK):
        part, mine = records[i : i + CHUNK], members[i : i + CHUNK]
        ids = {str(r["id"]) for r in part}
        with store.transaction():
            store.write(Query.UPSERT_RETAILERS, part)
            for key, query in (
                ("district", Query.SET_RETAILER_DISTRICTS),
                ("area", Query.SET_RETAILER_AREAS),
                ("zone", Query.SET_RETAILER_ZONES),
                ("business_area", Query.SET_RETAILER_BUSINESS_AREAS),
                ("manager", Query.SET_RETAILER_MANAGERS),
                ("agent", Query.SET_RETAILER_AGENTS),
            ):
                store.write(
                    query, [{"src": m["id"], "dst": m[key]} for m in mine if m[key] is not None]
                )
            mine_months = [m for m in months if m.retailer_id in ids]
            store.write(Query.UPSERT_ORDER_MONTHS, [as_row(m) for m in mine_months])
            store.write(
                Query.LINK_RETAILER_ORDERS,
                [{"src": m.retailer_id, "dst": m.id} for m in mine_months],
            )
