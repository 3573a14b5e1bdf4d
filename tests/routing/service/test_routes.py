"""Reading and exporting a date's routes, whole or through a principal's areas, and the dates
that have routes."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from graph.errors import Forbidden, InvalidInput, NotFound
from graph.layout_cache import LayoutCache
from graph.principal import AccountRole, Principal
from graph.queries import Query
from graph.service.principals import staff_principal
from graph.session import Session
from routing.export import CSV_COLUMNS
from routing.service import RoutePlanResult, export_routes, read_routes
from routing.service.routes import route_dates
from seeds.city import City
from tests.routing.service.conftest import DAY, DISPATCHER, lead_of

Routed = tuple[Session, RoutePlanResult]
ZONE_3_AREAS = ("A02", "A03", "A07", "A08", "A16", "A19")
"""The areas delivered on `DAY` in `tiny_city`."""


def _retailers(session: Session, principal: Principal) -> list[str]:
    return [s.retailer for r in read_routes(session, principal, DAY) for s in r.stops]


def test_routes_hold_the_served_stops_in_visiting_order(routed: Routed) -> None:
    session, plan = routed
    routes = read_routes(session, DISPATCHER, DAY)
    assert len({s.retailer for r in routes for s in r.stops}) == plan.served
    assert [r.route for r in routes] == sorted(r.route for r in routes)
    assert all(r.route == f"{DAY}-{r.vehicle}-{r.trip}" for r in routes)
    assert all(r.stops[0].seq == 1 and r.driver for r in routes)


@pytest.mark.parametrize("area", ZONE_3_AREAS)
def test_a_team_lead_reads_only_the_stops_of_their_area(
    routed: Routed, tiny_city: City, area: str
) -> None:
    session, _ = routed
    mine = _retailers(session, lead_of(area))
    everyone = _retailers(session, DISPATCHER)
    assert mine and {tiny_city.retailer_area[r] for r in mine} == {area}
    assert set(mine) == {r for r in everyone if tiny_city.retailer_area[r] == area}


def test_the_areas_together_read_every_stop_and_other_zones_none(routed: Routed) -> None:
    session, _ = routed
    everyone = _retailers(session, DISPATCHER)
    assert sorted(_retailers(session, lead_of(*ZONE_3_AREAS))) == sorted(everyone)
    assert read_routes(session, lead_of("A09", "A10"), DAY) == ()


def test_routes_carry_their_vehicles_capacity_and_the_seven_hour_shift(routed: Routed) -> None:
    session, _ = routed
    capacity = {str(v["id"]): v["capacity_cases"] for v in session.read(Query.FLEET)}
    routes = read_routes(session, DISPATCHER, DAY)
    assert all(r.capacity_cases == capacity[r.vehicle] > 0 for r in routes)
    assert {r.shift_min for r in routes} == {420}
    for vehicle in {r.vehicle for r in routes}:
        trips = [r for r in routes if r.vehicle == vehicle]
        assert sum(r.load_cases for r in trips) <= trips[0].capacity_cases + 1e-6


def test_the_dates_with_routes_are_those_with_a_stop_in_scope(routed: Routed) -> None:
    session, _ = routed
    assert route_dates(session, DISPATCHER) == (DAY,)
    assert route_dates(session, lead_of("A02")) == (DAY,)
    assert route_dates(session, lead_of("A09", "A10")) == ()


def test_a_staff_members_scope_comes_from_the_graph(routed: Routed, tiny_city: City) -> None:
    session, _ = routed
    manager = staff_principal(session, "HF0002", AccountRole.STAFF)  # A02's manager
    assert manager.areas == frozenset({"A02"})
    assert _retailers(session, manager) == _retailers(session, lead_of("A02"))


@pytest.mark.parametrize(
    "principal",
    [
        Principal("v", AccountRole.VIEWER),
        Principal("340102000001", AccountRole.RETAILER, areas=frozenset(), retailer="340102000001"),
    ],
    ids=["viewer", "retailer"],
)
def test_viewers_and_retailers_may_not_read_routes(routed: Routed, principal: Principal) -> None:
    message = f"{principal.user} ({principal.role.value}) may not read delivery routes"
    with pytest.raises(Forbidden, match=re.escape(message)):
        read_routes(routed[0], principal, DAY)
    with pytest.raises(Forbidden):
        export_routes(routed[0], principal, DAY, "csv")
    with pytest.raises(Forbidden):
        route_dates(routed[0], principal)


def test_the_csv_export_has_a_row_per_stop(routed: Routed) -> None:
    session, plan = routed
    export = export_routes(session, DISPATCHER, DAY, "csv")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8"))))
    assert rows[0] == list(CSV_COLUMNS) and len(rows) == plan.served + 1
    assert export.routes == len(read_routes(session, DISPATCHER, DAY))
    assert export.media_type == "text/csv"
    assert all(re.fullmatch(r"\d\d:\d\d", row[CSV_COLUMNS.index("eta")]) for row in rows[1:])


def test_the_geojson_export_draws_each_route_and_its_stops(routed: Routed) -> None:
    session, plan = routed
    export = export_routes(session, DISPATCHER, DAY, "geojson")
    features = json.loads(export.content)["features"]
    kinds = [f["geometry"]["type"] for f in features]
    assert kinds.count("LineString") == export.routes and kinds.count("Point") == plan.served
    line = features[0]["geometry"]["coordinates"]
    assert line[0] == line[-1]  # from the depot and back
    assert export.media_type == "application/geo+json"


def test_the_manifest_has_a_page_per_vehicle(routed: Routed) -> None:
    session, plan = routed
    text = export_routes(session, DISPATCHER, DAY, "manifest").content.decode("utf-8")
    pages = text.split("\f\n")
    assert len(pages) == plan.vehicles
    assert all(p.startswith("送货单 Delivery manifest — 2026-11-24") for p in pages)
    assert all("签收 Signature" in p for p in pages)


def test_a_team_leads_export_holds_only_their_retailers(routed: Routed, tiny_city: City) -> None:
    session, _ = routed
    export = export_routes(session, lead_of("A02"), DAY, "csv")
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8"))))
    assert rows and {tiny_city.retailer_area[r["retailer"]] for r in rows} == {"A02"}


def test_an_unknown_format_is_refused_before_reading(routed: Routed) -> None:
    with pytest.raises(InvalidInput, match="unknown format 'pdf': use geojson, csv, manifest"):
        export_routes(routed[0], DISPATCHER, DAY.replace(year=2030), "pdf")


def test_a_date_without_routes_is_not_found_without_naming_a_command(routed: Routed) -> None:
    with pytest.raises(NotFound) as caught:
        export_routes(routed[0], DISPATCHER, DAY.replace(day=25), "csv")
    assert str(caught.value) == "no routes planned for 2026-11-25: plan that date first"


def test_a_days_routes_are_kept_per_store_version_and_scope(routed: Routed) -> None:
    session, _ = routed
    cache = LayoutCache()
    whole = read_routes(session, DISPATCHER, DAY, cache=cache, version=1)
    assert whole == read_routes(session, DISPATCHER, DAY)
    assert read_routes(session, DISPATCHER, DAY, cache=cache, version=1) is whole
    lead = lead_of("A02")
    mine = read_routes(session, lead, DAY, cache=cache, version=1)
    assert mine == read_routes(session, lead, DAY) != whole
    again = read_routes(session, DISPATCHER, DAY, cache=cache, version=2)
    assert again == whole and again is not whole
    with pytest.raises(Forbidden):
        read_routes(session, Principal("v", AccountRole.VIEWER), DAY, cache=cache, version=2)
