"""Weekly visit plans read from the graph (`tiny_city`, no delivery plan needed), whole or
through a principal's areas."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter

import pytest

from graph.errors import Forbidden, InvalidInput
from graph.principal import AccountRole, Principal
from graph.session import Session
from routing.service import VisitPlan, plan_visits
from routing.visits import VisitParams, visits_this_week
from seeds.city import City
from tests.routing.service.conftest import DISPATCHER, lead_of

MONDAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def week(city_session: Session) -> VisitPlan:
    """The whole city's plan of 2026-W48."""
    return plan_visits(city_session, DISPATCHER, 2026, 48)


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
    assert week.short == () and week.missed_by_reason == {} and week.working_days == 6
    assert week.moved_to_other_manager == 0  # one manager an area: nobody to hand visits to
    assert week.max_visits_per_day <= 35 and week.max_day_minutes <= 420
    assert {d.date for d in week.days} <= {MONDAY + dt.timedelta(days=i) for i in range(6)}
    assert all(len(set(d.visits)) == len(d.visits) for d in week.days)


def test_a_team_lead_sees_their_managers_days_as_the_city_plans_them(
    city_session: Session, week: VisitPlan, tiny_city: City
) -> None:
    mine = plan_visits(city_session, lead_of("A05"), 2026, 48)
    visits = [v for d in mine.days for v in d.visits]
    assert mine.managers == 1 and visits
    assert {tiny_city.retailer_area[v] for v in visits} == {"A05"}
    managers = {d.manager for d in mine.days}
    assert mine.days == tuple(d for d in week.days if d.manager in managers and d.visits)
    assert mine.visits == len(visits)


SCARCE = VisitParams(visits_per_day=5, working_days=1)
"""Five visits a week per manager: every area is short."""


def test_an_area_without_room_says_how_many_manager_days_it_is_short(city_session: Session) -> None:
    plan = plan_visits(city_session, DISPATCHER, 2026, 48, params=SCARCE)
    missed = Counter(m.area for m in plan.missed)
    assert plan.working_days == 1 and plan.max_visits_per_day == 5
    assert {s.area: s.missed for s in plan.short} == missed and len(missed) == 20
    for s in plan.short:
        assert s.manager_days == max(math.ceil(s.missed / 5), math.ceil(s.minutes / 420))
    assert plan.missed_by_reason == {plan.missed[0].reason: len(plan.missed)}
    assert "no manager of the area has room on any of the 1 days" in plan.missed[0].reason


def test_a_team_lead_sees_only_their_areas_shortfall(city_session: Session) -> None:
    plan = plan_visits(city_session, lead_of("A05"), 2026, 48, params=SCARCE)
    assert [s.area for s in plan.short] == ["A05"]
    assert {m.area for m in plan.missed} == {"A05"}


@pytest.mark.parametrize(
    ("year", "week_no", "message"),
    [(2026, 54, "week 2026-W54 does not exist"), (2026, 0, "week 2026-W00 does not exist")],
)
def test_a_week_that_does_not_exist_is_refused(
    city_session: Session, year: int, week_no: int, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        plan_visits(city_session, DISPATCHER, year, week_no)


def test_a_viewer_may_not_read_visit_plans(city_session: Session) -> None:
    with pytest.raises(Forbidden, match="may not read visit plans"):
        plan_visits(city_session, Principal("v", AccountRole.VIEWER), 2026, 48)
