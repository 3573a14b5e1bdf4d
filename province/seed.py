"""`crm province seed`: one generated city a store, under a province folder."""

from __future__ import annotations

from pathlib import Path

from graph.database import open_database
from graph.principal import LOCAL_ADMIN
from graph.progress import Progress
from province.cities import ProvinceCity, province_cities, write_manifest
from seeds.params import CityParams
from seeds.service import seed_city


def seed_province(
    into: Path, cities: int, retailers: int, seed: int, progress: Progress | None = None
) -> list[ProvinceCity]:
    """Seed `cities` cities of `retailers` each into `into` (each city's store emptied
    first) and write the folder's manifest. Raises InvalidInput for counts out of range."""
    made = province_cities(cities, retailers, seed)
    for done, city in enumerate(made):
        if progress:
            progress(f"seed {city.adcode}", done, len(made))
        with open_database(city.store(into)) as db, db.session() as session:
            seed_city(session, LOCAL_ADMIN, CityParams(retailers=retailers), city.seed, reset=True)
    write_manifest(into, seed, made)
    if progress:
        progress("seed", len(made), len(made))
    return made
