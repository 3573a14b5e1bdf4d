"""The history of applied territory plans: list them, show one's areas, compare two (or one
with the graph as it stands), and restore one as a new plan.

A plan's figures are those of its assignment over the retailers the graph holds NOW: a
retailer closed since is left out, one opened since is counted as in no area of that plan.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.errors import InvalidInput
from graph.page import Page, PageRequest, paginate
from graph.principal import AccountRole, Principal
from graph.progress import Progress
from graph.queries import Query
from graph.session import Session
from territory.design_params import DesignParams
from territory.plan import assigned_plan
from territory.reteam import StaffChange
from territory.service.apply import apply_plan
from territory.service.changes import AreaChange, RetailerMove, area_changes, retailer_moves
from territory.service.measures import Measured, area_figures, assess, read_measured
from territory.service.plan_records import (
    CURRENT,
    Assignment,
    PlanSummary,
    plan_heads,
    stored_plan,
)
from territory.service.results import fields_of
from territory.service.state import read_state

READ_PLANS = "read the territory plans"


@dataclass(frozen=True)
class PlanArea:
    """One area of a plan: its zone, team (employee numbers) and totals and deviations from
    the plan's mean per measure, over the retailers the graph holds now."""

    code: str
    zone: int | None
    team: tuple[str, ...]
    customers: float
    customers_deviation: float
    workload: float
    workload_deviation: float
    volume: float
    volume_deviation: float


@dataclass(frozen=True)
class PlanDetail(PlanSummary):
    """A plan with its areas; `unassigned`: retailers of the graph the plan does not hold
    (opened since), `gone`: retailers of the plan the graph no longer holds."""

    areas: tuple[PlanArea, ...]
    unassigned: int
    gone: int


@dataclass(frozen=True)
class AreaComparison:
    """An area's customers, workload and volume under plan `a` and plan `b`."""

    code: str
    customers_a: float
    customers_b: float
    workload_a: float
    workload_b: float
    volume_a: float
    volume_b: float


@dataclass(frozen=True)
class TeamChange:
    """An area whose team differs: the employee numbers under `a` (before) and `b` (after)."""

    area: str
    before: tuple[str, ...]
    after: tuple[str, ...]


@dataclass(frozen=True)
class PlanComparison:
    """Plan `a` against plan `b` (either may be ``current``): the retailers that change area,
    every area's figures under both, the teams that change."""

    a: str
    b: str
    moves: tuple[RetailerMove, ...]
    areas: tuple[AreaComparison, ...]
    teams: tuple[TeamChange, ...]


@dataclass(frozen=True)
class RestoreResult:
    """Plan `restored` applied again (as plan `plan_id`, None on a dry run): the retailers
    that change area, those it does not hold that keep their area (`kept`), every area
    touched before and after, the balance and feasibility against the default tolerances,
    the staff whose areas change, and whether it was written."""

    restored: str
    plan_id: str | None
    moved: int
    kept: int
    areas: tuple[AreaChange, ...]
    balance: dict[str, float]
    feasible: bool
    staff_changes: tuple[StaffChange, ...]
    applied: bool


def list_plans(session: Session, principal: Principal, page: PageRequest) -> Page[PlanSummary]:
    """The applied plans, newest first. Raises `Forbidden` unless a planner."""
    principal.require(AccountRole.PLANNER, to=READ_PLANS)
    return paginate([summary for _, summary in plan_heads(session)], page)


def show_plan(session: Session, principal: Principal, plan_id: str) -> PlanDetail:
    """One plan with its areas' figures. Raises `Forbidden` unless a planner, `NotFound`
    for an unknown plan."""
    principal.require(AccountRole.PLANNER, to=READ_PLANS)
    summary, assignment = stored_plan(session, plan_id)
    measured = read_measured(session, DesignParams())
    area = [assignment.area.get(u) for u in measured.ids]
    figures = area_figures(measured.measures, area)
    areas = tuple(
        PlanArea(
            code,
            assignment.zone_of_area.get(code),
            assignment.teams.get(code, ()),
            total["customers"],
            figures.deviation[code]["customers"],
            total["workload"],
            figures.deviation[code]["workload"],
            total["volume"],
            figures.deviation[code]["volume"],
        )
        for code, total in figures.totals.items()
    )
    held = set(measured.ids)
    return PlanDetail(
        **fields_of(summary),
        areas=areas,
        unassigned=area.count(None),
        gone=sum(1 for u in assignment.area if u not in held),
    )


def compare_plans(session: Session, principal: Principal, a: str, b: str) -> PlanComparison:
    """Plan `a` against plan `b` (``current``: the graph as it stands). Raises `Forbidden`
    unless a planner, `NotFound` for an unknown plan."""
    principal.require(AccountRole.PLANNER, to=READ_PLANS)
    measured = read_measured(session, DesignParams())
    first, second = _assignment(session, measured, a), _assignment(session, measured, b)
    area_a = [first.area.get(u) for u in measured.ids]
    area_b = [second.area.get(u) for u in measured.ids]
    totals_a = area_figures(measured.measures, area_a).totals
    totals_b = area_figures(measured.measures, area_b).totals
    empty = {"customers": 0.0, "workload": 0.0, "volume": 0.0}
    areas = []
    for code in sorted({*totals_a, *totals_b}):
        x, y = totals_a.get(code, empty), totals_b.get(code, empty)
        areas.append(
            AreaComparison(
                code,
                x["customers"],
                y["customers"],
                x["workload"],
                y["workload"],
                x["volume"],
                y["volume"],
            )
        )
    teams = tuple(
        TeamChange(code, first.teams.get(code, ()), second.teams.get(code, ()))
        for code in sorted({*first.teams, *second.teams})
        if first.teams.get(code, ()) != second.teams.get(code, ())
    )
    moves = retailer_moves(measured.ids, measured.names, area_a, area_b)
    return PlanComparison(a, b, moves, tuple(areas), teams)


def restore_plan(
    session: Session,
    principal: Principal,
    plan_id: str,
    *,
    dry_run: bool = True,
    progress: Progress | None = None,
) -> RestoreResult:
    """Apply plan `plan_id`'s areas and zones again as a new plan of kind ``restore`` (teams
    derived again, keeping people where they fit); a retailer the plan does not hold keeps
    its area. Unless `dry_run`, written in one transaction.

    Raises `Forbidden` unless a planner, `NotFound` for an unknown plan, `InvalidInput` when
    an area of the plan no longer exists or a retailer would be in no area."""
    principal.require(AccountRole.PLANNER, to="restore a territory plan")
    _, assignment = stored_plan(session, plan_id)
    params = DesignParams()
    state = read_state(session, params)
    if progress:
        progress("read", 1, 1)
    ids = state.units.ids
    area = [assignment.area.get(u, a) for u, a in zip(ids, state.area)]
    placed = _placed(plan_id, area, ids, set(state.codes))
    zones = {**state.zone_of_area, **assignment.zone_of_area}
    plan = assigned_plan(
        state.units,
        placed,
        zones,
        current_area=state.area,
        fleet=state.fleet,
        old_staffing=state.staffing,
    )
    balance, feasible = assess(state.units.measures, placed, state.units.edges, params.tolerance)
    moved = sum(1 for a, b in zip(state.area, placed) if a != b)
    new_id = None
    if not dry_run:
        new_id = apply_plan(
            session,
            principal.user,
            state,
            plan,
            kind="restore",
            balance=balance,
            feasible=feasible,
            moved=moved,
        )
    if progress:
        progress("restore", 1, 1)
    touched = {a for x, y in zip(state.area, placed) if x != y for a in (x, y) if a}
    return RestoreResult(
        restored=plan_id,
        plan_id=new_id,
        moved=moved,
        kept=sum(1 for u in ids if u not in assignment.area),
        areas=area_changes(
            area_figures(state.units.measures, state.area),
            area_figures(state.units.measures, placed),
            touched,
        ),
        balance=balance,
        feasible=feasible,
        staff_changes=tuple(plan.changes),
        applied=not dry_run,
    )


def _assignment(session: Session, measured: Measured, plan_id: str) -> Assignment:
    """A stored plan's assignment, or the graph's as it stands for ``current``."""
    if plan_id != CURRENT:
        return stored_plan(session, plan_id)[1]
    zones = {str(r["code"]): r["zone"] for r in session.read(Query.AREA_LIST)}
    teams: dict[str, set[str]] = {}
    for edge in session.read(Query.TEAM_EDGES):
        teams.setdefault(str(edge["area"]), set()).add(str(edge["staff"]))
    return Assignment(
        {u: a for u, a in zip(measured.ids, measured.area) if a is not None},
        {a: int(z) for a, z in zones.items() if z is not None},
        {a: tuple(sorted(p)) for a, p in teams.items()},
    )


def _placed(plan_id: str, area: list[str | None], ids: list[str], codes: set[str]) -> list[str]:
    """The restored areas, every retailer in one that exists."""
    unplaced = [u for u, a in zip(ids, area) if a is None]
    if unplaced:
        raise InvalidInput(
            f"{len(unplaced)} retailers are in no area of plan {plan_id} nor now "
            f"(e.g. {unplaced[0]}): give each an area first",
            details={"unplaced": unplaced},
        )
    missing = sorted({str(a) for a in area} - codes)
    if missing:
        raise InvalidInput(
            f"plan {plan_id} has area {', '.join(missing)}, which the graph no longer holds"
        )
    return [str(a) for a in area]
