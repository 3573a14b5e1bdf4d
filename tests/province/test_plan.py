"""Planning a province in this process: every city designed, planned and written back, the
same digests on a re-run, and a failing city reported while the others complete."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import province.plan
from graph.database import open_database
from graph.principal import LOCAL_ADMIN
from province.cities import read_manifest
from province.plan import ProvinceSettings, plan_province
from province.runners import SerialRunner
from routing.service.routes import read_routes
from tests.province.conftest import CITIES

DAY = dt.date(2026, 11, 24)
QUICK = ProvinceSettings(day_solutions=40)


def test_every_city_is_designed_planned_and_written_back(fresh: Callable[[str], Path]) -> None:
    into = fresh("a")
    reports: list[tuple[Any, ...]] = []

    def progress(*report: Any) -> None:
        reports.append(report)

    result = plan_province(
        into, DAY, SerialRunner(), design=True, settings=QUICK, progress=progress
    )
    assert [c.ok for c in result.cities] == [True] * CITIES
    assert all(c.areas_digest and c.routes_digest and c.stops > 0 for c in result.cities)
    assert result.tasks == sum(c.tasks for c in result.cities)  # a design and a day a depot
    assert result.tasks > 2 * CITIES and reports[-1][1] == reports[-1][2] == result.tasks
    assert 0 < result.task_seconds <= result.wall_seconds and result.peak_worker_mib > 0
    _, cities = read_manifest(into)
    for city, outcome in zip(cities, result.cities):
        with open_database(city.store(into)) as db, db.session() as session:
            routes = read_routes(session, LOCAL_ADMIN, DAY)
        assert sum(len(r.stops) for r in routes) == outcome.served


def test_a_rerun_from_the_same_state_gives_the_same_digests(
    fresh: Callable[[str], Path],
) -> None:
    first = plan_province(fresh("a"), DAY, SerialRunner(), design=True, settings=QUICK)
    again = plan_province(fresh("b"), DAY, SerialRunner(), design=True, settings=QUICK)
    assert [(c.areas_digest, c.routes_digest) for c in first.cities] == [
        (c.areas_digest, c.routes_digest) for c in again.cities
    ]
    assert first.digest == again.digest


def test_a_city_whose_task_fails_is_reported_and_the_others_complete(
    fresh: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    into = fresh("a")
    _, cities = read_manifest(into)
    real = province.plan.design_task

    def crashing(problem: Any, params: Any) -> Any:
        if params.seed == province.plan.derived_seed(11, cities[1].adcode, "design"):
            raise RuntimeError("solver crashed")
        return real(problem, params)

    monkeypatch.setattr(province.plan, "design_task", crashing)
    result = plan_province(into, DAY, SerialRunner(), design=True, settings=QUICK)
    ok, failed = result.cities
    assert ok.ok and ok.routes_digest
    assert not failed.ok and failed.error == "design: RuntimeError: solver crashed"


def test_a_city_whose_store_is_empty_is_reported_and_the_others_complete(
    fresh: Callable[[str], Path],
) -> None:
    into = fresh("a")
    _, cities = read_manifest(into)
    shutil.rmtree(into / cities[1].adcode)  # an empty store opens in its place
    result = plan_province(into, DAY, SerialRunner(), settings=QUICK)
    ok, failed = result.cities
    assert ok.ok and ok.routes_digest and not ok.areas_digest  # no design asked for
    assert not failed.ok and failed.error.startswith("day: the graph has no vehicles")
