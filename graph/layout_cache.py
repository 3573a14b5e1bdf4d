"""Area graphs kept between requests: each layout computed once per area and node/edge set,
and whole answers kept for as long as the store has not changed.

One `LayoutCache` serves a whole process (the API's application state). It is thread-safe,
holds at most `max_layouts` layouts and `max_graphs` answers (the least recently used go
first) and computes a missing layout once even when many requests ask for it at once.
An answer is kept with the store's change counter (`Database.version`) read before it was
built, and given back only while the counter has not moved.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from typing import Generic, TypeVar, cast

from graph.area_layout import LayoutInput, Position, layout

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class _Recent(Generic[K, V]):
    """A mapping that keeps its `size` most recently used entries (not locked itself)."""

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError(f"a cache needs room for one entry, got {size}")
        self.size = size
        self.entries: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V | None:
        found = self.entries.get(key)
        if found is not None:
            self.entries.move_to_end(key)
        return found

    def put(self, key: K, value: V) -> None:
        self.entries[key] = value
        self.entries.move_to_end(key)
        while len(self.entries) > self.size:
            self.entries.popitem(last=False)


class LayoutCache:
    """Positions of area graphs by (area, digest of the layout input), and answers by key
    and store version."""

    def __init__(self, max_layouts: int = 256, max_graphs: int = 64, *, seed: int = 7) -> None:
        self.seed = seed
        self.computed = 0
        """Layouts computed so far (the rest were answered from the cache)."""
        self._layouts: _Recent[tuple[str, str], Mapping[str, Position]] = _Recent(max_layouts)
        self._graphs: _Recent[Hashable, tuple[int, object]] = _Recent(max_graphs)
        self._pending: dict[tuple[str, str], threading.Lock] = {}
        self._lock = threading.Lock()

    def positions(self, area: str, spec: LayoutInput) -> Mapping[str, Position]:
        """The layout of `spec` for `area`, from the cache or computed (once) and kept."""
        key = (area, spec.digest())
        with self._lock:
            found = self._layouts.get(key)
            if found is not None:
                return found
            pending = self._pending.setdefault(key, threading.Lock())
        with pending:
            with self._lock:
                found = self._layouts.get(key)
            if found is not None:
                return found
            try:
                result = layout(spec, seed=self.seed)
                with self._lock:
                    self.computed += 1
                    self._layouts.put(key, result)
            finally:
                with self._lock:
                    self._pending.pop(key, None)
            return result

    def graph(self, key: Hashable, version: int) -> object | None:
        """The answer kept for `key` at store `version`; None when there is none (or the
        store has changed since)."""
        with self._lock:
            found = self._graphs.get(key)
        return found[1] if found is not None and found[0] == version else None

    def keep(self, key: Hashable, version: int, graph: object) -> None:
        """Keep `graph`, built from the store at `version` (read before building it)."""
        with self._lock:
            self._graphs.put(key, (version, graph))

    def answer(self, key: Hashable, version: int | None, build: Callable[[], V]) -> V:
        """The answer kept for `key` at store `version`, else `build()`, kept for the next
        request; without a version (a store that counts no changes) `build()` every time.
        A key names one kind of answer, so what is kept under it is what `build` returns."""
        if version is None:
            return build()
        kept = self.graph(key, version)
        if kept is not None:
            return cast(V, kept)
        built = build()
        self.keep(key, version, built)
        return built

    def __len__(self) -> int:
        """The layouts kept."""
        with self._lock:
            return len(self._layouts.entries)
