"""Shared fixtures: small named cities and a store fixture parametrised over the backends."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

from graph.database import Database, Neo4jCredentials, open_database
from graph.session import Session
from seeds.city import City, generate_city
from seeds.params import CityParams
from seeds.writer import write_city

if TYPE_CHECKING:
    from tests.api.live import Accounts

BACKENDS = ["ladybug"] + (["neo4j"] if os.environ.get("NEO4J_URI") else [])

settings.register_profile("repeatable", derandomize=True, database=None)
settings.load_profile("repeatable")
"""Property tests draw the same examples on every run, so a run's verdict is the code's and
not the draw's (a failure found while exploring is kept as an explicit example)."""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--runslow", action="store_true", help="also run tests marked slow")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--runslow"):
        return
    skip = pytest.mark.skip(reason="slow: pass --runslow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


def neo4j_credentials() -> Neo4jCredentials:
    return Neo4jCredentials(
        os.environ.get("NEO4J_USER", "neo4j"),
        os.environ.get("NEO4J_PASSWORD", ""),
        os.environ.get("NEO4J_DATABASE", "neo4j"),
    )


def open_backend(backend: str, tmp_path: Path) -> Database:
    """A fresh, empty database of the given backend."""
    if backend == "ladybug":
        return open_database(f"ladybug://{tmp_path / 'graph'}")
    db = open_database(os.environ["NEO4J_URI"], credentials=neo4j_credentials())
    with db.session() as session:
        session.clear()
    return db


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """An empty database: LadybugDB in tmp_path always, Neo4j when NEO4J_URI is set."""
    database = open_backend(request.param, tmp_path)
    yield database
    database.close()


@pytest.fixture
def session(db: Database) -> Iterator[Session]:
    """A session on the empty `db`."""
    with db.session() as s:
        yield s


@pytest.fixture(scope="session")
def tiny_city() -> City:
    """A 240-retailer city (20 areas, 3 zones), seed 7."""
    return generate_city(CityParams(retailers=240), 7)


@pytest.fixture
def seeded_session(session: Session, tiny_city: City) -> Session:
    """A session on a database holding `tiny_city`."""
    write_city(session, tiny_city)
    return session


@pytest.fixture(scope="module", params=BACKENDS)
def city_session(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, tiny_city: City
) -> Iterator[Session]:
    """A session on `tiny_city`, shared by the tests of a module: those that write touch
    objects no other test of the module reads."""
    db = open_backend(request.param, tmp_path_factory.mktemp("city"))
    with db.session() as session:
        write_city(session, tiny_city)
        yield session
    db.close()


@pytest.fixture(scope="module")
def first_area(tiny_city: City) -> str:
    """The code of the city's first area."""
    return tiny_city.areas[0].code


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory, tiny_city: City) -> tuple[Path, Accounts]:
    """`tiny_city` classified and routed, with an account per role, built once a session:
    the API and browser tests serve copies of this store file."""
    from tests.api.live import build_city  # the app and its server: only where served

    path = tmp_path_factory.mktemp("served-city") / "graph"
    return path, build_city(path, tiny_city)


@pytest.fixture(scope="session")
def accounts(template: tuple[Path, Accounts]) -> Accounts:
    """Who signs in to the served city."""
    return template[1]
