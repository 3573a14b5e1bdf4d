"""What design and rebalancing share once the districts are drawn: the plan (codes, zones,
teams), its quality figures, and reporting it (and, unless a dry run, applying it)."""

from __future__ import annotations

import time

import numpy as np
from numpy.typing import NDArray

from graph.session import Session
from territory.area_report import area_table, team_loads
from territory.design_params import MEASURES, DesignParams
from territory.metrics import Quality
from territory.plan import Plan, build_plan
from territory.problem import PartitionProblem
from territory.service.apply import apply_plan
from territory.service.plan_records import Locks
from territory.service.results import AreaMiss, PlanFigures, QualityFigures
from territory.service.state import State


def draft_plan(
    state: State,
    labels: NDArray[np.int64],
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


def quality_figures(
    state: State,
    quality: Quality,
    labels: NDArray[np.int64],
    names: list[str],
    params: DesignParams,
    problem: PartitionProblem,
    proven: list[str],
) -> QualityFigures:
    """The quality of district `labels` whose areas are `names`, rounded for the report."""
    misses = tuple(
        AreaMiss(m.measure, names[m.district], round(m.deviation, 4), m.tolerance)
        for m in quality.misses
    )
    return QualityFigures(
        areas=params.areas,
        zones=params.zones,
        balance={m: round(quality.balance[m], 4) for m in MEASURES},
        tolerance=dict(params.tolerance),
        feasible=quality.feasible,
        misses=misses,
        proven=tuple(proven),
        contiguous=quality.contiguous,
        compactness_km=round(quality.compactness, 3),
        area_table=tuple(area_table(state.units, labels, names, quality, problem.names)),
    )


def conclude(
    session: Session,
    state: State,
    plan: Plan,
    quality: QualityFigures,
    *,
    by: str,
    kind: str,
    dry_run: bool,
    moved: int,
    start: float,
    locks: Locks,
) -> PlanFigures:
    """Apply the plan of `kind` unless `dry_run` (recorded as applied `by` someone, with the
    `locks` in force), and report its zones, teams and moves; `start` is the
    `time.perf_counter()` the work began at."""
    units = state.units
    plan_id = None
    if not dry_run:
        plan_id = apply_plan(
            session,
            by,
            state,
            plan,
            kind=kind,
            balance=quality.balance,
            feasible=quality.feasible,
            moved=moved,
            locks=locks,
        )
    loads = team_loads(
        plan.staffing,
        {u: (plan.area_of[u], float(v)) for u, v in zip(units.ids, units.visits)},
        plan.zone_of_area,
    )
    return PlanFigures(
        zone_balance=plan.zone_balance,
        zones_contiguous=plan.zones_contiguous,
        zones_proved=plan.zones_proved,
        zone_days=tuple(plan.zone_days),
        moved=moved,
        moved_fraction=round(moved / len(units.ids), 4),
        staff_changes=tuple(plan.changes),
        team_loads=tuple(loads),
        applied=not dry_run,
        plan_id=plan_id,
        seconds=round(time.perf_counter() - start, 2),
    )
