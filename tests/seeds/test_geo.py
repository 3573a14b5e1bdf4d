"""GCJ-02 conversion and the shipped polygons."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from shapely import Point

from seeds.geo import gcj02_to_wgs84, load_admin_units, load_districts, wgs84_to_gcj02


@given(st.floats(116.5, 118.0), st.floats(31.3, 32.7))
def test_gcj02_round_trip_is_within_a_centimetre(lon: float, lat: float) -> None:
    back = gcj02_to_wgs84(*wgs84_to_gcj02(lon, lat))
    assert abs(back[0] - lon) < 1e-7 and abs(back[1] - lat) < 1e-7


def test_the_seven_project_units_load_with_their_streets_and_towns() -> None:
    districts = load_districts()
    assert [d.adcode for d in districts] == [
        "340102",
        "340103",
        "340104",
        "340111",
        "340121",
        "340122",
        "340123",
    ]
    assert all(d.polygon.is_valid and d.polygon.contains(Point(*d.seat)) for d in districts)
    units = load_admin_units()
    assert {u.district for u in units} == {d.adcode for d in districts}
    assert len(units) > 90
