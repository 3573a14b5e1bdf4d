"""Class counts: the whole city for whole-city roles and the viewer, a team lead's areas only."""

from __future__ import annotations

import pytest

from classification.classes import SCHEMES
from classification.params import ClassParams
from classification.service.classify import classify_store
from classification.service.summary import class_summary
from graph.errors import Forbidden
from graph.principal import LOCAL_ADMIN, AccountRole, Principal
from graph.service.principals import staff_principal
from graph.session import Session
from seeds.city import City

VIEWER = Principal("v", AccountRole.VIEWER)


def test_before_classifying_every_retailer_is_unclassified(
    seeded_session: Session, tiny_city: City
) -> None:
    summary = class_summary(seeded_session, VIEWER)
    assert summary.areas is None
    assert summary.retailers == summary.unclassified == len(tiny_city.retailers)
    assert summary.counts == {scheme: {} for scheme in SCHEMES}


def test_the_city_counts_are_those_the_classification_reported(seeded_session: Session) -> None:
    report = classify_store(seeded_session, LOCAL_ADMIN, ClassParams())
    summary = class_summary(seeded_session, VIEWER)
    assert (summary.retailers, summary.unclassified) == (report.retailers, 0)
    assert summary.counts == report.counts
    assert list(summary.counts["tier"]) == sorted(summary.counts["tier"], key=int)


def test_a_team_lead_counts_only_their_areas(seeded_session: Session, tiny_city: City) -> None:
    classify_store(seeded_session, LOCAL_ADMIN, ClassParams())
    area = tiny_city.areas[0].code
    lead = staff_principal(seeded_session, tiny_city.staffing.leads[area], AccountRole.TEAM_LEAD)
    summary = class_summary(seeded_session, lead)
    in_area = sum(1 for a in tiny_city.retailer_area.values() if a == area)
    assert summary.areas == (area,) and summary.retailers == in_area
    assert all(sum(counts.values()) == in_area for counts in summary.counts.values())


def test_a_retailer_may_not_read_class_counts(seeded_session: Session) -> None:
    shop = Principal("shop", AccountRole.RETAILER, retailer="R1", areas=frozenset())
    with pytest.raises(Forbidden, match="may not read class counts"):
        class_summary(seeded_session, shop)
