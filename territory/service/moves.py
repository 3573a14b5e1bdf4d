"""Moving named retailers to other areas by hand (or applying a rebalance's moves): every
touched area's balance before and after against the city mean, whether each still hangs
together on the contiguity graph, and unless it is a dry run the moves applied as a plan
(teams derived again, zones kept: a retailer takes the zone of its new area).

A preview reads the retailers' measures and areas once and triangulates their positions
(`territory.adjacency.contiguity_edges`); it runs no engine, so it answers in a fraction of
a second on the city.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from graph.errors import Conflict, InvalidInput
from graph.gc_pause import paused_gc
from graph.principal import AccountRole, Principal
from graph.progress import Progress
from graph.queries import Query
from graph.session import Session
from territory.adjacency import contiguity_edges
from territory.design_params import DesignParams
from territory.plan import assigned_plan
from territory.service.apply import apply_plan
from territory.service.changes import AreaChange, RetailerMove, area_changes, retailer_moves
from territory.service.measures import Measured, area_figures, assess, broken_areas, read_measured
from territory.service.state import read_state

MOVE_KINDS = ("manual", "rebalance")
"""What moves applied here are recorded as: picked by hand, or a rebalance's dry run."""


@dataclass(frozen=True)
class MoveResult:
    """The moves (recorded as a plan of `kind` when applied), each touched area before and
    after, the city mean after per measure and the default tolerances, whether every touched
    area hangs together after the moves (those that do not: `broken_areas`, a warning, not a
    refusal), whether it was written and the plan recorded."""

    kind: str
    moves: tuple[RetailerMove, ...]
    areas: tuple[AreaChange, ...]
    mean: dict[str, float]
    tolerance: dict[str, float]
    contiguous: bool
    broken_areas: tuple[str, ...]
    broken_before: tuple[str, ...]
    """The touched areas that were in pieces before the moves already."""
    applied: bool
    plan_id: str | None


def move_retailers(
    session: Session,
    principal: Principal,
    moves: Sequence[tuple[str, str]],
    *,
    dry_run: bool = True,
    kind: str = "manual",
    expected: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> MoveResult:
    """Move each (retailer, area) of `moves` to that area: report, and unless `dry_run`
    apply. `expected` (retailer → area) names where retailers should be now, as when a
    rebalance's dry run proposed the moves.

    Raises `Forbidden` unless the principal is a planner, `InvalidInput` naming every unknown
    retailer and area (or a retailer sent to two areas, or an area left empty), `Conflict`
    when a retailer is no longer where `expected` says."""
    principal.require(AccountRole.PLANNER, to="move retailers between areas")
    if kind not in MOVE_KINDS:
        raise InvalidInput(f"kind {kind!r}: use {' or '.join(MOVE_KINDS)}")
    if not moves:
        raise InvalidInput("name at least one retailer to move")
    params = DesignParams()
    with paused_gc():  # many small objects, none in cycles: a third faster
        measured = read_measured(session, params)
        codes = {str(a["code"]) for a in session.read(Query.AREA_LIST)}
        after = _after(measured, codes, moves, expected or {})
        before_figures = area_figures(measured.measures, measured.area)
        after_figures = area_figures(measured.measures, after)
        moved = retailer_moves(measured.ids, measured.names, measured.area, after)
        touched = {a for m in moved for a in (m.from_, m.to) if a is not None}
        edges = _edges(session, measured, after, touched)
        broken = broken_areas(after, edges, touched)
        broken_before = broken_areas(measured.area, edges, touched)
    if progress:
        progress("preview", 1, 1)
    plan_id = None
    if not dry_run:
        if not moved:
            raise InvalidInput("none of the retailers changes area: nothing to apply")
        plan_id = _apply(session, principal, {m.retailer: str(m.to) for m in moved}, kind)
        if progress:
            progress("apply", 1, 1)
    return MoveResult(
        kind=kind,
        moves=moved,
        areas=area_changes(before_figures, after_figures, touched),
        mean=after_figures.mean,
        tolerance=dict(params.tolerance),
        contiguous=not broken,
        broken_areas=tuple(broken),
        broken_before=tuple(broken_before),
        applied=not dry_run,
        plan_id=plan_id,
    )


def _after(
    measured: Measured,
    codes: set[str],
    moves: Sequence[tuple[str, str]],
    expected: Mapping[str, str],
) -> list[str | None]:
    """Each retailer's area once the moves are made, every move checked first."""
    target = _targets(measured, codes, moves)
    _check_expected(measured, expected)
    after = list(measured.area)
    for i, code in target.items():
        after[i] = code
    _check_not_emptied(measured.area, after)
    return after


def _targets(
    measured: Measured, codes: set[str], moves: Sequence[tuple[str, str]]
) -> dict[int, str]:
    """Each moving retailer's index and new area, every unknown one refused at once."""
    index = measured.index()
    unknown = sorted({r for r, _ in moves if r not in index})
    areas = sorted({a for _, a in moves if a not in codes})
    twice = sorted(r for r, n in Counter(r for r, _ in set(moves)).items() if n > 1)
    problems = [
        f"{what}: {', '.join(names[:10])}"
        + (f" and {len(names) - 10} more" if len(names) > 10 else "")
        for what, names in (
            ("unknown retailers", unknown),
            ("unknown areas", areas),
            ("retailers sent to two areas", twice),
        )
        if names
    ]
    if problems:
        raise InvalidInput(
            "; ".join(problems),
            details={"unknown_retailers": unknown, "unknown_areas": areas, "twice": twice},
        )
    return {index[r]: a for r, a in moves}


def _check_expected(measured: Measured, expected: Mapping[str, str]) -> None:
    index = measured.index()
    stale = {
        r: measured.area[index[r]]
        for r, a in sorted(expected.items())
        if r in index and measured.area[index[r]] != a
    }
    if stale:
        first = next(iter(stale))
        raise Conflict(
            f"{len(stale)} retailers are no longer where the moves expect them (e.g. {first}: "
            f"expected in {expected[first]}, now in {stale[first] or 'no area'}): preview again",
            details={
                "moved_since": {r: {"expected": expected[r], "now": a} for r, a in stale.items()}
            },
        )


def _check_not_emptied(before: Sequence[str | None], after: Sequence[str | None]) -> None:
    emptied = sorted({a for a in before if a is not None} - {a for a in after if a is not None})
    if emptied:
        raise InvalidInput(
            f"the moves would leave area {', '.join(emptied)} without retailers: keep some "
            "there, or design the territory with fewer areas",
            details={"emptied": emptied},
        )


def _edges(
    session: Session, measured: Measured, after: Sequence[str | None], touched: set[str]
) -> list[tuple[int, int, float]]:
    """The edges between retailers of the touched areas (before or `after` the moves) on the
    contiguity graph the engines use: the triangulation of every retailer, plus the stored
    edges of the plan in force. No other edge bears on whether these areas hang together."""
    if not touched:
        return []
    inside = np.array(
        [a in touched or b in touched for a, b in zip(measured.area, after)], dtype=bool
    )
    drawn = _drawn_pairs(measured.xy.tobytes())
    drawn = drawn[inside[drawn[:, 0]] & inside[drawn[:, 1]]]
    index = measured.index()
    kept = [
        (index[str(e["a"])], index[str(e["b"])])
        for e in session.read(Query.NEIGHBOURS_IN_AREAS, areas=sorted(touched))
    ]
    return [(a, b, 0.0) for a, b in [*drawn.tolist(), *kept]]


@lru_cache(maxsize=2)
def _drawn_pairs(xy: bytes) -> NDArray[np.int64]:
    """The triangulation's edges between retailers at planar positions `xy` (an (n, 2) array's
    bytes), kept for the next preview: positions rarely change, and the triangulation takes
    half of a preview's time on the city."""
    return contiguity_edges(np.frombuffer(xy).reshape(-1, 2)).pairs


def _apply(session: Session, principal: Principal, moves: dict[str, str], kind: str) -> str:
    """Apply the moves through the plan path (teams derived again, zones kept); the plan's
    id. Raises `InvalidInput` when other retailers have no area, or an area no zone."""
    params = DesignParams()
    state = read_state(session, params)
    area = [moves.get(u, a) for u, a in zip(state.units.ids, state.area)]
    unplaced = [u for u, a in zip(state.units.ids, area) if a is None]
    if unplaced:
        raise InvalidInput(
            f"{len(unplaced)} retailers have no area (e.g. {unplaced[0]}): move them into one "
            "too, or give each an area first",
            details={"unplaced": unplaced},
        )
    placed = [str(a) for a in area]
    zoneless = sorted(set(placed) - set(state.zone_of_area))
    if zoneless:
        raise InvalidInput(
            f"area {', '.join(zoneless)} has no delivery zone: design the territory first"
        )
    plan = assigned_plan(
        state.units,
        placed,
        state.zone_of_area,
        current_area=state.area,
        fleet=state.fleet,
        old_staffing=state.staffing,
    )
    balance, feasible = assess(state.units.measures, placed, state.units.edges, params.tolerance)
    return apply_plan(
        session,
        principal.user,
        state,
        plan,
        kind=kind,
        balance=balance,
        feasible=feasible,
        moved=len(moves),
    )
