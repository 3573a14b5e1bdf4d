"""One logged interaction as entered (API, CLI or an import row), its validation and the
`graph.care_model.Interaction` record it becomes.

The id is ``<kind>:<staff>:<retailer>:<started_at or day>``, so logging or importing the same
interaction again updates it rather than adding a second one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime

from graph.care_model import Interaction, InteractionKind
from graph.errors import InvalidInput

STATUSES = ("done", "missed", "cancelled")
TASKS = ("display", "stock", "prices", "competitor", "requests")
"""Tasks of a visit: display, stock, marked prices (明码标价), competitor information, requests."""
KIND_FIELDS: dict[str, frozenset[str]] = {
    "visit": frozenset({"checkin_lon", "checkin_lat", "tasks"}),
    "call": frozenset({"reached", "order_taken", "brands"}),
    "delivery": frozenset({"checkin_lon", "checkin_lat", "delivered", "signed", "problem"}),
    "inspection": frozenset(
        {"checkin_lon", "checkin_lat", "licence_checked", "result", "violation"}
    ),
}
"""The fields that belong to one kind only (a check-in is on site: not for a call)."""
SPECIFIC = frozenset().union(*KIND_FIELDS.values())
TEXT_LIMIT = 2000


@dataclass(frozen=True, slots=True)
class InteractionInput:
    """An interaction as someone entered it; `None` or ``""`` is not given."""

    kind: str
    retailer_id: str
    staff_id: str
    day: date
    status: str = "done"
    started_at: str = ""
    ended_at: str = ""
    planned_start: str = ""
    planned_end: str = ""
    checkin_lon: float | None = None
    checkin_lat: float | None = None
    tasks: tuple[str, ...] = ()
    notes: str = ""
    reached: bool | None = None
    order_taken: bool | None = None
    brands: str = ""
    delivered: bool | None = None
    signed: bool | None = None
    problem: str = ""
    licence_checked: bool | None = None
    result: str = ""
    violation: str = ""
    plan_ref: str = ""


def interaction_id(kind: str, staff: str, retailer: str, started_at: str, day: date) -> str:
    """The interaction's key.

    >>> interaction_id("visit", "HF0001", "R1", "2026-11-23T09:30", date(2026, 11, 23))
    'visit:HF0001:R1:2026-11-23T09:30'
    >>> interaction_id("call", "HF0002", "R1", "", date(2026, 11, 23))
    'call:HF0002:R1:2026-11-23'
    """
    return f"{kind}:{staff}:{retailer}:{started_at or day.isoformat()}"


def parse_time(text: str) -> datetime:
    """A local wall-clock time ``YYYY-MM-DDTHH:MM`` (a space instead of T accepted).

    >>> parse_time("2026-11-23 09:30")
    datetime.datetime(2026, 11, 23, 9, 30)
    """
    try:
        at = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"{text!r} is not a time like 2026-11-23T09:30") from None
    if at.tzinfo is not None:
        raise InvalidInput(f"{text!r}: give the local time without a zone, like 2026-11-23T09:30")
    return at.replace(second=0, microsecond=0)


def _given(value: object) -> bool:
    return value not in (None, "", ())


def problems(item: InteractionInput) -> list[tuple[str, str]]:
    """Every problem of the input as (field, message); none when it is valid."""
    found: list[tuple[str, str]] = []
    kinds = [k.value for k in InteractionKind]
    if item.kind not in kinds:
        found.append(("kind", f"kind {item.kind!r} is not one of {', '.join(kinds)}"))
    for name in ("retailer_id", "staff_id"):
        if not getattr(item, name).strip():
            found.append((name, f"{name} is required"))
    if item.status not in STATUSES:
        found.append(("status", f"status {item.status!r} is not one of {', '.join(STATUSES)}"))
    found += _time_problems(item)
    found += _position_problems(item)
    bad_tasks = sorted(set(item.tasks) - set(TASKS))
    if bad_tasks:
        found.append(("tasks", f"unknown tasks {', '.join(bad_tasks)} (use {', '.join(TASKS)})"))
    own = KIND_FIELDS.get(item.kind, frozenset())
    for name in sorted(SPECIFIC - own):
        if _given(getattr(item, name)):
            found.append((name, f"{name} does not belong to a {item.kind}"))
    for name in ("notes", "brands", "problem", "result", "violation", "plan_ref"):
        if len(getattr(item, name)) > TEXT_LIMIT:
            found.append((name, f"{name} is longer than {TEXT_LIMIT} characters"))
    return found


def _time_problems(item: InteractionInput) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    times: dict[str, datetime] = {}
    for name in ("started_at", "ended_at", "planned_start", "planned_end"):
        text = getattr(item, name)
        if text:
            try:
                times[name] = parse_time(text)
            except InvalidInput as error:
                found.append((name, error.message))
    for first, last in (("started_at", "ended_at"), ("planned_start", "planned_end")):
        if first in times and last in times and times[last] < times[first]:
            found.append((last, f"{last} {getattr(item, last)} is before {first}"))
    if "started_at" in times and times["started_at"].date() != item.day:
        found.append(("started_at", f"started_at {item.started_at} is not on day {item.day}"))
    if "ended_at" in times and "started_at" not in times:
        found.append(("started_at", "started_at is required with ended_at"))
    if item.kind == "visit" and item.status == "done":
        for name in ("started_at", "ended_at"):
            if not getattr(item, name):
                found.append((name, f"a done visit needs {name}"))
    return found


def _position_problems(item: InteractionInput) -> list[tuple[str, str]]:
    lon, lat = item.checkin_lon, item.checkin_lat
    if (lon is None) != (lat is None):
        return [("checkin_lat" if lat is None else "checkin_lon", "give both lon and lat")]
    if lon is None or lat is None:
        return []
    if not (math.isfinite(lon) and -180 <= lon <= 180):
        return [("checkin_lon", f"longitude {lon} is outside -180..180")]
    if not (math.isfinite(lat) and -90 <= lat <= 90):
        return [("checkin_lat", f"latitude {lat} is outside -90..90")]
    return []


def _minute(text: str) -> str:
    return parse_time(text).isoformat(timespec="minutes") if text else ""


def build_interaction(
    item: InteractionInput, *, logged_by: str, logged_at: str, source: str
) -> Interaction:
    """The record of a valid input; raises `InvalidInput` listing every problem otherwise."""
    found = problems(item)
    if found:
        raise InvalidInput(
            "; ".join(message for _, message in found),
            details=[{"field": f, "message": m} for f, m in found],
        )
    started = _minute(item.started_at)
    kind = InteractionKind(item.kind)
    return Interaction(
        id=interaction_id(item.kind, item.staff_id, item.retailer_id, started, item.day),
        kind=item.kind,
        retailer_id=item.retailer_id,
        staff_id=item.staff_id,
        role=kind.role.value,
        day=item.day,
        status=item.status,
        started_at=started,
        ended_at=_minute(item.ended_at),
        planned_start=_minute(item.planned_start),
        planned_end=_minute(item.planned_end),
        checkin_lon=item.checkin_lon,
        checkin_lat=item.checkin_lat,
        tasks=",".join(t for t in TASKS if t in item.tasks),
        notes=item.notes,
        reached=item.reached,
        order_taken=item.order_taken,
        brands=item.brands,
        delivered=item.delivered,
        signed=item.signed,
        problem=item.problem,
        licence_checked=item.licence_checked,
        result=item.result,
        violation=item.violation,
        plan_ref=item.plan_ref,
        logged_by=logged_by,
        logged_at=logged_at,
        source=source,
    )
