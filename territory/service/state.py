"""The graph's current territory as plain data: read once, then planned on without the store."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from graph.errors import NotFound
from graph.geo import project_km
from graph.model import Role
from graph.queries import Query
from graph.session import Session
from territory.design_params import DesignParams
from territory.plan import Fleet
from territory.problem import PartitionProblem
from territory.staffing import Staffing
from territory.units import CITY_ORIGIN, RetailerUnit, Units, build_units


@dataclass(frozen=True)
class State:
    """The graph's current territory: retailers as units, their areas and zones, teams."""

    units: Units
    area: list[str | None]
    codes: list[str]
    zone_of_area: dict[str, int]
    staffing: Staffing | None
    fleet: Fleet


def read_state(session: Session, params: DesignParams) -> State:
    """Retailers as units with their areas and zones, the areas, the teams and the fleet."""
    rows = session.read(Query.TERRITORY_FACTS)
    if not rows:
        raise NotFound("the graph holds no retailers: seed a city or import retailers first")
    units = build_units(
        [
            RetailerUnit(
                r["id"],
                r["lon"],
                r["lat"],
                r["market_type"] or "C",
                r["district"] or "",
                r["avg_monthly_cases"] or 0.0,
                r["visits_per_week"] or 0.0,
                r["visit_minutes"] or 0.0,
            )
            for r in rows
        ],
        params,
        [(str(e["a"]), str(e["b"])) for e in session.read(Query.RETAILER_NEIGHBOURS)],
    )
    areas = session.read(Query.AREA_LIST)
    fleet = session.read(Query.FLEET)
    vehicles = [(v["id"], v["depot"], float(v["capacity_cases"])) for v in fleet]
    placed = {str(v["depot"]): v for v in fleet if v["depot_lon"] is not None}
    depot_xy = {
        d: (float(xy[0]), float(xy[1]))
        for d, xy in zip(
            placed,
            project_km(
                [v["depot_lon"] for v in placed.values()],
                [v["depot_lat"] for v in placed.values()],
                CITY_ORIGIN,
            ),
        )
    }
    depots = {d["district"]: d["depot"] for d in session.read(Query.DEPOT_DISTRICTS)}
    return State(
        units,
        [r["area"] for r in rows],
        sorted(str(a["code"]) for a in areas),
        {str(a["code"]): int(a["zone"]) for a in areas if a["zone"] is not None},
        _staffing(session),
        Fleet(vehicles, depots, depot_xy),
    )


def _staffing(session: Session) -> Staffing | None:
    staff = session.read(Query.STAFF_LIST)
    if not staff:
        return None
    roles = {str(s["employee_no"]): Role(str(s["role"])) for s in staff}
    members = tuple(
        (str(e["staff"]), str(e["area"]), Role(str(e["role"])))
        for e in session.read(Query.TEAM_EDGES)
    )
    leads = {str(e["area"]): str(e["staff"]) for e in session.read(Query.LEAD_EDGES)}
    positions = session.read(Query.RETAILER_POSITIONS)
    return Staffing(
        roles,
        members,
        leads,
        {str(p["id"]): str(p["manager"]) for p in positions if p["manager"]},
        {str(p["id"]): str(p["agent"]) for p in positions if p["agent"]},
        {str(e["vehicle"]): str(e["staff"]) for e in session.read(Query.DRIVER_VEHICLES)},
    )


def partition_problem(
    state: State, params: DesignParams, *, locked: dict[int, int], pinned: dict[int, int]
) -> PartitionProblem:
    """The partition problem of the current state: units, measures, tolerances, locks."""
    u = state.units
    groups = None
    if params.within_districts:
        names = sorted(set(u.districts))
        groups = np.array([names.index(d) for d in u.districts], dtype=np.int64)
    return PartitionProblem(
        tuple(u.ids),
        u.measures,
        dict(params.tolerance),
        params.areas,
        u.edges,
        u.xy,
        u.measures["volume"] + 0.1 * max(float(u.measures["volume"].mean()), 1e-9),
        dict(params.priority),
        params.aim,
        locked,
        pinned,
        groups,
    )
