"""Applied territory plans as stored records (`graph.model.TerritoryPlan`): each keeps its own
assignment (retailer → area, area → zone, area → team), who applied it and when, its
balance, and the plan current before it. Before the first plan the graph's assignment is
recorded as the `initial` plan, so a restore can go back to it."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from graph.errors import InvalidInput, NotFound
from graph.model import TerritoryPlan
from graph.queries import Query
from graph.rows import Row, as_row
from graph.session import Session
from territory.staffing import Staffing

CURRENT = "current"
"""Names the graph's assignment as it stands where a plan id is expected."""


@dataclass(frozen=True)
class Assignment:
    """Retailer → area, area → delivery zone, area → its team (employee numbers, sorted)."""

    area: dict[str, str]
    zone_of_area: dict[str, int]
    teams: dict[str, tuple[str, ...]]

    def to_json(self) -> str:
        teams = {a: list(t) for a, t in self.teams.items()}
        value = {"area": self.area, "zone_of_area": self.zone_of_area, "teams": teams}
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Assignment:
        value = json.loads(text)
        return cls(
            {str(r): str(a) for r, a in value["area"].items()},
            {str(a): int(z) for a, z in value["zone_of_area"].items()},
            {str(a): tuple(t) for a, t in value.get("teams", {}).items()},
        )


@dataclass(frozen=True)
class Locks:
    """Retailers kept in their areas, areas kept whole, and pinned centres (area → retailer),
    stored with the plan they were set on."""

    retailers: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    pins: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> str:
        value = {"retailers": list(self.retailers), "areas": list(self.areas), "pins": self.pins}
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Locks:
        """The locks of `text` (none for "", a plan recorded before plans kept locks)."""
        value = json.loads(text or "{}")
        return cls(
            tuple(str(r) for r in value.get("retailers", ())),
            tuple(str(a) for a in value.get("areas", ())),
            {str(a): str(r) for a, r in value.get("pins", {}).items()},
        )


@dataclass(frozen=True)
class PlanSummary:
    """An applied plan: when (`at`), by whom, its kind, whether it met the tolerances and
    was connected, its largest deviation per measure, the retailers it moved and the id of
    the plan it replaced (None for the first)."""

    id: str
    at: str
    by: str
    kind: str
    feasible: bool
    balance: dict[str, float]
    moved: int
    replaced: str | None


def teams_of(staffing: Staffing | None) -> dict[str, tuple[str, ...]]:
    """Each area's team: the employee numbers on it, sorted."""
    teams: dict[str, set[str]] = {}
    for person, area, _ in staffing.members if staffing is not None else ():
        teams.setdefault(area, set()).add(person)
    return {a: tuple(sorted(p)) for a, p in sorted(teams.items())}


def plan_heads(session: Session) -> list[tuple[int, PlanSummary]]:
    """Every plan with its sequence number, newest first (plans recorded before plans kept
    their assignment have number 0 and come last, newest first)."""
    heads = [(int(r["seq"] or 0), _summary(r)) for r in session.read(Query.TERRITORY_PLAN_LIST)]
    return sorted(heads, key=lambda h: (h[0], h[1].at, h[1].id), reverse=True)


def current_locks(session: Session) -> Locks:
    """The locks stored with the current plan (the newest by sequence number)."""
    heads = [h for seq, h in plan_heads(session) if seq > 0]
    if not heads:
        return Locks()
    rows = session.read(Query.TERRITORY_PLANS, keys=[heads[0].id])
    return Locks.from_json(str(rows[0]["locks"] or "")) if rows else Locks()


def stored_plan(session: Session, plan_id: str) -> tuple[PlanSummary, Assignment]:
    """A plan and its assignment.

    Raises `NotFound` for an unknown id, `InvalidInput` for a plan recorded before plans
    kept their own assignment."""
    rows = session.read(Query.TERRITORY_PLANS, keys=[plan_id])
    if not rows:
        raise NotFound(f"territory plan {plan_id} not found")
    row = rows[0]
    if not row["assignment"]:
        raise InvalidInput(
            f"territory plan {plan_id} was recorded before plans kept their own assignment: "
            "it can be listed but not shown, compared or restored"
        )
    return _summary(row), Assignment.from_json(str(row["assignment"]))


def new_records(
    session: Session,
    by: str,
    before: Assignment,
    after: Assignment,
    *,
    kind: str,
    summary: dict[str, object],
    before_summary: Callable[[], dict[str, object]],
    locks: Locks | None = None,
) -> tuple[list[dict[str, object]], str]:
    """The records to write for applying `after` over `before` (the graph's assignment
    now), and the new plan's id: the plan itself (with `locks`, or by default those of the
    plan it replaces) and, when no plan with an assignment is stored yet, `before`
    (summarised by `before_summary()`) as the `initial` plan it replaces."""
    if locks is None:
        locks = current_locks(session)
    heads = [(seq, h) for seq, h in plan_heads(session) if seq > 0]
    at = datetime.now()
    records = []
    seq, replaced = (heads[0][0], heads[0][1].id) if heads else (0, "")
    if not heads:
        seq, replaced = 1, _plan_id("initial", at, 1)
        initial = before_summary()
        records.append(_record(replaced, at, "initial", initial, before, by, "", seq, Locks()))
    seq += 1
    plan_id = _plan_id(kind, at, seq)
    records.append(_record(plan_id, at, kind, summary, after, by, replaced, seq, locks))
    return records, plan_id


def _plan_id(kind: str, at: datetime, seq: int) -> str:
    """Unique in the store: the sequence number grows with every plan.

    >>> _plan_id("manual", datetime(2026, 12, 3, 16, 5, 9), 12)
    'manual-20261203T160509-12'
    """
    return f"{kind}-{at:%Y%m%dT%H%M%S}-{seq}"


def _record(
    plan_id: str,
    at: datetime,
    kind: str,
    summary: dict[str, object],
    assignment: Assignment,
    by: str,
    replaced: str,
    seq: int,
    locks: Locks,
) -> dict[str, object]:
    text = json.dumps(summary, ensure_ascii=False)
    created = at.isoformat(timespec="seconds")
    return as_row(
        TerritoryPlan(
            plan_id, created, kind, text, assignment.to_json(), by, replaced, seq, locks.to_json()
        )
    )


def _summary(row: Row) -> PlanSummary:
    summary = json.loads(str(row["summary"] or "{}"))
    return PlanSummary(
        id=str(row["id"]),
        at=str(row["created_at"]),
        by=str(row["applied_by"] or ""),
        kind=str(row["kind"]),
        feasible=bool(summary.get("feasible", False)),
        balance={str(m): float(v) for m, v in summary.get("balance", {}).items()},
        moved=int(summary.get("moved", 0)),
        replaced=str(row["replaced"]) if row["replaced"] else None,
    )
