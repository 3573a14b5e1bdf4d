"""The breakdown's probes: the same requests made in-process (split by
`benchmarks.api_breakdown`) and over HTTP by one client with nothing else running: the area
graph and the retailer record the targets are about, and the retailer list and the day's
routes, the heaviest reads of the load mix."""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace

import httpx

from benchmarks.api_breakdown import BreakdownRow, Call, TimedLayouts, measure
from benchmarks.api_figures import (
    AREA_GRAPH,
    AREA_GRAPH_DAY,
    ENDPOINTS,
    RETAILER_GET,
    RETAILER_LIST,
    ROUTES_OF_DAY,
)
from benchmarks.api_plan import Account
from benchmarks.api_scenario import Scenario
from graph.database import Database
from graph.layout_cache import LayoutCache
from graph.page import PageRequest
from graph.principal import AccountRole, Principal
from graph.repository import RetailerFilter
from graph.service.area_graph import area_graph
from graph.service.principals import staff_principal
from graph.service.retailers import list_retailers, retailer_profile
from graph.session import Session
from routing.service.routes import read_routes

CALLS = 20
"""Requests per endpoint (each area once for the area graph, with 20 areas)."""
PAGE = 50


@dataclass(frozen=True)
class Probe:
    """One request: the team lead who makes it, the area or retailer, the date and the
    list offset."""

    lead: Account
    target: str
    day: dt.date | None = None
    offset: int = 0


def probes(scenario: Scenario, seed: int = 7) -> dict[str, list[Probe]]:
    """`CALLS` requests per endpoint, spread over the team leads in turn."""
    rng = random.Random(seed)
    leads = [scenario.leads[i % len(scenario.leads)] for i in range(CALLS)]
    day = scenario.route_date
    found = {
        AREA_GRAPH: [Probe(lead, lead.area) for lead in leads],
        RETAILER_GET: [Probe(lead, rng.choice(lead.retailers)) for lead in leads],
        RETAILER_LIST: [
            Probe(lead, lead.area, offset=rng.randrange(0, len(lead.retailers), PAGE))
            for lead in leads
        ],
    }
    if day:
        found[AREA_GRAPH_DAY] = [Probe(lead, lead.area, day) for lead in leads]
        found[ROUTES_OF_DAY] = [Probe(lead, "", day) for lead in leads]
    return {endpoint: found[endpoint] for endpoint in ENDPOINTS if endpoint in found}


def _call(endpoint: str, probe: Probe, principal: Principal) -> Call:
    """The service call its endpoint makes for `probe`."""

    def call(session: Session, layouts: LayoutCache) -> object:
        if endpoint == RETAILER_GET:
            return retailer_profile(session, principal, probe.target)
        if endpoint == RETAILER_LIST:
            page = PageRequest(probe.offset, PAGE)
            return list_retailers(session, principal, page, filters=RetailerFilter(probe.target))
        if endpoint == ROUTES_OF_DAY:
            assert probe.day is not None
            return read_routes(session, principal, probe.day)
        return area_graph(session, principal, probe.target, day=probe.day, layouts=layouts)

    return call


def in_process(database: Database, scenario: Scenario) -> tuple[BreakdownRow, ...]:
    """Each endpoint's service calls on `database`, split into reads, layout, assembly and
    serialisation (one layout cache, cold at first, as a fresh server's)."""
    with database.session() as session:
        principals = {
            u: staff_principal(session, staff, AccountRole.TEAM_LEAD, user=u)
            for u, staff in scenario.lead_staff.items()
        }
    layouts = TimedLayouts()
    return tuple(
        measure(
            database,
            endpoint,
            [_call(endpoint, p, principals[p.lead.username]) for p in found],
            layouts,
        )
        for endpoint, found in probes(scenario).items()
    )


def _path(endpoint: str, probe: Probe) -> str:
    day = f"date={probe.day.isoformat()}" if probe.day else ""
    if endpoint == RETAILER_GET:
        return f"/api/retailers/{probe.target}"
    if endpoint == RETAILER_LIST:
        return f"/api/retailers?area={probe.target}&limit={PAGE}&offset={probe.offset}"
    if endpoint == ROUTES_OF_DAY:
        return f"/api/routes?{day}"
    return f"/api/areas/{probe.target}/graph" + (f"?{day}" if day else "")


def _sign_in(client: httpx.Client, account: Account) -> dict[str, str]:
    form = {"username": account.username, "password": account.password}
    answer = client.post("/api/auth/token", data=form)
    answer.raise_for_status()
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def _median_ms(client: httpx.Client, requests: Sequence[tuple[str, dict[str, str]]]) -> float:
    """Each request once to warm up, then the median of a second round, in milliseconds."""
    took = []
    for measured in (False, True):
        for path, headers in requests:
            started = time.perf_counter()
            client.get(path, headers=headers).raise_for_status()
            if measured:
                took.append(time.perf_counter() - started)
    return round(statistics.median(took) * 1000, 2)


def over_http(
    base: str, scenario: Scenario, rows: Sequence[BreakdownRow]
) -> tuple[BreakdownRow, ...]:
    """`rows` with the median each endpoint takes over HTTP for one client alone."""
    found = probes(scenario)
    with httpx.Client(base_url=base, timeout=60.0) as client:
        tokens = {lead.username: _sign_in(client, lead) for lead in scenario.leads[:CALLS]}
        requests = {
            endpoint: [(_path(endpoint, p), tokens[p.lead.username]) for p in probed]
            for endpoint, probed in found.items()
        }
        return tuple(replace(r, http_ms=_median_ms(client, requests[r.endpoint])) for r in rows)
