"""Weekly visit plans read from the graph, whole or through a principal's areas."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.errors import Forbidden, InvalidInput
from graph.principal import AccountRole, Principal
from graph.session import Session
from routing.service import RoutePlanResult, VisitPlan, plan_visits
from routing.visits import visits_this_week
from seeds.city import City
from tests.routing.service.conftest import DISPATCHER, lead_of

Routed = tuple[Session, RoutePlanResult]
MONDAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def week(routed: Routed) -> VisitPlan:
    """The whole city's plan of 2026-W48."""
    return plan_visits(routed[0], DISPATCHER, 2026, 48)


def test_every_visit_due_is_planned_within_the_days_limits(
    week: VisitPlan, tiny_city: City
) -> None:
    index = MONDAY.toordinal() // 7
    due = sum(
        visits_this_week(r.id, r.visit_frequency_per_week or 1.0, index)
        for r in tiny_city.retailers
    )
    assert week.week == "2026-W48" and week.managers == 20
    assert week.visits + len(week.missed) == due and week.missed == ()
    assert week.max_visits_per_day <= 35 and week.max_day_minutes <= 420
    assert {d.date for d in week.days} <= {MONDAY + dt.timedelta(days=i) for i in range(6)}
    assert all(len(set(d.visits)) == len(d.visits) for d in week.days)


def test_a_team_lead_sees_their_managers_days_as_the_city_plans_them(
    routed: Routed, week: VisitPlan, tiny_city: City
) -> None:
    mine = plan_visits(routed[0], lead_of("A05"), 2026, 48)
    visits = [v for d in mine.days for v in d.visits]
    assert mine.managers == 1 and visits
    assert {tiny_city.retailer_area[v] for v in visits} == {"A05"}
    managers = {d.manager for d in mine.days}
    assert mine.days == tuple(d for d in week.days if d.manager in managers and d.visits)
    assert mine.visits == len(visits)


@pytest.mark.parametrize(
    ("year", "week_no", "message"),
    [(2026, 54, "week 2026-W54 does not exist"), (2026, 0, "week 2026-W00 does not exist")],
)
def test_a_week_that_does_not_exist_is_refused(
    routed: Routed, year: int, week_no: int, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        plan_visits(routed[0], DISPATCHER, year, week_no)


def test_a_viewer_may_not_read_visit_plans(routed: Routed) -> None:
    with pytest.raises(Forbidden, match="may not read visit plans"):
        plan_visits(routed[0], Principal("v", AccountRole.VIEWER), 2026, 48)
