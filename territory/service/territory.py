"""Territory design and rebalancing on the graph: read the current state, plan (pure), report,
and unless it is a dry run apply the plan in one transaction, keeping the old assignment."""

from __future__ import annotations

import json
import logging
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

import numpy as np

from graph.errors import InvalidInput, NotFound
from graph.model import Role, TerritoryPlan
from graph.queries import Query
from graph.rows import as_row
from graph.store import GraphStore
from territory.bounds import proven_misses
from territory.design import design_partition, district_groups
from territory.design_params import MEASURES, DesignParams
from territory.metrics import Quality
from territory.plan import Fleet, Plan, area_table, build_plan, team_loads
from territory.problem import PartitionProblem
from territory.rebalance import rebalance_partition
from territory.staffing import Staffing
from territory.units import RetailerUnit, Units, build_units

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class State:
    """The graph's current territory: retailers as units, their areas and zones, teams."""

    units: Units
    area: list[str | None]
    codes: list[str]
    zone_of_area: dict[str, int]
    staffing: Staffing | None
    fleet: Fleet


def read_state(store: GraphStore, params: DesignParams) -> State:
    rows = store.read(Query.TERRITORY_FACTS)
    if not rows:
        raise NotFound("the graph holds no retailers: run `crm seed` or `crm import` first")
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
    )
    areas = store.read(Query.AREA_LIST)
    vehicles = [(v["id"], v["depot"], float(v["capacity_cases"])) for v in store.read(Query.FLEET)]
    depots = {d["district"]: d["depot"] for d in store.read(Query.DEPOT_DISTRICTS)}
    return State(
        units,
        [r["area"] for r in rows],
        sorted(str(a["code"]) for a in areas),
        {str(a["code"]): int(a["zone"]) for a in areas if a["zone"] is not None},
        _staffing(store),
        Fleet(vehicles, depots),
    )


def _staffing(store: GraphStore) -> Staffing | None:
    staff = store.read(Query.STAFF_LIST)
    if not staff:
        return None
    roles = {str(s["employee_no"]): Role(str(s["role"])) for s in staff}
    members = tuple(
        (str(e["staff"]), str(e["area"]), Role(str(e["role"])))
        for e in store.read(Query.TEAM_EDGES)
    )
    leads = {str(e["area"]): str(e["staff"]) for e in store.read(Query.LEAD_EDGES)}
    positions = store.read(Query.RETAILER_POSITIONS)
    return Staffing(
        roles,
        members,
        leads,
        {str(p["id"]): str(p["manager"]) for p in positions if p["manager"]},
        {str(p["id"]): str(p["agent"]) for p in positions if p["agent"]},
        {str(e["vehicle"]): str(e["staff"]) for e in store.read(Query.DRIVER_VEHICLES)},
    )


def _problem(
    state: State, params: DesignParams, *, locked: dict[int, int], pinned: dict[int, int]
) -> PartitionProblem:
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


def _locks(
    state: State,
    params: DesignParams,
    lock_retailers: Sequence[str],
    lock_areas: Sequence[str],
    pins: dict[str, str],
) -> tuple[dict[int, int], dict[int, int], dict[int, str]]:
    """Locks and pins as unit → district and district → unit, with the codes they fix."""
    index = {r: i for i, r in enumerate(state.units.ids)}
    fixed_codes: dict[int, str] = {}

    def district_of(code: str) -> int:
        if code not in state.codes:
            raise NotFound(f"area {code} not found")
        for d, c in fixed_codes.items():
            if c == code:
                return d
        if len(fixed_codes) >= params.areas:
            raise InvalidInput(f"more locked or pinned areas than the {params.areas} areas")
        d = len(fixed_codes)
        fixed_codes[d] = code
        return d

    locked: dict[int, int] = {}
    for rid in lock_retailers:
        if rid not in index:
            raise NotFound(f"retailer {rid} not found")
        code = state.area[index[rid]]
        if code is None:
            raise InvalidInput(f"retailer {rid} has no area to be locked in")
        locked[index[rid]] = district_of(code)
    for code in lock_areas:
        d = district_of(code)
        for i, a in enumerate(state.area):
            if a == code:
                locked[i] = d
    pinned = {}
    for code, rid in pins.items():
        if rid not in index:
            raise NotFound(f"retailer {rid} not found (pinned centre of {code})")
        pinned[district_of(code)] = index[rid]
    return locked, pinned, fixed_codes


def _plan(
    state: State,
    labels: np.ndarray,
    params: DesignParams,
    codes: list[str],
    fixed_codes: dict[int, str],
) -> Plan:
    """Codes, zones and teams for new district labels, against the current state."""
    return build_plan(
        state.units,
        labels,
        params.areas,
        current_area=state.area,
        codes=codes,
        fixed_codes=fixed_codes,
        zones=params.zones,
        zone_tolerance=params.zone_tolerance,
        fleet=state.fleet,
        old_staffing=state.staffing,
        old_zone_of_area=state.zone_of_area,
        seed=params.seed,
    )


def _quality_report(
    state: State,
    quality: Quality,
    labels: np.ndarray,
    names: list[str],
    params: DesignParams,
    problem: PartitionProblem,
    proven: list[str],
) -> dict[str, object]:
    misses = [
        {
            "measure": m.measure,
            "area": names[m.district],
            "deviation": round(m.deviation, 4),
            "tolerance": m.tolerance,
        }
        for m in quality.misses
    ]
    return {
        "areas": params.areas,
        "zones": params.zones,
        "balance": {m: round(quality.balance[m], 4) for m in MEASURES},
        "tolerance": dict(params.tolerance),
        "feasible": quality.feasible,
        "misses": misses,
        "proven": proven,
        "contiguous": quality.contiguous,
        "compactness_km": round(quality.compactness, 3),
        "area_table": area_table(state.units, labels, names, quality, problem.names),
    }


def _finish(
    store: GraphStore,
    state: State,
    plan: Plan,
    report: dict[str, object],
    kind: str,
    dry_run: bool,
    moved: list[int],
) -> dict[str, object]:
    units = state.units
    report |= plan.report
    report["moved"] = len(moved)
    report["moved_fraction"] = round(len(moved) / len(units.ids), 4)
    report["staff_changes"] = [c.__dict__ for c in plan.changes]
    report["team_loads"] = team_loads(
        plan.staffing,
        {u: (plan.area_of[u], float(v)) for u, v in zip(units.ids, units.visits)},
        plan.zone_of_area,
    )
    report["applied"] = False
    if not dry_run:
        apply_plan(store, state, plan, kind, report)
        report["applied"] = True
    return report


def design_territory(
    store: GraphStore,
    params: DesignParams,
    *,
    dry_run: bool = False,
    lock_retailers: Sequence[str] = (),
    lock_areas: Sequence[str] = (),
    pins: dict[str, str] | None = None,
    progress: Progress | None = None,
) -> dict[str, object]:
    """Redraw the areas and zones from scratch (see `territory.design`)."""
    start = time.perf_counter()
    state = read_state(store, params)
    locked, pinned, fixed_codes = _locks(state, params, lock_retailers, lock_areas, pins or {})
    problem = _problem(state, params, locked=locked, pinned=pinned)
    part = design_partition(
        problem,
        seed=params.seed,
        rounds=params.rounds,
        passes=params.polish_passes,
        candidates=params.candidates,
        time_limit_s=params.time_limit_s,
        progress=progress,
    )
    plan = _plan(state, part.labels, params, state.codes, fixed_codes)
    names = _names(plan, part.labels, state.units.ids, params.areas)
    proven = proven_misses(problem, district_groups(problem), names)
    report = _quality_report(state, part.quality, part.labels, names, params, problem, proven)
    moved = [i for i, (u, a) in enumerate(zip(state.units.ids, state.area)) if plan.area_of[u] != a]
    report["rounds"] = part.rounds
    out = _finish(store, state, plan, report, "design", dry_run, moved)
    out["seconds"] = round(time.perf_counter() - start, 2)
    return out


def _names(plan: Plan, labels: np.ndarray, ids: list[str], k: int) -> list[str]:
    names = [""] * k
    for u, d in zip(ids, labels.tolist()):
        names[d] = plan.area_of[u]
    return names


def rebalance_territory(
    store: GraphStore,
    params: DesignParams,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> dict[str, object]:
    """Restore the tolerances from the current areas, moving as few retailers as possible."""
    start = time.perf_counter()
    state = read_state(store, params)
    codes = sorted({a for a in state.area if a})
    if len(codes) != params.areas:
        params = replace(params, areas=len(codes))
    unplaced = [u for u, a in zip(state.units.ids, state.area) if a is None]
    if unplaced:
        raise InvalidInput(
            f"{len(unplaced)} retailers have no area (e.g. {unplaced[0]}): "
            "import assigns new ones to the nearest area; run `crm graph check`"
        )
    current = np.array([codes.index(str(a)) for a in state.area], dtype=np.int64)
    problem = _problem(state, params, locked={}, pinned={})
    result = rebalance_partition(
        problem,
        current,
        max_moved=params.max_moved,
        seed=params.seed,
        passes=params.polish_passes,
        time_limit_s=params.time_limit_s,
    )
    if progress:
        progress("rebalance", 1, 1)
    plan = _plan(state, result.labels, params, codes, dict(enumerate(codes)))
    report = _quality_report(state, result.quality, result.labels, codes, params, problem, [])
    report["balance_before"] = {m: round(result.quality_before.balance[m], 4) for m in MEASURES}
    report["moved_lower_bound"] = result.lower_bound
    report["entering_lower_bound"] = result.entry_bound
    report["cap_reached"] = result.capped
    report["moves"] = _moves(state, result.labels, codes, result.quality_before, problem)
    out = _finish(store, state, plan, report, "rebalance", dry_run, result.moved)
    out["seconds"] = round(time.perf_counter() - start, 2)
    return out


def _moves(
    state: State, labels: np.ndarray, codes: list[str], before: Quality, problem: PartitionProblem
) -> list[dict[str, str]]:
    """Each move with its reason: the source area's breached measures, or the chain it
    carries load along."""
    breached: dict[str, list[str]] = defaultdict(list)
    for m in before.misses:
        side = "over" if m.deviation > 0 else "under"
        breached[codes[m.district]].append(f"{m.measure} {side} by {abs(m.deviation):.1%}")
    out = []
    for i, (u, a) in enumerate(zip(state.units.ids, state.area)):
        new = codes[labels[i]]
        if new != a:
            why = breached.get(str(a)) or breached.get(new)
            reason = (
                f"{a}: {', '.join(breached[str(a)])}"
                if str(a) in breached
                else f"{new}: {', '.join(why)}"
                if why
                else "passes load on between areas"
            )
            out.append({"retailer": u, "from": str(a), "to": new, "reason": reason})
    return out


def apply_plan(
    store: GraphStore, state: State, plan: Plan, kind: str, report: dict[str, object]
) -> None:
    """Write the new areas, zones, adjacency and teams in one transaction, and keep the
    previous assignment as a `TerritoryPlan` record."""
    ids = state.units.ids
    at = datetime.now().isoformat(timespec="seconds")
    previous = {u: a for u, a in zip(ids, state.area)}
    record = TerritoryPlan(
        f"{kind}-{at}",
        at,
        kind,
        json.dumps({k: report[k] for k in ("balance", "feasible", "moved")}, ensure_ascii=False),
        json.dumps({"area": previous, "zone_of_area": state.zone_of_area}, ensure_ascii=False),
    )
    s = plan.staffing
    staff_rows = store.read(Query.STAFF_LIST)
    with store.transaction():
        store.write(Query.UPSERT_TERRITORY_PLANS, [as_row(record)])
        store.write(Query.SET_RETAILER_AREAS, [{"src": u, "dst": plan.area_of[u]} for u in ids])
        store.write(
            Query.SET_RETAILER_ZONES,
            [{"src": u, "dst": plan.zone_of_area[plan.area_of[u]]} for u in ids],
        )
        store.write(
            Query.SET_AREA_ZONES, [{"src": a, "dst": z} for a, z in plan.zone_of_area.items()]
        )
        store.write(Query.UNLINK_ADJACENT_AREAS, [{"src": a} for a in plan.zone_of_area])
        store.write(
            Query.LINK_ADJACENT_AREAS,
            [{"src": a, "dst": b, "links": n} for (a, b), n in plan.area_adjacency.items()],
        )
        known = {str(r["employee_no"]) for r in staff_rows}
        store.write(
            Query.UPSERT_STAFF,
            [
                {"employee_no": p, "name": f"待招聘 {p}", "phone": "", "role": r.value}
                for p, r in s.roles.items()
                if p not in known
            ],
        )
        store.write(Query.UNLINK_TEAM_MEMBERS, [{"src": r["employee_no"]} for r in staff_rows])
        store.write(Query.UNLINK_AREA_LEADS, [{"src": r["employee_no"]} for r in staff_rows])
        store.write(
            Query.LINK_TEAM_MEMBERS,
            [{"src": p, "dst": a, "role": r.value} for p, a, r in s.members],
        )
        store.write(Query.LINK_AREA_LEADS, [{"src": p, "dst": a} for a, p in s.leads.items()])
        store.write(
            Query.SET_RETAILER_MANAGERS, [{"src": r, "dst": m} for r, m in s.manager_of.items()]
        )
        store.write(
            Query.SET_RETAILER_AGENTS, [{"src": r, "dst": a} for r, a in s.agent_of.items()]
        )
