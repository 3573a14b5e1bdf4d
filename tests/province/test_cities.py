"""The province's cities: names, codes, derived seeds and the folder's manifest."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import InvalidInput, NotFound
from province.cities import ANHUI, derived_seed, province_cities, read_manifest, write_manifest


def test_anhui_has_its_sixteen_cities_with_distinct_codes() -> None:
    assert len(ANHUI) == 16 and len({c.adcode for c in ANHUI}) == 16
    assert ANHUI[0].name == "合肥市" and all(c.adcode.startswith("34") for c in ANHUI)


def test_each_city_gets_its_own_seed_and_the_same_one_every_time() -> None:
    first = province_cities(4, 3000, seed=7)
    assert [c.seed for c in first] == [c.seed for c in province_cities(4, 3000, seed=7)]
    assert len({c.seed for c in first}) == 4
    assert [c.seed for c in province_cities(4, 3000, seed=8)] != [c.seed for c in first]
    assert derived_seed(7, "340100", "DC01", "2026-11-24") != derived_seed(7, "340100", "DC02")


@pytest.mark.parametrize(
    ("cities", "retailers", "message"),
    [(0, 3000, "cities: 0 must be 1..16"), (17, 3000, "cities: 17"), (2, 50, "≥ 100")],
)
def test_counts_out_of_range_are_refused(cities: int, retailers: int, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        province_cities(cities, retailers, seed=7)


def test_the_manifest_lists_the_cities_and_their_stores(tmp_path: Path) -> None:
    cities = province_cities(2, 300, seed=3)
    write_manifest(tmp_path, 3, cities)
    assert read_manifest(tmp_path) == (3, cities)
    assert cities[1].store(tmp_path) == f"ladybug://{tmp_path.resolve()}/340200/graph"
    with pytest.raises(NotFound, match="crm province seed"):
        read_manifest(tmp_path / "elsewhere")
