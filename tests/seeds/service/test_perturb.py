"""A simulated quarter on the 240-retailer city: closures go, openings join the area around
them with its team, the last quarter's orders grow, and the same seed gives the same change."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from graph.errors import Forbidden, InvalidInput, NotFound
from graph.integrity import check_graph
from graph.principal import AccountRole, Principal
from graph.queries import Query
from graph.repository import graph_stats
from graph.rows import Row
from graph.session import Session
from seeds.city import City
from seeds.perturbation import quarter_ending
from seeds.service import PerturbReport, perturb_city

PLANNER = Principal("p", AccountRole.PLANNER)
Stage = tuple[str, int, int]


def orders(session: Session, ids: list[str]) -> dict[str, Row]:
    """Order months by key."""
    return {str(m["id"]): m for m in session.read(Query.ORDERS_OF_RETAILERS, ids=ids)}


@dataclass(frozen=True)
class Perturbed:
    session: Session
    report: PerturbReport
    stages: list[Stage]
    before: dict[str, Row]
    """The order months held before, by key."""


@pytest.fixture
def perturbed(seeded_session: Session, tiny_city: City) -> Perturbed:
    """`tiny_city` after 20 closures, 30 openings and 10% growth (seed 11), with the progress
    reports and the order months held before."""
    before = orders(seeded_session, [r.id for r in tiny_city.retailers])
    stages: list[Stage] = []
    report = perturb_city(
        seeded_session,
        PLANNER,
        open_count=30,
        close_count=20,
        grow=0.1,
        seed=11,
        progress=lambda *stage: stages.append(stage),
    )
    return Perturbed(seeded_session, report, stages, before)


def test_closures_go_and_openings_land_whole_with_a_quarter_of_orders(
    perturbed: Perturbed, tiny_city: City
) -> None:
    session, report = perturbed.session, perturbed.report
    assert (report.closed, report.opened, report.grown, report.mean_growth) == (20, 30, 220, 0.1)
    assert report.hotspot_km == (8.44, -6.33)  # pinned: the same seed gives the same change
    assert perturbed.stages == [("close", 20, 20), ("grow", 220, 220), ("open", 30, 30)]
    assert graph_stats(session)["nodes"]["Retailer"] == 250
    old = {r.id for r in tiny_city.retailers}
    facts = {str(f["id"]): f for f in session.read(Query.TERRITORY_FACTS)}
    assert len(old - set(facts)) == 20
    new = sorted(set(facts) - old)
    assert len(new) == 30 and all(i[6:8] == "81" for i in new)
    assert all(facts[i]["business_area"] and facts[i]["area"] for i in new)
    latest = max(str(m["month"]) for m in perturbed.before.values())
    assert {m["month"] for m in orders(session, new).values()} == set(quarter_ending(latest))
    assert check_graph(session).ok  # openings are served by their area's team


def test_growth_lifts_only_the_last_quarter_of_kept_retailers(
    perturbed: Perturbed, tiny_city: City
) -> None:
    before = perturbed.before
    after = orders(perturbed.session, [r.id for r in tiny_city.retailers])
    quarter = set(quarter_ending(max(str(m["month"]) for m in before.values())))
    older = [k for k in after if after[k]["month"] not in quarter]
    assert older and all(after[k] == before[k] for k in older)
    recent = [k for k in after if after[k]["month"] in quarter]
    lift = sum(after[k]["cases"] for k in recent) / sum(before[k]["cases"] for k in recent)
    assert 1.05 < lift < 1.35
    assert all(after[k]["cases"] >= before[k]["cases"] - 0.02 for k in recent)


@pytest.mark.parametrize(
    "open_count, close_count, grow",
    [(-1, 0, 0.1), (0, -1, 0.1), (0, 0, 2.0), (0, 0, -0.5)],
)
def test_impossible_changes_are_refused_in_domain_words(
    session: Session, open_count: int, close_count: int, grow: float
) -> None:
    with pytest.raises(InvalidInput, match=r"openings and closures must be ≥ 0 and growth in") as e:
        perturb_city(session, PLANNER, open_count=open_count, close_count=close_count, grow=grow)
    assert "--" not in e.value.message


def test_an_empty_graph_has_nothing_to_perturb(session: Session) -> None:
    with pytest.raises(NotFound, match="the graph holds 0 retailers: nothing to perturb"):
        perturb_city(session, PLANNER, close_count=0)


@pytest.mark.parametrize(
    "someone",
    [
        Principal("d", AccountRole.DISPATCHER),
        Principal("v", AccountRole.VIEWER),
        Principal("t", AccountRole.TEAM_LEAD, areas=frozenset({"A01"})),
    ],
    ids=lambda p: p.role.value,
)
def test_only_administrators_and_planners_perturb(session: Session, someone: Principal) -> None:
    with pytest.raises(Forbidden, match="may not simulate a quarter of change"):
        perturb_city(session, someone)
