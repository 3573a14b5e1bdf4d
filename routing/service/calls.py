"""Each call-centre agent's ordered call list for the zone whose delivery day it is."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from graph.cycle import zone_of_day
from graph.principal import Principal
from graph.queries import Query
from graph.session import Session
from routing.calls import CallItem, call_lists
from routing.service.delivery import order_batch
from routing.service.scope import require_reader


@dataclass(frozen=True)
class UnassignedCall:
    """A call no agent of the zone had room for."""

    retailer: str
    agent: str
    reason: str


@dataclass(frozen=True)
class CallLists:
    date: dt.date
    zone: int
    agents: int
    calls: int
    max_calls_per_agent: int
    unassigned: tuple[UnassignedCall, ...]
    lists: dict[str, tuple[str, ...]]
    """Agent → retailers in calling order."""


def plan_calls(
    session: Session, principal: Principal, day: dt.date, *, per_agent: int = 140
) -> CallLists:
    """Every agent's calls for `day`'s zone, at most `per_agent` each.

    The lists are made for the whole zone (an agent over the limit hands calls to another);
    a principal scoped to areas then sees only its retailers' calls."""
    require_reader(principal, "call lists")
    zone = zone_of_day(day)
    items = [
        CallItem(
            str(r["id"]),
            str(r["agent"]),
            str(r["area"]),
            order_batch(r["batch"]),
            bool(r["key_account"]),
        )
        for r in session.read(Query.CALL_FACTS, zone=zone)
    ]
    lists, left = call_lists(items, per_agent=per_agent)
    seen = {c.retailer for c in items if principal.sees_area(c.area)}
    mine = {a: tuple(r for r in rs if r in seen) for a, rs in lists.items()}
    mine = {a: rs for a, rs in mine.items() if rs}
    return CallLists(
        date=day,
        zone=zone,
        agents=len(mine),
        calls=sum(len(v) for v in mine.values()),
        max_calls_per_agent=max((len(v) for v in mine.values()), default=0),
        unassigned=tuple(UnassignedCall(**c) for c in left if c["retailer"] in seen),
        lists=mine,
    )
