"""Survey services on the tiny city: plan, import, analyse, derive and close actions, each
scope-checked."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from care.service.actions import complete_action, derive_actions, list_actions
from care.service.surveys import analyse_survey, import_answers, plan_survey, waves
from classification.params import ClassParams
from classification.service.classify import classify_store
from graph.errors import Conflict, Forbidden, InvalidInput, NotFound
from graph.principal import LOCAL_ADMIN, AccountRole, Principal
from graph.session import Session
from seeds.city import City

NOW = datetime(2026, 12, 3, 10, 0)
START = date(2026, 12, 7)
HEADER = "retailer,item,importance,satisfaction,kano_functional,kano_dysfunctional"
PLANTED = {  # item: (importance, satisfaction, functional, dysfunctional)
    "on_time_delivery": (5, 2, 3, 5),  # important, unsatisfying: under-service, must-be
    "goods_intact": (2, 5, 1, 3),  # unimportant, satisfying: over-service, attractive
    "ordering_ease": (4, 4, 1, 5),  # keep, one-dimensional
}
PLANNER = Principal("planner", AccountRole.PLANNER)
VIEWER = Principal("viewer", AccountRole.VIEWER)


def lead(area: str) -> Principal:
    return Principal("lead", AccountRole.TEAM_LEAD, staff="X", areas=frozenset({area}))


@pytest.fixture(scope="module")
def surveyed(city_session: Session, tiny_city: City) -> Session:
    """The tiny city classified, a wave planned and every retailer's planted answers in."""
    classify_store(city_session, LOCAL_ADMIN, ClassParams())
    plan_survey(city_session, PLANNER, start=START, items=list(PLANTED), now=NOW)
    rows = [HEADER] + [
        f"{r.id},{item},{','.join(map(str, v))}"
        for r in tiny_city.retailers
        for item, v in PLANTED.items()
    ]
    import_answers(city_session, PLANNER, "\n".join(rows).encode(), "answers.csv", now=NOW)
    return city_session


def test_a_plan_schedules_everyone_once_and_is_listed(surveyed: Session, tiny_city: City) -> None:
    (wave,) = waves(surveyed, VIEWER)
    assert wave.id == "W2026-12-07" and wave.planned and wave.items == tuple(PLANTED)
    assert wave.scheduled == len(tiny_city.retailers) == wave.retailers
    assert wave.answers == 3 * len(tiny_city.retailers)
    with pytest.raises(Conflict):  # a wave with answers is not planned again
        plan_survey(surveyed, PLANNER, start=START, now=NOW)
    again = plan_survey(surveyed, PLANNER, start=date(2027, 1, 11), days=10, now=NOW)
    assert again.scheduled == 0 and len(again.excluded) == len(tiny_city.retailers)
    assert min(e.next_due for e in again.excluded) >= date(2027, 6, 5)  # 180 days after its day


def test_only_planners_and_supervisors_plan_and_import(surveyed: Session, first_area: str) -> None:
    with pytest.raises(Forbidden):
        plan_survey(surveyed, lead(first_area), start=START, now=NOW)
    with pytest.raises(Forbidden):
        import_answers(surveyed, VIEWER, b"x", "a.csv", now=NOW)


def test_an_import_reports_rejected_rows_and_updates(surveyed: Session, tiny_city: City) -> None:
    rid = tiny_city.retailers[0].id
    content = f"{HEADER}\n{rid},on_time_delivery,5,2,3,5\n{rid},nope,9,2,3,5\n".encode()
    report = import_answers(surveyed, PLANNER, content, "again.csv", wave="W2026-12-07", now=NOW)
    assert (report.rows, report.created, report.updated, report.rejected) == (2, 0, 1, 1)
    assert {e.column for e in report.errors} == {"item", "importance"}


def test_analysis_recovers_the_planted_answers(surveyed: Session) -> None:
    result = analyse_survey(surveyed, VIEWER, by="class")
    got = {
        i.item: (i.category.value if i.category else None, i.quadrant) for i in result.overall.items
    }
    assert got == {
        "on_time_delivery": ("M", "under_service"),
        "goods_intact": ("A", "over_service"),
        "ordering_ease": ("O", "keep"),
    }
    assert result.overall.importance_cut == pytest.approx(11 / 3, abs=1e-4)
    assert {g.group for g in result.groups} <= {"core", "potential", "general", "problem"}
    assert len(result.groups) >= 2
    assert not any(d.kano_significant or d.satisfaction_significant for d in result.differences)


def test_a_team_lead_analyses_its_areas_only(
    surveyed: Session, tiny_city: City, first_area: str
) -> None:
    mine = sum(1 for a in tiny_city.retailer_area.values() if a == first_area)
    result = analyse_survey(surveyed, lead(first_area), by="area")
    assert result.retailers == mine and [g.group for g in result.groups] == [first_area]
    with pytest.raises(Forbidden):
        analyse_survey(
            surveyed, Principal("R", AccountRole.RETAILER, areas=frozenset(), retailer="R")
        )
    with pytest.raises(InvalidInput):
        analyse_survey(surveyed, VIEWER, by="colour")
    with pytest.raises(NotFound):
        analyse_survey(surveyed, VIEWER, wave="W1999-01-01")


def test_under_service_items_become_area_actions(surveyed: Session, first_area: str) -> None:
    derived = derive_actions(surveyed, PLANNER, now=NOW)
    assert derived.areas == 20 and derived.created == 20
    action = next(a for a in derived.actions if a.area == first_area)
    assert action.id == f"under:W2026-12-07:{first_area}:on_time_delivery"
    assert (action.kind, action.role, action.subject, action.status) == (
        "under_service",
        "driver",
        "on_time_delivery",
        "open",
    )
    assert "送货准时" in action.text_zh and "on-time delivery" in action.text_en
    page = list_actions(surveyed, lead(first_area))
    assert [a.id for a in page.items] == [action.id]
    assert list_actions(surveyed, PLANNER).total == 20
    with pytest.raises(Forbidden):
        list_actions(surveyed, VIEWER)
    with pytest.raises(Forbidden):
        list_actions(surveyed, lead(first_area), area="A99")
    with pytest.raises(Forbidden):
        complete_action(surveyed, lead("A99"), action.id)
    assert complete_action(surveyed, lead(first_area), action.id).status == "done"
    again = derive_actions(surveyed, PLANNER, now=NOW)
    assert (again.created, again.kept) == (0, 20)
    assert [a.id for a in list_actions(surveyed, PLANNER, status="done").items] == [action.id]
    with pytest.raises(NotFound):
        complete_action(surveyed, Principal("s", AccountRole.SUPERVISOR), "nope")


def test_the_plan_is_stored_with_its_schedule(surveyed: Session) -> None:
    from graph.queries import Query

    (row,) = surveyed.read(Query.SURVEY_WAVES, keys=["W2026-12-07"])
    assert json.loads(str(row["items"])) == list(PLANTED)
    days = set(json.loads(str(row["schedule"])).values())
    assert min(days) == "2026-12-07" and max(days) <= "2027-01-05"
