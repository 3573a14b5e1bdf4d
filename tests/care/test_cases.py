"""Cases: the state machine, the clocks and, in a simulated fortnight swept every minute,
every alert raised once, never early and within a minute of its exact instant."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import datetime, time, timedelta

import pytest

from care import cases as engine
from care.cases import CaseParams, Clock
from care.clock import WorkCalendar
from graph.care_model import Case
from graph.errors import Conflict, InvalidInput
from graph.model import Role

CAL = WorkCalendar()
PARAMS = CaseParams()
MONDAY = datetime(2026, 11, 23)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return MONDAY + timedelta(days=day, hours=hour, minutes=minute)


def opened(now: datetime, *, key: bool = False, id: str = "CS1") -> Case:
    return engine.new_case(
        PARAMS,
        id=id,
        retailer_id="R1",
        kind="complaint",
        channel="phone",
        category="delivery",
        text="late again",
        key_account=key,
        owner="D1",
        owner_role=Role.DRIVER,
        by="clerk",
        now=now,
    )


def test_targets_come_from_the_key_account_flag() -> None:
    assert (
        opened(at(0, 9), key=True).first_response_target_min,
        opened(at(0, 9)).first_response_target_min,
    ) == (120, 480)
    assert opened(at(0, 9), key=True).resolution_target_min == 840
    assert PARAMS.owner_role("order") is Role.AGENT
    assert PARAMS.owner_role("licence") is Role.INSPECTOR


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"category": "weather"}, "category"),
        ({"channel": "fax"}, "channel"),
        ({"kind": "praise"}, "kind"),
        ({"text": "  "}, "text"),
    ],
)
def test_bad_cases_are_refused(change: dict[str, str], message: str) -> None:
    fields = {
        "id": "CS1",
        "retailer_id": "R1",
        "kind": "complaint",
        "channel": "phone",
        "category": "delivery",
        "text": "late",
        "key_account": False,
        "owner": "D1",
        "owner_role": Role.DRIVER,
        "by": "clerk",
        "now": at(0, 9),
    }
    with pytest.raises(InvalidInput, match=message):
        engine.new_case(PARAMS, **{**fields, **change})  # type: ignore[arg-type]


def test_the_state_machine_records_each_step() -> None:
    case = opened(at(0, 9))
    case = engine.respond(case, text="driver calls back", by="D1", now=at(0, 10))
    case = engine.pause(case, by="D1", now=at(0, 11), note="waiting for the shop")
    assert case.status == "paused"
    case = engine.resume(case, CAL, by="D1", now=at(0, 14))  # 60 + 30 working minutes
    assert (case.status, case.paused_min) == ("responded", 90)
    case = engine.close(case, CAL, care_record="called, apologised", by="D1", now=at(0, 15))
    assert case.status == "closed" and case.care_record == "called, apologised"
    assert [e["what"] for e in json.loads(case.events)] == [
        "open",
        "respond",
        "pause",
        "resume",
        "close",
    ]


def test_no_close_without_a_care_record_and_no_second_close() -> None:
    case = opened(at(0, 9))
    with pytest.raises(InvalidInput, match="care record"):
        engine.close(case, CAL, care_record="  ", by="D1", now=at(0, 10))
    closed = engine.close(case, CAL, care_record="done", by="D1", now=at(0, 10))
    with pytest.raises(Conflict, match="already closed"):
        engine.close(closed, CAL, care_record="again", by="D1", now=at(0, 11))
    with pytest.raises(Conflict):
        engine.respond(closed, text="late", by="D1", now=at(0, 11))


def test_wrong_transitions_conflict() -> None:
    case = engine.respond(opened(at(0, 9)), text="ok", by="D1", now=at(0, 9, 5))
    with pytest.raises(Conflict, match="already responded"):
        engine.respond(case, text="again", by="D1", now=at(0, 9, 6))
    with pytest.raises(Conflict, match="not paused"):
        engine.resume(case, CAL, by="D1", now=at(0, 9, 6))
    paused = engine.pause(case, by="D1", now=at(0, 9, 7))
    with pytest.raises(Conflict, match="already paused"):
        engine.pause(paused, by="D1", now=at(0, 9, 8))
    with pytest.raises(InvalidInput, match="before the case's last event"):
        engine.resume(paused, CAL, by="D1", now=at(0, 9))


def test_clock_states_over_a_case_life() -> None:
    case = opened(at(0, 9), key=True)  # first response 120, resolution 840
    first, resolution = engine.clock_states(case, at(0, 10), CAL)
    assert (first.elapsed_min, first.share, first.state, first.due_at) == (
        60,
        0.5,
        "ok",
        "2026-11-23T11:00",
    )
    assert engine.clock_state(case, Clock.FIRST_RESPONSE, at(0, 10, 40), CAL).state == "warning"
    assert engine.clock_state(case, Clock.FIRST_RESPONSE, at(0, 11), CAL).state == "breached"
    paused = engine.pause(case, by="D1", now=at(0, 10))
    held = engine.clock_state(paused, Clock.FIRST_RESPONSE, at(1, 16), CAL)
    assert (held.elapsed_min, held.state, held.due_at) == (60, "ok", "")
    back = engine.resume(paused, CAL, by="D1", now=at(1, 9))
    assert engine.clock_state(back, Clock.FIRST_RESPONSE, at(1, 9), CAL).due_at == (
        "2026-11-24T10:00"
    )
    done = engine.respond(back, text="on it", by="D1", now=at(1, 9, 30))
    first, resolution = engine.clock_states(done, at(2, 9), CAL)
    assert (first.state, first.elapsed_min) == ("met", 90)
    assert resolution.state == "ok" and resolution.due_at == "2026-11-25T16:30"
    late = engine.respond(back, text="sorry", by="D1", now=at(1, 11))
    assert engine.clock_state(late, Clock.FIRST_RESPONSE, at(2, 9), CAL).state == "missed"


def test_alerts_are_due_once_each() -> None:
    case = opened(at(0, 9), key=True)
    assert engine.alerts_due(case, at(0, 10, 30), CAL, frozenset()) == ()
    due = engine.alerts_due(case, at(0, 11), CAL, frozenset())
    assert [(d.clock, d.kind, d.at) for d in due] == [
        ("first_response", "warning", at(0, 10, 36)),
        ("first_response", "breach", at(0, 11)),
    ]
    raised = frozenset(d.alert_id(case.id) for d in due)
    assert engine.alerts_due(case, at(0, 11, 1), CAL, raised) == ()


HORIZON_MIN = 14 * 24 * 60
WORKING = [
    t.weekday() < 6 and (time(8, 30) <= t.time() < time(12) or time(13, 30) <= t.time() < time(17))
    for t in (MONDAY + timedelta(minutes=m) for m in range(HORIZON_MIN))
]
"""Whether each minute of the simulated fortnight is working time (the reference's clock)."""


def _exact(case: Case, clock: Clock) -> dict[str, datetime]:
    """The reference: walk the minutes from opening, counting working ones outside pauses and
    before the clock stops; the instants the count reaches each threshold."""
    target = (
        case.first_response_target_min
        if clock is Clock.FIRST_RESPONSE
        else (case.resolution_target_min)
    )
    held = [False] * HORIZON_MIN
    stop, since = HORIZON_MIN, None
    for e in json.loads(case.events):
        minute = int((datetime.fromisoformat(e["at"]) - MONDAY).total_seconds() // 60)
        if e["what"] == "pause":
            since = minute
        elif e["what"] in ("resume", "close") and since is not None:
            held[since:minute] = [True] * (minute - since)
            since = None
        if e["what"] == "close" or (clock is Clock.FIRST_RESPONSE and e["what"] == "respond"):
            stop = min(stop, minute)
    if since is not None:
        held[since:] = [True] * (HORIZON_MIN - since)
    thresholds = {"warning": round(target * PARAMS.warning_share), "breach": target}
    found, n = {}, 0
    start = int((engine.parse_at(case.opened_at) - MONDAY).total_seconds() // 60)
    for minute in range(start, stop):
        n += WORKING[minute] and not held[minute]
        for kind, threshold in thresholds.items():
            if n == threshold and kind not in found:
                found[kind] = MONDAY + timedelta(minutes=minute + 1)
    return found


PLANS = [
    ("respond", "close"),
    ("pause", "resume", "respond", "close"),
    ("respond", "pause", "resume"),
    ("pause", "resume"),
    (),
    ("pause",),
    ("pause", "close"),
    ("pause", "respond", "resume", "close"),
]


def test_a_simulated_fortnight_raises_every_alert_within_a_minute() -> None:
    rng = random.Random(23)
    cases: dict[str, Case] = {}
    steps: dict[int, list[tuple[str, str]]] = {}
    for i in range(36):
        t = rng.randrange(0, 10 * 24 * 60)
        cid = f"CS{i:03d}"
        cases[cid] = opened(MONDAY + timedelta(minutes=t), key=rng.random() < 0.5, id=cid)
        for what in rng.choice(PLANS):
            t += rng.randint(1, 2500)
            steps.setdefault(t, []).append((cid, what))
    raised: dict[str, datetime] = {}
    opening = {cid: engine.parse_at(c.opened_at) for cid, c in cases.items()}
    for minute in range(HORIZON_MIN):
        now = MONDAY + timedelta(minutes=minute)
        for cid, what in steps.get(minute, ()):
            _raise(cases[cid], now, raised)  # as the service does before a transition
            cases[cid] = _step(cases[cid], what, now)
        for cid, case in cases.items():
            if case.status != "closed" and opening[cid] <= now:
                _raise(case, now, raised)
    checked = 0
    for case in cases.values():
        for clock in Clock:
            exact_at = _exact(case, clock)
            for kind in ("breach", "warning"):
                exact = exact_at.get(kind)
                alert = raised.get(f"{case.id}:{clock.value}:{kind}")
                if exact is None or minute_of(exact) >= HORIZON_MIN:
                    assert alert is None, (case.id, clock, kind)
                    continue
                assert alert is not None, (case.id, clock, kind, exact)
                assert timedelta(0) <= alert - exact <= timedelta(seconds=60)
                checked += kind == "breach"
    assert checked >= 20


def _raise(case: Case, now: datetime, raised: dict[str, datetime]) -> None:
    for deadline in engine.alerts_due(case, now, CAL, raised.keys()):
        alert_id = deadline.alert_id(case.id)
        assert alert_id not in raised
        raised[alert_id] = now


def minute_of(t: datetime) -> int:
    return int((t - MONDAY).total_seconds() // 60)


def _step(case: Case, what: str, now: datetime) -> Case:
    if what == "respond":
        return engine.respond(case, text="called back", by="D1", now=now)
    if what == "pause":
        return engine.pause(case, by="D1", now=now)
    if what == "resume":
        return engine.resume(case, CAL, by="D1", now=now)
    return engine.close(case, CAL, care_record="resolved", by="D1", now=now)


def test_params_are_checked() -> None:
    with pytest.raises(ValueError, match="positive"):
        CaseParams(first_response_key_min=0)
    with pytest.raises(ValueError, match="warning share"):
        CaseParams(warning_share=1.0)
    assert replace(PARAMS, first_response_min=240).targets(False) == (240, 2100)
