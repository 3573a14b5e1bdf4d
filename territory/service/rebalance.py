"""Territory rebalancing on the graph: from the current areas, restore the tolerances moving
as few retailers as possible (pure), report each move's reason, and unless it is a dry run
apply the plan in one transaction, recording it in the plans' history."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from graph.errors import InvalidInput
from graph.principal import AccountRole, Principal
from graph.progress import Progress
from graph.session import Session
from territory.bounds import proven_misses
from territory.design_params import MEASURES, DesignParams
from territory.districts import district_groups
from territory.metrics import Quality
from territory.rebalance.partition import rebalance_partition
from territory.service.locks import fixed_units, locks_in_force
from territory.service.outcome import conclude, draft_plan, quality_figures
from territory.service.plan_records import current_locks
from territory.service.results import Move, RebalanceResult, RebalanceSearch, fields_of
from territory.service.state import State, partition_problem, read_state


def rebalance_territory(
    session: Session,
    principal: Principal,
    params: DesignParams,
    *,
    dry_run: bool = False,
    lock_retailers: Sequence[str] = (),
    lock_areas: Sequence[str] = (),
    unlock: Sequence[str] = (),
    progress: Progress | None = None,
) -> RebalanceResult:
    """Restore the tolerances from the current areas, moving at most `params.max_moved` of
    the retailers and as few as possible (see `territory.rebalance`), never a locked one:
    the current plan's locks with `lock_retailers` and `lock_areas` added and `unlock`
    (retailer ids or area codes) lifted (see `territory.service.locks`).

    Raises `Forbidden` unless the principal is a planner, `NotFound` for an unknown retailer
    or area, `InvalidInput` when a retailer has no area or a lifted lock is not in force.
    """
    principal.require(AccountRole.PLANNER, to="rebalance the territory")
    start = time.perf_counter()
    state = read_state(session, params)
    codes = sorted({a for a in state.area if a})
    if len(codes) != params.areas:
        params = replace(params, areas=len(codes))
    unplaced = [u for u, a in zip(state.units.ids, state.area) if a is None]
    if unplaced:
        raise InvalidInput(
            f"{len(unplaced)} retailers have no area (e.g. {unplaced[0]}): give each an area "
            "first (an import assigns new retailers to the nearest area; the graph's "
            "integrity check lists the rest)"
        )
    current = np.array([codes.index(str(a)) for a in state.area], dtype=np.int64)
    locks = locks_in_force(current_locks(session), state, lock_retailers, lock_areas, unlock)
    locked, pinned = fixed_units(locks, state, codes)
    problem = partition_problem(state, params, locked=locked, pinned=pinned)
    with session.released():  # other processes may read while this computes
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
    plan = draft_plan(state, result.labels, params, codes, dict(enumerate(codes)))
    proven = proven_misses(problem, district_groups(problem), codes)
    quality = quality_figures(state, result.quality, result.labels, codes, params, problem, proven)
    search = RebalanceSearch(
        balance_before={m: round(result.quality_before.balance[m], 4) for m in MEASURES},
        moved_lower_bound=result.lower_bound,
        leaving_lower_bound=result.bounds.leaving,
        entering_lower_bound=result.bounds.entering,
        relaxed_lower_bound=result.relaxed,
        fewest_proved=result.optimal,
        cap_reached=result.capped,
        moves=_moves(state, result.labels, codes, result.quality_before, set(result.reconnected)),
        locks=locks,
    )
    figures = conclude(
        session,
        state,
        plan,
        quality,
        by=principal.user,
        kind="rebalance",
        dry_run=dry_run,
        moved=len(result.moved),
        start=start,
        locks=locks,
    )
    return RebalanceResult(**fields_of(quality), **fields_of(search), **fields_of(figures))


def _moves(
    state: State,
    labels: NDArray[np.int64],
    codes: list[str],
    before: Quality,
    reconnected: set[int],
) -> tuple[Move, ...]:
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
            out.append(Move(u, str(a), new, reason))
    return tuple(out)
