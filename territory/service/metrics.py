"""Each area's figures as the territory engines measure them: customers, workload and volume
with their deviations from the city mean, compactness, and the team per role with each
person's load."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from graph.errors import InvalidInput
from graph.layout_cache import LayoutCache
from graph.model import Role
from graph.principal import AccountRole, Principal
from graph.queries import Query
from graph.service.loads import Load, read_loads
from graph.service.scope import AREA_READERS
from graph.session import Session
from territory.area_report import AreaRow, TeamLoad, area_table, team_loads
from territory.design_params import MEASURES, DesignParams
from territory.metrics import Quality, evaluate
from territory.service.state import State, partition_problem, read_state


@dataclass(frozen=True)
class MemberLoad:
    """One team member of an area and their load (over all their areas)."""

    employee_no: str
    name: str
    role: str
    role_zh: str
    lead: bool
    load: Load


@dataclass(frozen=True)
class AreaMetrics:
    """An area's totals and relative deviations from the mean of all areas (0.1 = 10% above):
    customers (retailers), workload (visiting minutes a week), volume (cases a month); the
    city's mean (`mean`, over every area whoever asks) and the default tolerance
    (`tolerance`) per measure; its compactness (km); its team per role with the load per
    person (`team`) and, for all but a viewer, each member with their own load (`members`)."""

    code: str
    name: str
    name_en: str
    zone: int | None
    customers: float
    customers_deviation: float
    workload: float
    workload_deviation: float
    volume: float
    volume_deviation: float
    mean: dict[str, float]
    tolerance: dict[str, float]
    compactness_km: float
    team: tuple[TeamLoad, ...]
    members: tuple[MemberLoad, ...]


def current_labels(state: State) -> tuple[list[str], NDArray[np.int64]]:
    """The codes of the areas that hold retailers and each retailer's index among them.

    Raises `InvalidInput` when a retailer has no area (the integrity check lists them)."""
    unplaced = [u for u, a in zip(state.units.ids, state.area) if a is None]
    if unplaced:
        raise InvalidInput(
            f"{len(unplaced)} retailers have no area (e.g. {unplaced[0]}): give each an area "
            "first (the graph's integrity check lists them)"
        )
    codes = sorted({str(a) for a in state.area})
    index = {c: i for i, c in enumerate(codes)}
    return codes, np.array([index[str(a)] for a in state.area], dtype=np.int64)


def area_rows(
    state: State, labels: NDArray[np.int64], codes: list[str], params: DesignParams
) -> tuple[list[AreaRow], Quality]:
    """The areas `codes` drawn by `labels` as `territory.area_report` tabulates them, and
    their quality (totals, misses against the tolerances, contiguity)."""
    problem = partition_problem(state, replace(params, areas=len(codes)), locked={}, pinned={})
    quality = evaluate(problem, labels)
    return area_table(state.units, labels, codes, quality, problem.names), quality


def area_metrics(
    session: Session,
    principal: Principal,
    *,
    cache: LayoutCache | None = None,
    version: int | None = None,
) -> tuple[AreaMetrics, ...]:
    """The figures of every area in the principal's scope (a viewer sees every area's, without
    names: the team per role only), by code; deviations are against the whole city's mean.
    With the store's change counter `version` (read before this call) the city's figures are
    kept in `cache` and later calls only pick the principal's areas.

    Raises `Forbidden` for a retailer, `InvalidInput` when a retailer has no area."""
    principal.require(*AREA_READERS, AccountRole.VIEWER, to="read the areas' figures")
    if cache is None:
        kept = _city_metrics(session)
    else:
        kept = cache.answer(("area-metrics",), version, lambda: _city_metrics(session))
    viewer = principal.role is AccountRole.VIEWER
    return tuple(
        replace(m, members=()) if viewer else m for m in kept if principal.sees_area(m.code)
    )


def _city_metrics(session: Session) -> tuple[AreaMetrics, ...]:
    """Every area's figures, with every member's load."""
    params = DesignParams()
    state = read_state(session, params)
    codes, labels = current_labels(state)
    rows, _ = area_rows(state, labels, codes, params)
    teams: list[TeamLoad] = []
    if state.staffing is not None:
        area_of = [codes[i] for i in labels.tolist()]
        served = {u: (a, float(v)) for u, a, v in zip(state.units.ids, area_of, state.units.visits)}
        teams = team_loads(state.staffing, served, state.zone_of_area)
    members = _members(session, state)
    heads = {str(a["code"]): a for a in session.read(Query.AREA_LIST)}
    mean = {m: round(sum(getattr(r, m) for r in rows) / len(rows), 2) for m in MEASURES}
    return tuple(
        AreaMetrics(
            code=row.area,
            name=str(heads[row.area]["name"]),
            name_en=str(heads[row.area]["name_en"]),
            zone=state.zone_of_area.get(row.area),
            customers=row.customers,
            customers_deviation=row.customers_deviation,
            workload=row.workload,
            workload_deviation=row.workload_deviation,
            volume=row.volume,
            volume_deviation=row.volume_deviation,
            mean=mean,
            tolerance=dict(params.tolerance),
            compactness_km=row.compactness_km,
            team=tuple(t for t in teams if t.area == row.area),
            members=members.get(row.area, ()),
        )
        for row in rows
    )


def _members(session: Session, state: State) -> dict[str, tuple[MemberLoad, ...]]:
    """Each area's members in role order (agent, manager, inspector, driver), then number."""
    if state.staffing is None:
        return {}
    names = {str(s["employee_no"]): str(s["name"]) for s in session.read(Query.STAFF_LIST)}
    loads = read_loads(session)
    order = list(Role)
    out: dict[str, list[MemberLoad]] = {}
    for staff, area, role in sorted(
        state.staffing.members, key=lambda m: (m[1], order.index(m[2]), m[0])
    ):
        out.setdefault(area, []).append(
            MemberLoad(
                staff,
                names.get(staff, ""),
                role.value,
                role.label_zh,
                state.staffing.leads.get(area) == staff,
                loads[staff],
            )
        )
    return {a: tuple(m) for a, m in out.items()}
