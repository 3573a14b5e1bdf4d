"""Territory design and rebalancing on the graph: read the current state, plan (pure), report,
and unless it is a dry run apply the plan in one transaction, keeping the old assignment."""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from graph.errors import InvalidInput, NotFound
from graph.store import GraphStore
from territory.bounds import proven_misses
from territory.design import design_partition
from territory.design_params import MEASURES, DesignParams
from territory.districts import district_groups
from territory.metrics import Quality
from territory.plan import Plan, area_table, build_plan, team_loads
from territory.problem import PartitionProblem
from territory.rebalance import rebalance_partition
from territory.service.territory_apply import apply_plan
from territory.service.territory_state import State, partition_problem, read_state

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]


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
    problem = partition_problem(state, params, locked=locked, pinned=pinned)
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
    report["settled"] = part.settled
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
    problem = partition_problem(state, params, locked={}, pinned={})
    result = rebalance_partition(
        problem,
        current,
        max_moved=params.max_moved,
        seed=params.seed,
        passes=params.polish_passes,
        time_limit_s=params.rebalance_time_limit_s,
    )
    if progress:
        progress("rebalance", 1, 1)
    plan = _plan(state, result.labels, params, codes, dict(enumerate(codes)))
    report = _quality_report(state, result.quality, result.labels, codes, params, problem, [])
    report["balance_before"] = {m: round(result.quality_before.balance[m], 4) for m in MEASURES}
    report["moved_lower_bound"] = result.lower_bound
    report["leaving_lower_bound"] = result.bounds.leaving
    report["entering_lower_bound"] = result.bounds.entering
    report["relaxed_lower_bound"] = result.relaxed
    report["fewest_proved"] = result.optimal
    report["cap_reached"] = result.capped
    report["moves"] = _moves(
        state, result.labels, codes, result.quality_before, set(result.reconnected)
    )
    out = _finish(store, state, plan, report, "rebalance", dry_run, result.moved)
    out["seconds"] = round(time.perf_counter() - start, 2)
    return out


def _moves(
    state: State,
    labels: np.ndarray,
    codes: list[str],
    before: Quality,
    reconnected: set[int],
) -> list[dict[str, str]]:
    """Each move with its reason: cut off from its area, the source area's breached measures,
    or the chain it carries load along."""
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
                f"{a}: cut off from the rest of the area by the openings and closures"
                if i in reconnected
                else f"{a}: {', '.join(breached[str(a)])}"
                if str(a) in breached
                else f"{new}: {', '.join(why)}"
                if why
                else "passes load on between areas"
            )
            out.append({"retailer": u, "from": str(a), "to": new, "reason": reason})
    return out
