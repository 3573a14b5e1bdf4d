"""A small seeded province, copied afresh for every run that plans (planning writes back)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from province.seed import seed_province

CITIES, RETAILERS = 2, 400


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    into = tmp_path_factory.mktemp("province") / "seeded"
    seed_province(into, CITIES, RETAILERS, seed=11)
    return into


@pytest.fixture
def fresh(seeded: Path, tmp_path: Path) -> Callable[[str], Path]:
    """A copy of the seeded province under a new name."""

    def copy(name: str) -> Path:
        return Path(shutil.copytree(seeded, tmp_path / name))

    return copy
