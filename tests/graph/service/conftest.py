"""A seeded city shared by a module's tests, and the principals that act on it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph.principal import AccountRole, Principal
from graph.service.principals import staff_principal
from graph.session import Session
from seeds.city import City
from seeds.writer import write_city
from tests.conftest import BACKENDS, open_backend


def in_area(tiny_city: City, area: str, n: int) -> str:
    """The `n`-th retailer (by id) of `area`."""
    return sorted(r for r, a in tiny_city.retailer_area.items() if a == area)[n]


@pytest.fixture(scope="module", params=BACKENDS)
def city_session(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, tiny_city: City
) -> Iterator[Session]:
    """A session on `tiny_city`, shared by the tests of a module: those that write touch
    retailers no other test of the module reads."""
    db = open_backend(request.param, tmp_path_factory.mktemp("city"))
    with db.session() as session:
        write_city(session, tiny_city)
        yield session
    db.close()


@pytest.fixture(scope="module")
def first_area(tiny_city: City) -> str:
    """The code of the city's first area."""
    return tiny_city.areas[0].code


@pytest.fixture
def team_lead(city_session: Session, tiny_city: City, first_area: str) -> Principal:
    """The first area's lead, acting as a team lead (scope read from the graph)."""
    return staff_principal(
        city_session, tiny_city.staffing.leads[first_area], AccountRole.TEAM_LEAD
    )
