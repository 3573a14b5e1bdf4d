"""The cities of a province: Anhui's 16 prefecture-level cities and each one's store.

Each city is its own graph in its own store (`DIR/<adcode>/graph`), so every city keeps its
single writer. Only Hefei's polygons ship with the product (`seeds/data`); the other cities
are generated on the same geography as a stand-in (their own retailers, orders and fleet
drawn from their own seed), under their real names and adcodes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from graph.errors import InvalidInput, NotFound

MANIFEST = "province.json"
"""The province folder's list of its cities (what `crm province seed` wrote)."""


@dataclass(frozen=True)
class City:
    adcode: str
    name: str
    name_en: str


ANHUI = (
    City("340100", "合肥市", "Hefei"),
    City("340200", "芜湖市", "Wuhu"),
    City("340300", "蚌埠市", "Bengbu"),
    City("340400", "淮南市", "Huainan"),
    City("340500", "马鞍山市", "Ma'anshan"),
    City("340600", "淮北市", "Huaibei"),
    City("340700", "铜陵市", "Tongling"),
    City("340800", "安庆市", "Anqing"),
    City("341000", "黄山市", "Huangshan"),
    City("341100", "滁州市", "Chuzhou"),
    City("341200", "阜阳市", "Fuyang"),
    City("341300", "宿州市", "Suzhou"),
    City("341500", "六安市", "Lu'an"),
    City("341600", "亳州市", "Bozhou"),
    City("341700", "池州市", "Chizhou"),
    City("341800", "宣城市", "Xuancheng"),
)
"""Anhui's prefecture-level cities with their administrative codes (GB/T 2260)."""


@dataclass(frozen=True)
class ProvinceCity:
    """A seeded city of a province folder."""

    adcode: str
    name: str
    name_en: str
    retailers: int
    seed: int
    """The seed its city was generated from (see `derived_seed`)."""

    def store(self, into: Path) -> str:
        """The city's store URL under the province folder `into`."""
        return f"ladybug://{(into / self.adcode / 'graph').resolve()}"


def derived_seed(seed: int, *keys: object) -> int:
    """A seed for one piece of work from the province's seed and the keys naming it (city,
    area, day): the same keys give the same seed on every machine and run.

    >>> derived_seed(7, "340100") == derived_seed(7, "340100"), derived_seed(7, "340200") < 2**31
    (True, True)
    """
    text = "/".join(str(k) for k in (seed, *keys))
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big") >> 1


def province_cities(count: int, retailers: int, seed: int) -> list[ProvinceCity]:
    """The first `count` cities of Anhui, each with its derived seed. Raises InvalidInput
    for a count outside 1..16 or fewer than 100 retailers a city."""
    if not 1 <= count <= len(ANHUI):
        raise InvalidInput(f"cities: {count} must be 1..{len(ANHUI)} (Anhui has {len(ANHUI)})")
    if retailers < 100:
        raise InvalidInput(f"retailers per city: {retailers} must be ≥ 100")
    return [
        ProvinceCity(c.adcode, c.name, c.name_en, retailers, derived_seed(seed, c.adcode))
        for c in ANHUI[:count]
    ]


def write_manifest(into: Path, seed: int, cities: list[ProvinceCity]) -> None:
    into.mkdir(parents=True, exist_ok=True)
    body = {"province": "安徽省 Anhui", "seed": seed, "cities": [asdict(c) for c in cities]}
    (into / MANIFEST).write_text(json.dumps(body, ensure_ascii=False, indent=2) + "\n")


def read_manifest(into: Path) -> tuple[int, list[ProvinceCity]]:
    """The province's seed and cities. Raises NotFound when `into` holds no province."""
    path = into / MANIFEST
    if not path.is_file():
        raise NotFound(f"{into} holds no province: run crm province seed --into {into} first")
    body = json.loads(path.read_text())
    return int(body["seed"]), [ProvinceCity(**c) for c in body["cities"]]
