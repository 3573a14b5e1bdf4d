"""What splitting an area would do: the two areas' balance against the city mean, the team
posts each needs by the staffing norms, who of the current staff would move, and the zone
and routes that change. Nothing is written.

The part split off becomes a new area in the old one's delivery zone, so no retailer changes
its delivery day; teams are derived for the new areas as a plan derives them
(`territory.staffing`) and filled with the current staff where they fit
(`territory.reteam`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from graph.errors import InvalidInput, NotFound
from graph.model import Role
from graph.principal import AccountRole, Principal
from graph.queries import Query
from graph.service.scope import outside
from graph.session import Session
from territory.area_report import AreaRow, TeamLoad, team_loads
from territory.contiguity import is_connected
from territory.design_params import MEASURES, DesignParams
from territory.params import StaffingParams
from territory.plan import DELIVERIES_PER_MONTH, area_graph
from territory.reteam import StaffChange, carry_over
from territory.service.metrics import area_rows, current_labels
from territory.service.results import AreaMiss
from territory.service.state import State, read_state
from territory.staffing import ServedRetailer, Staffing, derive_staffing

SPLIT_READERS = (
    AccountRole.PLANNER,
    AccountRole.SUPERVISOR,
    AccountRole.DISPATCHER,
    AccountRole.TEAM_LEAD,
    AccountRole.VIEWER,
)
"""Roles that may ask what a split does (a team lead for its own areas; the answer names
no one, so a viewer may too)."""


@dataclass(frozen=True)
class SplitSide:
    """One of the two areas after the split: its balance against the new city mean, whether
    it holds together on the map, the measures outside their tolerance, its zone and
    neighbours, the team posts it needs per role and their load per person."""

    area: str
    balance: AreaRow
    contiguous: bool
    misses: tuple[AreaMiss, ...]
    zone: int | None
    neighbours: tuple[str, ...]
    posts: dict[str, int]
    team_loads: tuple[TeamLoad, ...]


@dataclass(frozen=True)
class ZoneChange:
    """A delivery zone whose areas change (its retailers and delivery day do not)."""

    zone: int
    areas_before: tuple[str, ...]
    areas_after: tuple[str, ...]


@dataclass(frozen=True)
class RouteChange:
    """A route of the latest planned date with stops in the area: how many, and how many of
    them would be in the new area."""

    route: str
    driver: str | None
    stops: int
    moving: int


@dataclass(frozen=True)
class SplitImpact:
    """Splitting `area`: `moved` of its retailers form `new_area`. The area before (against
    the mean of the current areas) and its team now per role; the means per measure before
    and after; the two sides; the current staff whose areas would change (new posts have
    new numbers); the zone that gains an area; the routes of `routes_date` that change."""

    area: str
    new_area: str
    moved: int
    before: AreaRow
    team_now: dict[str, int]
    mean_before: dict[str, float]
    mean_after: dict[str, float]
    sides: tuple[SplitSide, ...]
    staff_changes: tuple[StaffChange, ...]
    zones: tuple[ZoneChange, ...]
    routes_date: dt.date | None
    routes: tuple[RouteChange, ...]


def split_impact(
    session: Session, principal: Principal, area: str, retailer_ids: Iterable[str]
) -> SplitImpact:
    """What splitting `retailer_ids` off `area` into a new area would do (see `SplitImpact`).

    Raises `Forbidden` for a staff member or retailer, or an area outside a team lead's scope;
    `NotFound` for an unknown area; `InvalidInput` when the retailers are none, all of the
    area's, or not all in it."""
    principal.require(*SPLIT_READERS, to="see the impact of splitting an area")
    if not principal.sees_area(area):
        raise outside(principal, f"area {area}")
    params = DesignParams()
    state = read_state(session, params)
    codes, labels = current_labels(state)
    if area not in state.codes:
        raise NotFound(f"area {area} not found")
    moving = _moving(state, area, set(retailer_ids))
    new = next(f"A{i:02d}" for i in range(1, 1000) if f"A{i:02d}" not in state.codes)
    after = labels.copy()
    after[moving] = len(codes)
    names = [*codes, new]
    rows_before, _ = area_rows(state, labels, codes, params)
    rows_after, quality = area_rows(state, after, names, params)
    zone_of_area = {**state.zone_of_area, new: state.zone_of_area.get(area, 0)}
    staffing, changes = _teams(state, after, names, zone_of_area)
    served = {
        u: (names[d], float(v))
        for u, d, v in zip(state.units.ids, after.tolist(), state.units.visits)
    }
    loads = team_loads(staffing, served, zone_of_area)
    adjacency = _adjacency(state.units.edges, len(state.units.ids))
    bordering, _ = area_graph(after.tolist(), state.units.edges, len(names))
    sides = tuple(
        SplitSide(
            area=names[d],
            balance=rows_after[d],
            contiguous=is_connected(after, d, adjacency),
            misses=tuple(
                AreaMiss(m.measure, names[d], round(m.deviation, 4), m.tolerance)
                for m in quality.misses
                if m.district == d
            ),
            zone=zone_of_area.get(names[d]),
            neighbours=tuple(sorted(names[b] for b in bordering[d])),
            posts=_posts(staffing.members, names[d]),
            team_loads=tuple(t for t in loads if t.area == names[d]),
        )
        for d in (codes.index(area), len(codes))
    )
    day, routes = _routes(session, area, {state.units.ids[i] for i in moving})
    return SplitImpact(
        area=area,
        new_area=new,
        moved=len(moving),
        before=rows_before[codes.index(area)],
        team_now=_posts(state.staffing.members if state.staffing else (), area),
        mean_before=_means(rows_before),
        mean_after=_means(rows_after),
        sides=sides,
        staff_changes=tuple(c for c in changes if {area, new} & {*c.old_areas, *c.new_areas}),
        zones=_zones(state.zone_of_area, area, new),
        routes_date=day,
        routes=routes,
    )


def _moving(state: State, area: str, ids: set[str]) -> list[int]:
    """The indices of the retailers to split off, checked to be some but not all of the
    area's."""
    if not ids:
        raise InvalidInput(f"name the retailers of area {area} to split off: none given")
    index = {u: i for i, u in enumerate(state.units.ids)}
    strays = sorted(r for r in ids if r not in index or state.area[index[r]] != area)
    if strays:
        raise InvalidInput(
            f"{len(strays)} of the retailers are not in area {area} (e.g. {strays[0]})",
            details={"not_in_area": strays},
        )
    size = sum(1 for a in state.area if a == area)
    if len(ids) >= size:
        raise InvalidInput(
            f"a split must leave area {area} some of its {size} retailers: {len(ids)} given"
        )
    return sorted(index[r] for r in ids)


def _teams(
    state: State, labels: NDArray[np.int64], names: list[str], zone_of_area: Mapping[str, int]
) -> tuple[Staffing, list[StaffChange]]:
    """Teams derived for the areas of `labels` and filled with the current staff."""
    units = state.units
    area_of = {u: names[d] for u, d in zip(units.ids, labels.tolist())}
    served = [
        ServedRetailer(
            u,
            area_of[u],
            zone_of_area.get(area_of[u], 0),
            state.fleet.depot_of_district.get(units.districts[i], ""),
            float(units.visits[i]),
            float(units.measures["volume"][i]) / DELIVERIES_PER_MONTH,
            float(units.xy[i, 0]),
            float(units.xy[i, 1]),
            float(units.measures["workload"][i]),
        )
        for i, u in enumerate(units.ids)
    ]
    vehicles = [(v, d) for v, d, _ in state.fleet.vehicles]
    fresh = derive_staffing(served, vehicles, StaffingParams(), prefix="NEW")
    if state.staffing is None:
        return fresh, []
    old_area = {u: str(a) for u, a in zip(units.ids, state.area)}
    return carry_over(fresh, state.staffing, area_of, old_area)


def _adjacency(edges: Iterable[tuple[int, int, float]], n: int) -> list[list[int]]:
    out: list[list[int]] = [[] for _ in range(n)]
    for a, b, _ in edges:
        out[a].append(b)
        out[b].append(a)
    return out


def _posts(members: Iterable[tuple[str, str, Role]], area: str) -> dict[str, int]:
    """People per role (agent, manager, inspector, driver) on the area's team."""
    count = Counter(role for _, a, role in members if a == area)
    return {role.value: count[role] for role in Role}


def _means(rows: list[AreaRow]) -> dict[str, float]:
    return {m: round(sum(getattr(r, m) for r in rows) / len(rows), 2) for m in MEASURES}


def _zones(zone_of_area: Mapping[str, int], area: str, new: str) -> tuple[ZoneChange, ...]:
    zone = zone_of_area.get(area)
    if zone is None:
        return ()
    before = tuple(sorted(a for a, z in zone_of_area.items() if z == zone))
    return (ZoneChange(zone, before, tuple(sorted((*before, new)))),)


def _routes(
    session: Session, area: str, moving: set[str]
) -> tuple[dt.date | None, tuple[RouteChange, ...]]:
    """The latest planned date and its routes that stop at retailers split off."""
    day = session.read(Query.LATEST_ROUTE_DATE)[0]["date"]
    if day is None:
        return None, ()
    stops: Counter[str] = Counter()
    moved: Counter[str] = Counter()
    driver: dict[str, str | None] = {}
    for r in session.read(Query.AREA_ROUTE_STOPS, code=area, date=day):
        route = str(r["route"])
        stops[route] += 1
        moved[route] += str(r["retailer"]) in moving
        driver[route] = r["driver"]
    return day, tuple(
        RouteChange(route, driver[route], stops[route], moved[route])
        for route in sorted(stops)
        if moved[route]
    )
