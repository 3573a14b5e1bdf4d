"""What territory design and rebalancing return: frozen dataclasses whose fields, in order, are
the keys of `crm territory design --json` and `crm territory rebalance --json`.

A result's fields come in three parts: the quality of the areas (`QualityFigures`), the figures
of the search that drew them (`DesignSearch`, `RebalanceSearch`) and the plan's zones, teams
and moves (`PlanFigures`).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field

from graph.errors import Infeasible
from territory.area_report import AreaRow, TeamLoad
from territory.plan import ZoneDay
from territory.reteam import StaffChange
from territory.service.plan_records import Locks

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


@dataclass(frozen=True)
class AreaMiss:
    """An area whose measure is outside its tolerance (deviation relative to the mean)."""

    measure: str
    area: str
    deviation: float
    tolerance: float


@dataclass(frozen=True)
class Move:
    """A retailer that changes area (`from_`: serialised as "from"), and why."""

    retailer: str
    from_: Annotated[str, Field(alias="from")]
    to: str
    reason: str


@dataclass(frozen=True)
class QualityFigures:
    """The areas' balance per measure against the tolerances, contiguity and compactness."""

    areas: int
    zones: int
    balance: dict[str, float]
    """Largest relative deviation from the mean per measure (0.05 = 5%)."""
    tolerance: dict[str, float]
    feasible: bool
    misses: tuple[AreaMiss, ...]
    proven: tuple[str, ...]
    """Misses no plan can avoid (e.g. a district's units cannot reach the band)."""
    contiguous: bool
    compactness_km: float
    area_table: tuple[AreaRow, ...]


@dataclass(frozen=True)
class DesignSearch:
    """How the design's location–allocation search ran."""

    rounds: int
    settled: int


@dataclass(frozen=True)
class RebalanceSearch:
    """The balance before, the lower bounds on the retailers that must move, and the moves."""

    balance_before: dict[str, float]
    moved_lower_bound: int
    leaving_lower_bound: int
    entering_lower_bound: int
    relaxed_lower_bound: int
    fewest_proved: bool
    """Whether the moves are proved the fewest (within the solver's gap) among the border
    moves tried."""
    cap_reached: bool
    """Whether the share of retailers that may move ran out."""
    moves: tuple[Move, ...]
    locks: Locks
    """The locks in force: kept by the moves and stored with the plan."""


@dataclass(frozen=True)
class PlanFigures:
    """The plan's zones against the fleet, the retailers moved, the teams, and whether it
    was written."""

    zone_balance: dict[str, float]
    zones_contiguous: bool
    zones_proved: bool
    zone_days: tuple[ZoneDay, ...]
    moved: int
    moved_fraction: float
    staff_changes: tuple[StaffChange, ...]
    team_loads: tuple[TeamLoad, ...]
    applied: bool
    plan_id: str | None
    """The plan recorded in the territory's history (None: a dry run)."""
    seconds: float


@dataclass(frozen=True)
class DesignResult(PlanFigures, DesignSearch, QualityFigures):
    """Areas and zones redrawn from scratch (fields: quality, search, plan)."""


@dataclass(frozen=True)
class RebalanceResult(PlanFigures, RebalanceSearch, QualityFigures):
    """The current areas restored to their tolerances (fields: quality, search, plan)."""


def fields_of(part: DataclassInstance) -> dict[str, Any]:
    """A dataclass's fields by name, unconverted, to build a result from its parts."""
    return {f.name: getattr(part, f.name) for f in fields(part)}


def require_feasible(result: QualityFigures) -> None:
    """Raise `Infeasible`, naming the misses, when the areas miss a tolerance or are not
    connected."""
    if result.feasible:
        return
    misses = "; ".join(f"{m.area} {m.measure} {m.deviation:+.1%}" for m in result.misses)
    proven = "; ".join(result.proven)
    raise Infeasible(
        "tolerances missed: "
        + (misses or "districts not connected")
        + (f" (proven: {proven})" if proven else "")
    )
