"""Cases on a simulated clock, through the services on a real store: cases opened, answered,
paused, resumed and closed at random minutes of a working week while the sweep runs every
simulated minute; each breach alert is then held against the breach instant counted minute by
minute here (a calendar of its own, not `care.clock`)."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import datetime, time, timedelta

from care.service.alerts import sweep_clocks
from care.service.cases import (
    close_case,
    get_case,
    open_case,
    pause_case,
    respond_case,
    resume_case,
)
from graph.errors import DomainError
from graph.principal import LOCAL_ADMIN
from graph.queries import Query
from graph.session import Session

MONDAY = datetime(2026, 11, 2)
OPEN_SPANS = ((time(8, 30), time(12, 0)), (time(13, 30), time(17, 0)))
PLANS = (
    ("respond", "close"),
    ("pause", "resume", "respond", "close"),
    ("respond", "pause", "resume"),
    ("pause", "resume"),
    (),
    ("pause",),
    ("respond",),
)
CATEGORIES = ("delivery", "order", "brand_supply", "service_attitude", "price", "licence")


def _working(at: datetime) -> bool:
    return at.weekday() < 6 and any(a <= at.time() < b for a, b in OPEN_SPANS)


def _swept(at: datetime) -> bool:
    """The minutes the sweep runs at: every working minute and each closing minute."""
    return at.weekday() < 6 and any(a <= at.time() <= b for a, b in OPEN_SPANS)


def exact_breach(
    events: list[dict[str, str]], target: int, first_response: bool
) -> datetime | None:
    """When the clock reached its target: working minutes counted one by one from the
    opening, none while paused, none after it stopped (None if it never did)."""
    opened = datetime.fromisoformat(events[0]["at"])
    stops = [e["at"] for e in events if e["what"] == "close"]
    if first_response:
        stops += [e["at"] for e in events if e["what"] == "respond"]
    stop = datetime.fromisoformat(min(stops)) if stops else MONDAY + timedelta(days=7)
    held: list[tuple[datetime, datetime]] = []
    since: datetime | None = None
    for e in events:
        at = datetime.fromisoformat(e["at"])
        if e["what"] == "pause":
            since = at
        elif e["what"] in ("resume", "close") and since is not None:
            held.append((since, at))
            since = None
    if since is not None:
        held.append((since, stop))
    count, at = 0, opened
    while at < stop:
        if _working(at) and not any(a <= at < b for a, b in held):
            count += 1
            if count == target:
                return at + timedelta(minutes=1)
        at += timedelta(minutes=1)
    return None


def simulate(session: Session, *, cases: int = 40, seed: int = 7) -> dict[str, object]:
    """Run a simulated week on the store and report the alerts' delays after the breaches."""
    rng = random.Random(seed)
    shops = [str(r["id"]) for r in session.read(Query.RETAILER_POSITIONS)]
    minutes = [m for m in range(3 * 24 * 60) if _working(MONDAY + timedelta(minutes=m))]
    steps: dict[int, list[tuple[int, str]]] = {}
    for i in range(cases):
        t = rng.choice(minutes)
        steps.setdefault(t, []).append((i, "open"))
        for what in rng.choice(PLANS):
            t += rng.randint(30, 1500)
            steps.setdefault(t, []).append((i, what))
    ids: dict[int, str] = {}
    sweeps = 0
    for minute in range(6 * 24 * 60 + 1):
        now = MONDAY + timedelta(minutes=minute)
        for i, what in steps.get(minute, ()):
            if what == "open":
                shop = rng.choice(shops)
                view = open_case(
                    session,
                    LOCAL_ADMIN,
                    shop,
                    "complaint",
                    "phone",
                    rng.choice(CATEGORIES),
                    f"simulated case {i}",
                    now=now,
                )
                ids[i] = view.case.id
            elif i in ids:
                _act(session, ids[i], what, now)
        if _swept(now):
            sweep_clocks(session, LOCAL_ADMIN, now=now)
            sweeps += 1
    return {"sweeps": sweeps, **_judge(session, list(ids.values()), MONDAY + timedelta(days=6))}


def _act(session: Session, case_id: str, what: str, now: datetime) -> None:
    actions: dict[str, Callable[[], object]] = {
        "respond": lambda: respond_case(
            session, LOCAL_ADMIN, case_id, text="we are on it", now=now
        ),
        "pause": lambda: pause_case(session, LOCAL_ADMIN, case_id, now=now),
        "resume": lambda: resume_case(session, LOCAL_ADMIN, case_id, now=now),
        "close": lambda: close_case(
            session, LOCAL_ADMIN, case_id, care_record="called back, settled", now=now
        ),
    }
    actions[what]()


def _judge(session: Session, case_ids: list[str], end: datetime) -> dict[str, object]:
    """Breach alerts against the counted breach instants; closes without a care record."""
    raised = {str(r["id"]): str(r["raised_at"]) for r in session.read(Query.ALL_ALERTS)}
    delays, missing, early, refused, still_open = [], 0, 0, 0, 0
    for case_id in case_ids:
        case = get_case(session, LOCAL_ADMIN, case_id, now=end).case
        events = json.loads(case.events)
        for clock, target in (
            ("first_response", case.first_response_target_min),
            ("resolution", case.resolution_target_min),
        ):
            exact = exact_breach(events, target, clock == "first_response")
            alert = raised.get(f"{case_id}:{clock}:breach")
            if exact is None or exact > end:
                early += alert is not None
                continue
            if alert is None:
                missing += 1
                continue
            delay = (datetime.fromisoformat(alert) - exact).total_seconds()
            early += delay < 0
            delays.append(delay)
        if case.status != "closed":
            still_open += 1
            try:
                close_case(session, LOCAL_ADMIN, case_id, care_record="", now=end)
            except DomainError:
                refused += 1
    return {
        "cases": len(case_ids),
        "breaches": len(delays),
        "breach_alerts_missing": missing,
        "alerts_early_or_unfounded": early,
        "max_delay_s": max(delays, default=0.0),
        "closes_without_care_record_tried": still_open,
        "closes_without_care_record_refused": refused,
    }
