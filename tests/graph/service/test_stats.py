"""Counts for anyone; the integrity check for administrators, planners and supervisors."""

from __future__ import annotations

import pytest

from graph.errors import Forbidden
from graph.principal import LOCAL_ADMIN, AccountRole, Principal
from graph.service.stats import check_integrity, graph_counts
from graph.session import Session
from seeds.city import City

VIEWER = Principal("v", AccountRole.VIEWER)
PLANNER = Principal("p", AccountRole.PLANNER)


def test_a_viewer_reads_the_counts_of_the_city(city_session: Session, tiny_city: City) -> None:
    counts = graph_counts(city_session, VIEWER)
    assert counts.nodes["Retailer"] == len(tiny_city.retailers)
    assert (counts.nodes["Area"], counts.nodes["DeliveryZone"]) == (20, 3)
    assert counts.relationships["IN_AREA"] == len(tiny_city.retailers)
    assert list(counts.nodes) == sorted(counts.nodes)


@pytest.mark.parametrize(
    "principal", [LOCAL_ADMIN, PLANNER, Principal("s", AccountRole.SUPERVISOR)]
)
def test_the_seeded_city_passes_every_check(city_session: Session, principal: Principal) -> None:
    report = check_integrity(city_session, principal)
    assert (report.ok, report.violations) == (True, 0)
    assert len(report.checks) == 11 and all(c.ok and c.examples == () for c in report.checks)


@pytest.mark.parametrize("role", [AccountRole.VIEWER, AccountRole.DISPATCHER])
def test_other_roles_may_not_check(city_session: Session, role: AccountRole) -> None:
    with pytest.raises(Forbidden, match="may not check the graph's integrity"):
        check_integrity(city_session, Principal("x", role))


def test_a_team_lead_may_not_check(city_session: Session, team_lead: Principal) -> None:
    with pytest.raises(Forbidden, match=r"HF0001 \(team_lead\) may not check"):
        check_integrity(city_session, team_lead)
