"""``/api/map``: the district outlines for every signed-in user, and the retailers of the
caller's scope as columns."""

from __future__ import annotations

from typing import Any

import pytest
import shapely
from shapely.geometry import shape

from tests.api.checks import assert_error, body
from tests.api.live import Accounts, Api

COLUMNS = ("ids", "names", "licences", "lon", "lat", "areas", "tiers", "values")


@pytest.fixture(scope="module")
def outlines(shared_api: Api) -> dict[str, Any]:
    answer = shared_api.get("/api/map/boundaries", "viewer")
    assert answer.status_code == 200, answer.text
    assert "max-age" in answer.headers["cache-control"]
    found: dict[str, Any] = answer.json()
    return found


def test_the_outlines_are_hefeis_nine_units_in_wgs84(outlines: dict[str, Any]) -> None:
    assert outlines["type"] == "FeatureCollection"
    features = outlines["features"]
    assert len(features) == 9
    assert {f["properties"]["name_en"] for f in features} >= {"Yaohai", "Baohe", "Chaohu"}
    assert all(set(f["properties"]) == {"adcode", "name", "name_en"} for f in features)
    shapes = [shape(f["geometry"]) for f in features]
    assert all(s.geom_type in ("Polygon", "MultiPolygon") and s.is_valid for s in shapes)
    west, south, east, north = shapely.union_all(shapes).bounds
    assert 116.6 < west < 116.8 and 117.9 < east < 118.1
    assert 30.8 < south < 31.0 and 32.5 < north < 32.7


def test_the_outlines_need_a_signed_in_user(shared_api: Api) -> None:
    assert_error(shared_api.get("/api/map/boundaries"), 401, "unauthenticated")


def test_the_city_map_holds_every_retailer_inside_the_outlines(
    shared_api: Api, outlines: dict[str, Any], area_of: dict[str, str]
) -> None:
    points = body(shared_api.get("/api/map/retailers", "dispatcher"))
    assert set(points) == {*COLUMNS, "count"}
    assert all(len(points[c]) == points["count"] == len(area_of) for c in COLUMNS)
    assert points["ids"] == sorted(area_of)
    assert dict(zip(points["ids"], points["areas"])) == area_of
    city = shapely.union_all([shape(f["geometry"]) for f in outlines["features"]])
    inside = shapely.contains_xy(city.buffer(0.001), points["lon"], points["lat"])
    assert inside.all()


def test_a_team_lead_maps_their_area_only_and_may_not_ask_for_another(
    shared_api: Api, accounts: Accounts, area_of: dict[str, str]
) -> None:
    own = sorted(r for r, a in area_of.items() if a == accounts.lead_area)
    mine = body(shared_api.get("/api/map/retailers", "lead"))
    assert mine["ids"] == own and mine["count"] == len(own)
    assert mine == body(
        shared_api.get(f"/api/map/retailers?area={accounts.lead_area}", "dispatcher")
    )
    other = shared_api.get(f"/api/map/retailers?area={accounts.other_area}", "lead")
    assert accounts.other_area in assert_error(other, 403, "forbidden")
    assert_error(shared_api.get("/api/map/retailers", "viewer"), 403, "forbidden")
    assert_error(shared_api.get("/api/map/retailers?area=A99", "planner"), 404, "not_found")
