"""Each area's figures: customers, workload and volume against the city mean, the team per
role and each member's load; names hidden from a viewer, other areas from a team lead."""

from __future__ import annotations

from collections import Counter

import pytest

from graph.errors import Forbidden
from graph.layout_cache import LayoutCache
from graph.principal import LOCAL_ADMIN, AccountRole, Principal
from graph.service.principals import retailer_principal, staff_principal
from graph.session import Session
from seeds.city import City
from territory.service.metrics import area_metrics

VIEWER = Principal("viewer", AccountRole.VIEWER)


def test_every_area_has_its_totals_and_deviations_from_the_city_mean(
    routed_city: Session, tiny_city: City
) -> None:
    metrics = area_metrics(routed_city, LOCAL_ADMIN)
    customers = Counter(tiny_city.retailer_area.values())
    volume: Counter[str] = Counter()
    for r in tiny_city.retailers:
        volume[tiny_city.retailer_area[r.id]] += r.avg_monthly_cases
    mean = len(tiny_city.retailers) / len(tiny_city.areas)
    assert [m.code for m in metrics] == sorted(a.code for a in tiny_city.areas)
    for m in metrics:
        assert m.customers == customers[m.code]
        assert m.customers_deviation == round(customers[m.code] / mean - 1, 4)
        assert m.volume == pytest.approx(volume[m.code], abs=0.01)
        assert m.workload > 0 and m.compactness_km >= 0
        assert m.zone == tiny_city.area_zone[m.code]
        assert m.name == next(a.name for a in tiny_city.areas if a.code == m.code)
    assert sum(m.workload_deviation for m in metrics) == pytest.approx(0, abs=1e-3)
    assert all(m.mean["customers"] == mean for m in metrics)
    assert metrics[0].mean["volume"] == round(sum(volume.values()) / len(tiny_city.areas), 2)
    assert metrics[0].tolerance == {"customers": 0.05, "workload": 0.05, "volume": 0.12}


def test_the_team_per_role_and_each_members_load(routed_city: Session, tiny_city: City) -> None:
    metrics = {m.code: m for m in area_metrics(routed_city, LOCAL_ADMIN)}
    people = Counter((a, r.value) for _, a, r in tiny_city.staffing.members)
    managed = Counter(tiny_city.staffing.manager_of.values())
    for code, m in metrics.items():
        assert {(t.role, t.people) for t in m.team} == {
            (role, n) for (a, role), n in people.items() if a == code
        }
        assert len(m.members) == sum(n for (a, _), n in people.items() if a == code)
        [lead] = [x for x in m.members if x.lead]
        assert lead.employee_no == tiny_city.staffing.leads[code] and lead.role == "manager"
        assert lead.load.retailers == managed[lead.employee_no]
        assert all(x.name for x in m.members)


def test_a_viewer_gets_every_area_with_counts_but_no_names(
    routed_city: Session, tiny_city: City
) -> None:
    seen = area_metrics(routed_city, VIEWER)
    full = area_metrics(routed_city, LOCAL_ADMIN)
    assert len(seen) == len(tiny_city.areas)
    assert all(m.members == () and m.team for m in seen)
    assert [m.customers_deviation for m in seen] == [m.customers_deviation for m in full]


def test_a_team_lead_gets_its_own_area_against_the_whole_citys_mean(
    routed_city: Session, tiny_city: City
) -> None:
    lead = staff_principal(routed_city, tiny_city.staffing.leads["A01"], AccountRole.TEAM_LEAD)
    [mine] = area_metrics(routed_city, lead)
    whole = {m.code: m for m in area_metrics(routed_city, LOCAL_ADMIN)}
    assert mine == whole["A01"]  # the mean too: over every area, not the lead's only


def test_a_retailer_may_not_read_area_figures(routed_city: Session, tiny_city: City) -> None:
    with pytest.raises(Forbidden, match="may not read the areas' figures"):
        area_metrics(routed_city, retailer_principal(routed_city, tiny_city.retailers[0].id))


def test_the_city_figures_are_kept_per_store_version_and_cut_to_each_scope(
    routed_city: Session, tiny_city: City
) -> None:
    cache = LayoutCache()
    whole = area_metrics(routed_city, LOCAL_ADMIN, cache=cache, version=1)
    lead = staff_principal(routed_city, tiny_city.staffing.leads["A02"], AccountRole.TEAM_LEAD)
    assert area_metrics(routed_city, lead, cache=cache, version=1) == tuple(
        m for m in whole if m.code in (lead.areas or ())
    )
    assert all(m.members == () for m in area_metrics(routed_city, VIEWER, cache=cache, version=1))
    cache.keep(("area-metrics",), 2, ())
    assert area_metrics(routed_city, LOCAL_ADMIN, cache=cache, version=2) == ()
    assert area_metrics(routed_city, LOCAL_ADMIN, cache=cache, version=3) == whole
