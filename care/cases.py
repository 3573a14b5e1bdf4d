"""A retailer's complaint or request (a case) and its two clocks in working minutes (document
004: a key account's complaint gets a first response at once and a care record).

The first-response clock runs from opening to the first response (or the close); the
resolution clock to the close; a pause stops both. Each clock warns at `warning_share` of its
target and breaches at the target; each alert is raised once per case, clock and kind.
Transitions return a new `Case` with an event appended to its `events` JSON.
"""

from __future__ import annotations

import json
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from functools import lru_cache

from care.clock import Span, WorkCalendar
from graph.care_model import Case
from graph.errors import Conflict, InvalidInput
from graph.model import Role


class CaseStatus(StrEnum):
    OPEN = "open"
    RESPONDED = "responded"
    PAUSED = "paused"
    CLOSED = "closed"


class Clock(StrEnum):
    FIRST_RESPONSE = "first_response"
    RESOLUTION = "resolution"


class ClockStatus(StrEnum):
    """A running clock is ok, warning or breached; a stopped one met or missed its target."""

    OK = "ok"
    WARNING = "warning"
    BREACHED = "breached"
    MET = "met"
    MISSED = "missed"


CLOCK_LABELS = {
    Clock.FIRST_RESPONSE.value: ("首次响应", "first-response"),
    Clock.RESOLUTION.value: ("解决", "resolution"),
}
"""Each clock's name in Chinese and English."""
STATE_LABELS = {
    ClockStatus.OK.value: "正常",
    ClockStatus.WARNING.value: "预警",
    ClockStatus.BREACHED.value: "已超时",
    ClockStatus.MET.value: "达标",
    ClockStatus.MISSED.value: "未达标",
}
"""Each clock state in Chinese (the English is the state itself)."""


class AlertKind(StrEnum):
    WARNING = "warning"
    BREACH = "breach"


CASE_KINDS = ("complaint", "request")
CATEGORY_ROLES: tuple[tuple[str, Role], ...] = (
    ("delivery", Role.DRIVER),
    ("order", Role.AGENT),
    ("brand_supply", Role.MANAGER),
    ("service_attitude", Role.MANAGER),
    ("price", Role.MANAGER),
    ("licence", Role.INSPECTOR),
    ("other", Role.MANAGER),
)
"""Each category and the role that owns its cases."""
CHANNELS = ("phone", "visit", "hotline_12313", "api")


@dataclass(frozen=True)
class CaseParams:
    """Targets in working minutes (key accounts first response 2 h, others 8 h; resolution
    2 and 5 working days), the warning share, the categories and channels."""

    first_response_key_min: int = 120
    first_response_min: int = 480
    resolution_key_min: int = 840
    resolution_min: int = 2100
    warning_share: float = 0.8
    categories: tuple[tuple[str, Role], ...] = CATEGORY_ROLES
    channels: tuple[str, ...] = CHANNELS

    def __post_init__(self) -> None:
        targets = (
            self.first_response_key_min,
            self.first_response_min,
            self.resolution_key_min,
            self.resolution_min,
        )
        if min(targets) <= 0:
            raise ValueError("case targets must be positive working minutes")
        if not 0 < self.warning_share < 1:
            raise ValueError(f"warning share {self.warning_share} must lie in (0, 1)")

    def owner_role(self, category: str) -> Role:
        """The role owning cases of `category`; `InvalidInput` for an unknown one."""
        roles = dict(self.categories)
        if category not in roles:
            raise InvalidInput(f"category {category!r}: use {', '.join(roles)}")
        return roles[category]

    def targets(self, key_account: bool) -> tuple[int, int]:
        """(first response, resolution) targets of a key account or another retailer."""
        if key_account:
            return self.first_response_key_min, self.resolution_key_min
        return self.first_response_min, self.resolution_min


@dataclass(frozen=True)
class ClockState:
    """One clock of a case as of an instant: working minutes elapsed (pauses left out), the
    due instant (empty while paused or once stopped short of it) and its state."""

    clock: str
    target_min: int
    elapsed_min: float
    share: float
    due_at: str
    state: str
    clock_zh: str
    state_zh: str


@dataclass(frozen=True)
class Deadline:
    """The instant a clock of a case passes a threshold."""

    clock: str
    kind: str
    at: datetime

    def alert_id(self, case_id: str) -> str:
        return f"{case_id}:{self.clock}:{self.kind}"


def stamp(at: datetime) -> str:
    """Local wall-clock text, to the minute when the seconds are zero.

    >>> stamp(datetime(2026, 11, 23, 9, 30)), stamp(datetime(2026, 11, 23, 9, 30, 5))
    ('2026-11-23T09:30', '2026-11-23T09:30:05')
    """
    exact = at.second or at.microsecond
    return at.isoformat(timespec="seconds" if exact else "minutes")


def parse_at(text: str) -> datetime:
    """An ISO wall-clock instant; `InvalidInput` when it is not one."""
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{text!r} is not a date and time like 2026-11-23T09:30") from None


def new_case(
    params: CaseParams,
    *,
    id: str,
    retailer_id: str,
    kind: str,
    channel: str,
    category: str,
    text: str,
    key_account: bool,
    owner: str,
    owner_role: Role,
    by: str,
    now: datetime,
) -> Case:
    """A case just opened, its targets set from `params`."""
    params.owner_role(category)
    if kind not in CASE_KINDS:
        raise InvalidInput(f"kind {kind!r}: use {', '.join(CASE_KINDS)}")
    if channel not in params.channels:
        raise InvalidInput(f"channel {channel!r}: use {', '.join(params.channels)}")
    if not text.strip():
        raise InvalidInput("a case needs its text")
    first, resolution = params.targets(key_account)
    case = Case(
        id=id,
        retailer_id=retailer_id,
        kind=kind,
        channel=channel,
        category=category,
        text=text.strip(),
        opened_at=stamp(now),
        opened_by=by,
        owner=owner,
        owner_role=owner_role.value,
        key_account=key_account,
        first_response_target_min=first,
        resolution_target_min=resolution,
        status=CaseStatus.OPEN.value,
        events="[]",
    )
    return _logged(case, now, by, "open", text.strip())


def respond(case: Case, *, text: str, by: str, now: datetime) -> Case:
    """Record the first response (it stops the first-response clock)."""
    _require_open(case)
    if case.responded_at:
        raise Conflict(f"case {case.id} was already responded to at {case.responded_at}")
    if not text.strip():
        raise InvalidInput("a response needs its text")
    status = case.status if case.status == CaseStatus.PAUSED else CaseStatus.RESPONDED.value
    done = replace(case, responded_at=stamp(now), response=text.strip(), status=status)
    return _logged(done, now, by, "respond", text.strip())


def pause(case: Case, *, by: str, now: datetime, note: str = "") -> Case:
    """Stop both clocks while waiting on the retailer."""
    _require_open(case)
    if case.status == CaseStatus.PAUSED:
        raise Conflict(f"case {case.id} is already paused since {case.paused_at}")
    paused = replace(case, status=CaseStatus.PAUSED.value, paused_at=stamp(now))
    return _logged(paused, now, by, "pause", note)


def resume(case: Case, calendar: WorkCalendar, *, by: str, now: datetime, note: str = "") -> Case:
    """Start the clocks again; the paused working minutes accumulate in `paused_min`."""
    _require_open(case)
    if case.status != CaseStatus.PAUSED:
        raise Conflict(f"case {case.id} is not paused")
    return _logged(_unpaused(case, calendar, now), now, by, "resume", note)


def close(case: Case, calendar: WorkCalendar, *, care_record: str, by: str, now: datetime) -> Case:
    """Close the case with its care record (refused without one)."""
    if case.status == CaseStatus.CLOSED:
        raise Conflict(f"case {case.id} was already closed at {case.closed_at}")
    if not care_record.strip():
        raise InvalidInput(f"case {case.id} cannot be closed without a care record (客户关怀记录)")
    if case.status == CaseStatus.PAUSED:
        case = _unpaused(case, calendar, now)
    closed = replace(
        case, status=CaseStatus.CLOSED.value, closed_at=stamp(now), care_record=care_record.strip()
    )
    return _logged(closed, now, by, "close", care_record.strip())


def pauses(case: Case) -> tuple[Span, ...]:
    """The case's ended pauses, from its events."""
    spans, since = [], None
    for event in json.loads(case.events or "[]"):
        if event["what"] == "pause":
            since = parse_at(event["at"])
        elif event["what"] in ("resume", "close") and since is not None:
            spans.append((since, parse_at(event["at"])))
            since = None
    return tuple(spans)


def clock_states(
    case: Case, now: datetime, calendar: WorkCalendar, warning_share: float = 0.8
) -> tuple[ClockState, ClockState]:
    """The first-response and resolution clocks of `case` as of `now`."""
    return (
        clock_state(case, Clock.FIRST_RESPONSE, now, calendar, warning_share),
        clock_state(case, Clock.RESOLUTION, now, calendar, warning_share),
    )


def clock_state(
    case: Case, clock: Clock, now: datetime, calendar: WorkCalendar, warning_share: float = 0.8
) -> ClockState:
    """One clock of `case` as of `now`."""
    target = _target(case, clock)
    opened, stop = parse_at(case.opened_at), _stop(case, clock)
    end = max(opened, min(now, stop) if stop else now)
    elapsed = calendar.working_minutes(opened, end, pauses(case))
    due = _deadline(case, clock, AlertKind.BREACH, calendar, warning_share)
    warn = _deadline(case, clock, AlertKind.WARNING, calendar, warning_share)
    finished = _finished(case, clock)
    if finished:
        state = ClockStatus.MISSED if due and due <= end else ClockStatus.MET
    elif due and due <= now:
        state = ClockStatus.BREACHED
    elif warn and warn <= now:
        state = ClockStatus.WARNING
    else:
        state = ClockStatus.OK
    shown = "" if finished or case.status == CaseStatus.PAUSED and not due else _due_text(due)
    return ClockState(
        clock.value,
        target,
        round(elapsed, 2),
        round(elapsed / target, 4),
        shown,
        state.value,
        CLOCK_LABELS[clock.value][0],
        STATE_LABELS[state.value],
    )


def alerts_due(
    case: Case,
    now: datetime,
    calendar: WorkCalendar,
    raised: AbstractSet[str],
    warning_share: float = 0.8,
) -> tuple[Deadline, ...]:
    """The alerts to raise for `case` at `now`: thresholds passed and not raised yet (by id
    ``<case>:<clock>:<kind>``)."""
    return tuple(
        d
        for d in deadlines(case, calendar, warning_share)
        if d.at <= now and d.alert_id(case.id) not in raised
    )


@lru_cache(maxsize=8192)
def deadlines(
    case: Case, calendar: WorkCalendar, warning_share: float = 0.8
) -> tuple[Deadline, ...]:
    """Every threshold instant the case's clocks reach (or reached) as things stand: none
    beyond a clock's stop, none while a pause holds the clocks short of them."""
    found = []
    for clock in Clock:
        for kind in AlertKind:
            at = _deadline(case, clock, kind, calendar, warning_share)
            if at is not None:
                found.append(Deadline(clock.value, kind.value, at))
    return tuple(found)


def _deadline(
    case: Case, clock: Clock, kind: AlertKind, calendar: WorkCalendar, warning_share: float
) -> datetime | None:
    """When the clock passes the threshold, or None if it stopped (or is paused) short of it."""
    minutes = _target(case, clock) * (1.0 if kind is AlertKind.BREACH else warning_share)
    at = calendar.add_working_minutes(parse_at(case.opened_at), minutes, pauses(case))
    stop = _stop(case, clock)
    return None if stop is not None and at > stop else at


def _stop(case: Case, clock: Clock) -> datetime | None:
    """When the clock stopped for good or, if earlier, since when a pause holds it."""
    stops = [parse_at(case.closed_at)] if case.closed_at else []
    if clock is Clock.FIRST_RESPONSE and case.responded_at:
        stops.append(parse_at(case.responded_at))
    if case.status == CaseStatus.PAUSED:
        stops.append(parse_at(case.paused_at))
    return min(stops, default=None)


def _finished(case: Case, clock: Clock) -> bool:
    return bool(case.closed_at or (clock is Clock.FIRST_RESPONSE and case.responded_at))


def _target(case: Case, clock: Clock) -> int:
    if clock is Clock.FIRST_RESPONSE:
        return case.first_response_target_min
    return case.resolution_target_min


def _due_text(due: datetime | None) -> str:
    return stamp(due) if due else ""


def _unpaused(case: Case, calendar: WorkCalendar, now: datetime) -> Case:
    since = parse_at(case.paused_at)
    added = round(calendar.working_minutes(since, now))
    status = CaseStatus.RESPONDED if case.responded_at else CaseStatus.OPEN
    return replace(case, status=status.value, paused_at="", paused_min=case.paused_min + added)


def _require_open(case: Case) -> None:
    if case.status == CaseStatus.CLOSED:
        raise Conflict(f"case {case.id} is closed")


def _logged(case: Case, now: datetime, by: str, what: str, note: str) -> Case:
    events = json.loads(case.events or "[]")
    if events and parse_at(events[-1]["at"]) > now:
        raise InvalidInput(f"{stamp(now)} is before the case's last event at {events[-1]['at']}")
    events.append({"at": stamp(now), "by": by, "what": what, "note": note})
    return replace(case, events=json.dumps(events, ensure_ascii=False))
