"""Servers on copies of the routed test city (`template`, in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from seeds.city import City
from tests.api.checks import personal_values
from tests.api.live import Accounts, Api, copy_store, serve


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
def area_of(tiny_city: City) -> dict[str, str]:
    """Each retailer's area in the served city."""
    return dict(tiny_city.retailer_area)


@pytest.fixture(scope="session")
def personal(tiny_city: City) -> frozenset[str]:
    """The names, phones, licence numbers and addresses in the served city."""
    return personal_values(tiny_city)
