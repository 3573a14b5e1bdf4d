"""Territory design on the graph: read the current state, redraw the areas and zones (pure),
report, and unless it is a dry run apply the plan in one transaction, recording it in the
plans' history."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from graph.errors import InvalidInput, NotFound
from graph.principal import AccountRole, Principal
from graph.progress import Progress
from graph.session import Session
from territory.bounds import proven_misses
from territory.design import Partition, design_partition
from territory.design_params import DesignParams
from territory.districts import district_groups
from territory.plan import Plan
from territory.problem import PartitionProblem
from territory.service.outcome import conclude, draft_plan, quality_figures
from territory.service.plan_records import Locks
from territory.service.results import DesignResult, fields_of
from territory.service.state import State, partition_problem, read_state


@dataclass(frozen=True)
class DesignJob:
    """A design read from the graph, ready for its engine (`run_design`)."""

    state: State
    problem: PartitionProblem
    params: DesignParams
    fixed_codes: dict[int, str]
    locks: Locks
    start: float
    """The `time.perf_counter()` the work began at."""


def design_territory(
    session: Session,
    principal: Principal,
    params: DesignParams,
    *,
    dry_run: bool = False,
    lock_retailers: Sequence[str] = (),
    lock_areas: Sequence[str] = (),
    pins: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> DesignResult:
    """Redraw the areas and zones from scratch (see `territory.design`), keeping the
    `lock_retailers` in their areas and the `lock_areas` whole, and centring each area of
    `pins` (area code → retailer id) on its retailer.

    Raises `Forbidden` unless the principal is a planner, `NotFound` for an unknown area or
    retailer, `InvalidInput` for more locked or pinned areas than `params.areas`.
    """
    job = prepare_design(
        session, principal, params, lock_retailers=lock_retailers, lock_areas=lock_areas, pins=pins
    )
    with session.released():  # other processes may read while this computes
        part = run_design(job.problem, params, progress)
    return finish_design(session, principal, job, part, dry_run=dry_run)


def prepare_design(
    session: Session,
    principal: Principal,
    params: DesignParams,
    *,
    lock_retailers: Sequence[str] = (),
    lock_areas: Sequence[str] = (),
    pins: Mapping[str, str] | None = None,
) -> DesignJob:
    """Read what a design needs (the first stage of `design_territory`, same errors)."""
    principal.require(AccountRole.PLANNER, to="design the territory")
    start = time.perf_counter()
    state = read_state(session, params)
    params.check_retailers(len(state.units.ids))
    locked, pinned, fixed_codes = _locks(state, params, lock_retailers, lock_areas, pins or {})
    problem = partition_problem(state, params, locked=locked, pinned=pinned)
    locks = Locks(tuple(lock_retailers), tuple(lock_areas), dict(pins or {}))
    return DesignJob(state, problem, params, fixed_codes, locks, start)


def run_design(
    problem: PartitionProblem, params: DesignParams, progress: Progress | None = None
) -> Partition:
    """The design's engine on plain data (picklable both ways: it may run in a worker)."""
    return design_partition(
        problem,
        seed=params.seed,
        rounds=params.rounds,
        passes=params.polish_passes,
        candidates=params.candidates,
        time_limit_s=params.time_limit_s,
        progress=progress,
    )


def finish_design(
    session: Session, principal: Principal, job: DesignJob, part: Partition, *, dry_run: bool
) -> DesignResult:
    """Report the engine's partition and, unless `dry_run`, apply it in one transaction."""
    principal.require(AccountRole.PLANNER, to="design the territory")
    state, params = job.state, job.params
    plan = draft_plan(state, part.labels, params, state.codes, job.fixed_codes)
    names = _names(plan, part.labels, state.units.ids, params.areas)
    proven = proven_misses(job.problem, district_groups(job.problem), names)
    quality = quality_figures(state, part.quality, part.labels, names, params, job.problem, proven)
    moved = sum(1 for u, a in zip(state.units.ids, state.area) if plan.area_of[u] != a)
    figures = conclude(
        session,
        state,
        plan,
        quality,
        by=principal.user,
        kind="design",
        dry_run=dry_run,
        moved=moved,
        start=job.start,
        locks=job.locks,
    )
    return DesignResult(
        **fields_of(quality), rounds=part.rounds, settled=part.settled, **fields_of(figures)
    )


def _names(plan: Plan, labels: NDArray[np.int64], ids: list[str], k: int) -> list[str]:
    """The area code of each district."""
    names = [""] * k
    for u, d in zip(ids, labels.tolist()):
        names[d] = plan.area_of[u]
    return names


def _locks(
    state: State,
    params: DesignParams,
    lock_retailers: Sequence[str],
    lock_areas: Sequence[str],
    pins: Mapping[str, str],
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
