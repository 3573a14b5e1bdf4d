"""A seeded, classified, routed city with accounts for every role, served over HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from seeds.city import City
from tests.api.checks import personal_values
from tests.api.live import Accounts, Api, build_city, copy_store, serve


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory, tiny_city: City) -> tuple[Path, Accounts]:
    """The city's store file, built once; tests serve copies of it."""
    path = tmp_path_factory.mktemp("api-city") / "graph"
    return path, build_city(path, tiny_city)


@pytest.fixture(scope="module")
def shared_api(
    tmp_path_factory: pytest.TempPathFactory, template: tuple[Path, Accounts]
) -> Iterator[Api]:
    """One server per test module for tests that only read (or whose writes do not matter)."""
    store = copy_store(template[0], tmp_path_factory.mktemp("api-shared") / "graph")
    with serve(store) as api:
        yield api


@pytest.fixture
def api(tmp_path: Path, template: tuple[Path, Accounts]) -> Iterator[Api]:
    """A server on a fresh copy of the city, for tests that write."""
    with serve(copy_store(template[0], tmp_path / "graph")) as served:
        yield served


@pytest.fixture(scope="session")
def accounts(template: tuple[Path, Accounts]) -> Accounts:
    return template[1]


@pytest.fixture(scope="session")
def area_of(tiny_city: City) -> dict[str, str]:
    """Each retailer's area in the served city."""
    return dict(tiny_city.retailer_area)


@pytest.fixture(scope="session")
def personal(tiny_city: City) -> frozenset[str]:
    """The names, phones, licence numbers and addresses in the served city."""
    return personal_values(tiny_city)
