"""Scores entered and imported on the stored tiny city: scope per role, re-scores replace,
every import row answered; the report and a retailer's accumulated points."""

from __future__ import annotations

from datetime import datetime

import pytest

from care.service.points import import_scores, points_report, retailer_points, submit_score
from classification.params import ClassParams
from classification.points import points_class
from graph.errors import Forbidden, InvalidInput, NotFound
from graph.model import Role
from graph.principal import LOCAL_ADMIN, AccountRole, Principal
from graph.session import Session
from seeds.city import City
from tests.care.service.conftest import lead_of, shops_in

EIGHTIES = (80.0, 80.0, 80.0, 80.0)
"""Law-abiding, cooperation, constructive and growth scores of 80."""
NOW = datetime(2026, 11, 5, 10, 0)


def _member(city: City, area: str, role: Role) -> str:
    return next(s for s, a, r in sorted(city.staffing.members) if a == area and r is role)


def _staff(city: City, staff: str, role: Role, *areas: str) -> Principal:
    return Principal(staff, AccountRole.STAFF, staff, role, frozenset(areas))


def test_a_manager_scores_its_own_shop_and_a_rescore_replaces(
    city_session: Session, tiny_city: City
) -> None:
    shop = shops_in(tiny_city, "A03")[0]
    manager = _staff(tiny_city, tiny_city.staffing.manager_of[shop], Role.MANAGER, "A03")
    first = submit_score(city_session, manager, shop, "2026-10", 60, 60, 60, 60, now=NOW)
    assert first.id == f"{shop}|manager|2026-10" and first.staff_id == manager.staff
    submit_score(city_session, manager, shop, "2026-10", 100, 90, 80, 70, now=NOW)
    card = retailer_points(city_session, LOCAL_ADMIN, shop, months=3)
    october = card.months[-1]
    [mine] = [s for s in october.scores if s.role == "manager"]
    assert (mine.law_abiding, mine.growth, mine.points) == (100, 70, 87.0)
    assert october.points == round(sum(s.points for s in october.scores) / len(october.scores), 2)
    assert card.accumulated == round(sum(m.points or 0 for m in card.months), 2)
    assert card.points_class == points_class(card.accumulated, ClassParams())


def test_scope_a_manager_only_its_shops_a_lead_only_its_areas(
    city_session: Session, tiny_city: City
) -> None:
    other = shops_in(tiny_city, "A05")[0]
    manager_a04 = _staff(
        tiny_city,
        tiny_city.staffing.manager_of[shops_in(tiny_city, "A04")[0]],
        Role.MANAGER,
        "A04",
        "A05",
    )
    with pytest.raises(Forbidden, match="does not serve"):
        submit_score(city_session, manager_a04, other, "2026-10", *EIGHTIES, now=NOW)
    driver = _member(tiny_city, "A05", Role.DRIVER)
    with pytest.raises(Forbidden, match="as itself"):
        submit_score(city_session, manager_a04, other, "2026-10", *EIGHTIES, staff=driver, now=NOW)
    with pytest.raises(Forbidden, match="not in the areas"):
        submit_score(
            city_session,
            lead_of(tiny_city, "A04"),
            other,
            "2026-10",
            *EIGHTIES,
            staff=driver,
            now=NOW,
        )
    done = submit_score(
        city_session,
        lead_of(tiny_city, "A05"),
        other,
        "2026-10",
        *EIGHTIES,
        staff=driver,
        now=NOW,
    )
    assert (done.role, done.staff_id) == (Role.DRIVER, driver)
    viewer = Principal("v", AccountRole.VIEWER)
    with pytest.raises(Forbidden):
        submit_score(city_session, viewer, other, "2026-10", *EIGHTIES, now=NOW)


def test_bad_values_future_months_and_unknown_shops_are_refused(
    city_session: Session, tiny_city: City
) -> None:
    shop = shops_in(tiny_city, "A06")[0]
    with pytest.raises(InvalidInput, match="0–100"):
        submit_score(city_session, LOCAL_ADMIN, shop, "2026-10", 101, 0, 0, 0, now=NOW)
    manager = tiny_city.staffing.manager_of[shop]
    with pytest.raises(InvalidInput, match="has not begun"):
        submit_score(city_session, LOCAL_ADMIN, shop, "2026-12", 1, 1, 1, 1, staff=manager, now=NOW)
    with pytest.raises(InvalidInput, match="name the staff member"):
        submit_score(city_session, LOCAL_ADMIN, shop, "2026-10", 1, 1, 1, 1, now=NOW)
    with pytest.raises(InvalidInput, match="YYYY-MM"):
        submit_score(city_session, LOCAL_ADMIN, shop, "2026-1", 1, 1, 1, 1, now=NOW)
    with pytest.raises(NotFound):
        submit_score(city_session, LOCAL_ADMIN, "nope", "2026-10", 1, 1, 1, 1, now=NOW)


def test_an_import_answers_every_row_and_checks_scope_per_row(
    city_session: Session, tiny_city: City
) -> None:
    mine, theirs = shops_in(tiny_city, "A07")[:2], shops_in(tiny_city, "A08")[0]
    inspector = _member(tiny_city, "A07", Role.INSPECTOR)
    content = (
        "客户编码,评分人,月份,守法经营,合作配合,建设性,成长性\n"
        f"{mine[0]},{inspector},2026-09,90,80,70,60\n"
        f"{mine[1]},{inspector},2026-12,90,80,70,60\n"
        f"{theirs},{_member(tiny_city, 'A08', Role.INSPECTOR)},2026-09,90,80,70,60\n"
        f"nope,{inspector},2026-09,90,80,70,60\n"
        f"{mine[1]},{inspector},2026-09,90,80,70,abc\n"
        f"{mine[1]},{_member(tiny_city, 'A08', Role.MANAGER)},2026-09,90,80,70,60\n"
    ).encode()
    report = import_scores(city_session, lead_of(tiny_city, "A07"), content, "s.csv", now=NOW)
    assert (report.rows, report.created, report.updated, report.rejected) == (6, 0, 1, 5)
    assert [e.line for e in report.errors] == [3, 4, 5, 6, 7]
    assert "has not begun" in report.errors[0].message
    assert "not in the areas" in report.errors[1].message
    assert report.errors[3].column == "成长性"
    assert "does not serve" in report.errors[4].message
    card = retailer_points(city_session, LOCAL_ADMIN, mine[0], months=2)
    [september] = [s for s in card.months[0].scores if s.role == "inspector"]
    assert (september.staff_id, september.points) == (inspector, 77.0)


def test_the_report_keeps_to_the_leads_areas(city_session: Session, tiny_city: City) -> None:
    lead = lead_of(tiny_city, "A09")
    result = points_report(city_session, lead)
    report = result.report
    assert report.month == "2026-10" and report.months == ("2026-08", "2026-09", "2026-10")
    assert {c.area for c in report.completeness} == {"A09"}
    expected = len(shops_in(tiny_city, "A09"))
    assert all(c.expected == expected for c in report.completeness)
    assert all(0 < (c.share or 0) <= 1 for c in report.completeness)
    with pytest.raises(Forbidden):
        points_report(city_session, lead, area="A10")
    whole = points_report(city_session, LOCAL_ADMIN, month="2026-09").report
    assert len({c.area for c in whole.completeness}) == 20 and whole.raters
