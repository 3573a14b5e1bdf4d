"""`design_territory` on a seeded graph: who may run it, dry runs, applying, locks."""

from __future__ import annotations

from dataclasses import fields, replace

import pytest

from graph.errors import Forbidden, Infeasible, InvalidInput, NotFound
from graph.principal import Principal
from graph.queries import Query
from graph.serialise import to_data
from graph.service.stats import check_integrity
from graph.session import Session
from seeds.city import City
from territory.design_params import DesignParams
from territory.service import design_territory, require_feasible
from territory.service.results import AreaMiss, QualityFigures
from tests.territory.service.conftest import OUTSIDERS, PLANNER, node_counts, stored_territory

DESIGN_KEYS = [
    "areas", "zones", "balance", "tolerance", "feasible", "misses", "proven", "contiguous",
    "compactness_km", "area_table", "rounds", "settled", "zone_balance", "zones_contiguous",
    "zones_proved", "zone_days", "moved", "moved_fraction", "staff_changes", "team_loads",
    "applied", "plan_id", "seconds",
]  # fmt: skip
"""The keys of `crm territory design --json` before the service returned a dataclass."""


def areas_of(session: Session) -> dict[str, str]:
    return {str(r["id"]): str(r["area"]) for r in session.read(Query.TERRITORY_FACTS)}


@pytest.mark.parametrize("principal", OUTSIDERS, ids=lambda p: p.role.value)
def test_only_planners_and_admins_may_design(session: Session, principal: Principal) -> None:
    with pytest.raises(Forbidden, match="may not design the territory"):
        design_territory(session, principal, DesignParams(), dry_run=True)


def test_a_dry_run_reports_the_plan_and_writes_nothing(
    seeded_session: Session, tiny_city: City, quick: DesignParams
) -> None:
    before = stored_territory(seeded_session)
    params = quick.with_overrides(areas=6, zones=2)
    result = design_territory(seeded_session, PLANNER, params, dry_run=True)
    assert stored_territory(seeded_session) == before
    assert [f.name for f in fields(result)] == DESIGN_KEYS == list(to_data(result))
    assert (result.areas, result.zones, result.applied) == (6, 2, False)
    assert len({r.area for r in result.area_table}) == 6
    assert sum(r.customers for r in result.area_table) == len(tiny_city.retailers)
    assert result.moved_fraction == round(result.moved / len(tiny_city.retailers), 4)
    assert {z.zone for z in result.zone_days} == {1, 2}
    assert sum(z.stops for z in result.zone_days) == len(tiny_city.retailers)
    assert {t.role for t in result.team_loads} == {"manager", "agent", "inspector", "driver"}
    assert result.feasible == (not result.misses and result.contiguous)


def test_an_applied_design_writes_the_areas_keeps_the_locked_one_and_records_the_plan(
    seeded_session: Session, quick: DesignParams
) -> None:
    before = areas_of(seeded_session)
    params = quick.with_overrides(areas=4, zones=2, tolerance="0.2")
    result = design_territory(seeded_session, PLANNER, params, lock_areas=["A03"])
    after = areas_of(seeded_session)
    assert result.applied and len(set(after.values())) == 4
    assert sum(after[r] != before[r] for r in after) == result.moved > 0
    assert all(after[r] == "A03" for r, a in before.items() if a == "A03")
    assert node_counts(seeded_session)["TerritoryPlan"] == 2  # the seeded areas, then this


def delivery_fields_follow_the_areas(session: Session) -> bool:
    """Every retailer's delivery segment is its zone and area, its delivery route a line of
    its area, and the integrity check agrees."""
    facts = session.read(Query.DELIVERY_FACTS)
    return (
        all(f["segment"] == f"Z{f['zone']}-{f['area']}" for f in facts)
        and all(str(f["route"]).rsplit("-", 1)[0] == f["area"] for f in facts)
        and check_integrity(session, PLANNER).ok
    )


def test_an_applied_design_rewrites_every_delivery_segment_and_route_with_the_areas(
    seeded_session: Session, quick: DesignParams
) -> None:
    assert design_territory(seeded_session, PLANNER, quick).moved > 0
    assert delivery_fields_follow_the_areas(seeded_session)


def test_locks_and_pins_must_name_known_areas_and_retailers(
    seeded_session: Session, quick: DesignParams
) -> None:
    with pytest.raises(NotFound, match="area A99 not found"):
        design_territory(seeded_session, PLANNER, quick, dry_run=True, lock_areas=["A99"])
    with pytest.raises(NotFound, match="retailer R0 not found"):
        design_territory(seeded_session, PLANNER, quick, dry_run=True, pins={"A01": "R0"})
    with pytest.raises(InvalidInput, match="more locked or pinned areas than the 2 areas"):
        design_territory(
            seeded_session,
            PLANNER,
            quick.with_overrides(areas=2, zones=1),
            dry_run=True,
            lock_areas=["A01", "A02", "A03"],
        )


def figures(misses: tuple[AreaMiss, ...], proven: tuple[str, ...] = ()) -> QualityFigures:
    return QualityFigures(
        areas=2,
        zones=1,
        balance={},
        tolerance={},
        feasible=False,
        misses=misses,
        proven=proven,
        contiguous=True,
        compactness_km=1.0,
        area_table=(),
    )


@pytest.mark.parametrize(
    ("quality", "message"),
    [
        (
            figures((AreaMiss("volume", "A02", -0.134, 0.12),), ("A02: too little volume",)),
            "tolerances missed: A02 volume -13.4% (proven: A02: too little volume)",
        ),
        (figures(()), "tolerances missed: districts not connected"),
    ],
)
def test_a_strict_check_names_the_misses(quality: QualityFigures, message: str) -> None:
    with pytest.raises(Infeasible) as raised:
        require_feasible(quality)
    assert raised.value.message == message


def test_a_strict_check_passes_a_feasible_result() -> None:
    require_feasible(replace(figures(()), feasible=True))


def test_options_override_the_parameters_and_tolerance() -> None:
    base = DesignParams(seed=3, max_moved=0.2)
    params = base.with_overrides(areas=8, zones=None, tolerance="workload=0.1")
    assert (params.areas, params.zones, params.seed, params.max_moved) == (8, 3, 3, 0.2)
    assert params.tolerance == {"customers": 0.05, "workload": 0.1, "volume": 0.12}
    assert base.with_overrides() == base


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("sales=0.1", "tolerance: unknown measure 'sales'"),
        ("lots", "tolerance 'lots': give one share for every measure"),
        ("1.5", "tolerance for customers: 1.5 must be in"),
    ],
)
def test_bad_tolerances_are_refused_in_domain_words(spec: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message) as raised:
        DesignParams().with_overrides(tolerance=spec)
    assert "--" not in raised.value.message
