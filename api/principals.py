"""Principals resolved from credentials, kept while the graph does not change.

Resolving a principal reads the account and the staff member's areas; the answer holds until
the store's change counter moves, so disabling an account or moving a team takes effect at
the next request.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from graph.principal import Principal

MAX_ENTRIES = 10_000


class PrincipalCache:
    """Thread-safe map of credential digest → principal for one version of the store."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version: int | None = None
        self._items: dict[str, Principal] = {}

    def resolve(
        self, key: str, version: int | None, resolve: Callable[[], Principal]
    ) -> Principal:
        """The principal cached under `key` for `version`, else `resolve()` (kept when the
        store has a version). A store without one is resolved every time."""
        if version is None:
            return resolve()
        with self._lock:
            if version != self._version:
                self._version, self._items = version, {}
            found = self._items.get(key)
        if found is not None:
            return found
        principal = resolve()
        with self._lock:
            if version == self._version and len(self._items) < MAX_ENTRIES:
                self._items[key] = principal
        return principal
