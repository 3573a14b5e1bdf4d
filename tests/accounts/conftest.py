"""A cheap argon2 hasher, so tests that add accounts stay fast."""

from __future__ import annotations

import pytest
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher


@pytest.fixture(scope="session")
def cheap_hasher() -> PasswordHash:
    """Argon2id with the least time and memory: fine for tests, never for accounts."""
    return PasswordHash((Argon2Hasher(time_cost=1, memory_cost=8, parallelism=1),))
