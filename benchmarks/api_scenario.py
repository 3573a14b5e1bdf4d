"""The bench's accounts on its copy of the store: a team lead per area, a supervisor, a
dispatcher and a planner, plus what their requests need (areas, retailers, a route date)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from accounts.service.users import add_user
from benchmarks.api_plan import Account
from graph.errors import InvalidInput
from graph.principal import LOCAL_ADMIN, AccountRole
from graph.queries import Query
from graph.repository import list_areas, show_area
from graph.session import Session

PREFIX = "bench-"


@dataclass(frozen=True)
class Scenario:
    """Who signs in and what they ask for. `lead_staff` maps each lead's username to its
    employee number; `route_date` is the latest date with planned routes (None: none)."""

    leads: tuple[Account, ...]
    lead_staff: dict[str, str]
    supervisor: Account
    dispatcher: Account
    planner: Account
    areas: tuple[str, ...]
    route_date: dt.date | None


def prepare(session: Session, password: str) -> Scenario:
    """Add the bench accounts (as the local administrator) and gather their areas."""
    leads: list[Account] = []
    lead_staff: dict[str, str] = {}
    areas = tuple(a.code for a in list_areas(session))
    for code in areas:
        view = show_area(session, code)
        if view.lead is None:
            continue
        username = f"{PREFIX}lead-{code}"
        add_user(session, LOCAL_ADMIN, username, AccountRole.TEAM_LEAD, password, staff=view.lead)
        retailers = tuple(r.id for r in view.retailers)
        leads.append(Account(username, password, code, retailers))
        lead_staff[username] = view.lead
    if not leads:
        raise InvalidInput("no area has a team lead: seed and design the territory first")
    whole_city = {
        role: Account(f"{PREFIX}{role.value}", password)
        for role in (AccountRole.SUPERVISOR, AccountRole.DISPATCHER, AccountRole.PLANNER)
    }
    for role, account in whole_city.items():
        add_user(session, LOCAL_ADMIN, account.username, role, password)
    return Scenario(
        tuple(leads),
        lead_staff,
        whole_city[AccountRole.SUPERVISOR],
        whole_city[AccountRole.DISPATCHER],
        whole_city[AccountRole.PLANNER],
        areas,
        latest_route_date(session),
    )


def latest_route_date(session: Session) -> dt.date | None:
    rows = session.read(Query.LATEST_ROUTE_DATE)
    day = rows[0]["date"] if rows else None
    return day if isinstance(day, dt.date) else None
