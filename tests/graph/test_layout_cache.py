"""Area layouts: satellites cluster round their hub; the cache is bounded, shared, computes a
layout once however many threads ask and gives answers back only while the store is unchanged."""

from __future__ import annotations

import math
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from graph import layout_cache
from graph.area_layout import LayoutInput, layout
from graph.layout_cache import LayoutCache


def _star(hubs: int, per_hub: int, tag: str = "") -> LayoutInput:
    """Hub h0 in the middle, linked to h1..; `per_hub` satellites on each outer hub."""
    names = [f"h{i}{tag}" for i in range(hubs)]
    return LayoutInput(
        hubs=tuple(names),
        links=tuple((names[0], h, 1.0) for h in names[1:]),
        satellites=tuple((f"{h}-s{j}", h) for h in names[1:] for j in range(per_hub)),
    )


def test_each_satellite_is_nearer_its_own_hub_than_any_other() -> None:
    spec = _star(6, 40)
    pos = layout(spec)
    assert set(pos) == set(spec.hubs) | {s for s, _ in spec.satellites}
    assert all(-1 <= v <= 1 for p in pos.values() for v in p)
    for node, hub in spec.satellites:
        own = math.dist(pos[node], pos[hub])
        assert all(own < math.dist(pos[node], pos[h]) for h in spec.hubs if h != hub)


def test_the_same_input_gives_the_same_layout_and_the_digest_tells_inputs_apart() -> None:
    assert layout(_star(4, 10)) == layout(_star(4, 10))
    assert _star(4, 10).digest() == _star(4, 10).digest() != _star(4, 11).digest()


def test_a_lone_hub_sits_in_the_middle() -> None:
    assert layout(LayoutInput(("a",), (), ())) == {"a": (0.0, 0.0)}


def test_the_cache_keeps_the_most_recently_used_layouts() -> None:
    cache = LayoutCache(max_layouts=2)
    a, b, c = (_star(3, 2, tag) for tag in "abc")
    first = cache.positions("A01", a)
    cache.positions("A02", b)
    assert cache.positions("A01", a) is first  # a hit, and now the most recent
    cache.positions("A03", c)  # evicts A02
    assert len(cache) == 2 and cache.computed == 3
    cache.positions("A01", a)
    assert cache.computed == 3
    cache.positions("A02", b)
    assert cache.computed == 4


def test_many_threads_asking_at_once_compute_a_layout_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = 0
    lock = threading.Lock()

    def slow(spec: LayoutInput, *, seed: int) -> dict[str, tuple[float, float]]:
        nonlocal calls
        with lock:
            calls += 1
        threading.Event().wait(0.2)
        return layout(spec, seed=seed)

    monkeypatch.setattr(layout_cache, "layout", slow)
    cache = LayoutCache()
    spec = _star(4, 5)
    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(lambda _: cache.positions("A01", spec), range(16)))
    assert calls == 1 and cache.computed == 1
    assert all(r is results[0] for r in results)


def test_an_answer_is_given_back_only_at_the_version_it_was_kept_at() -> None:
    cache = LayoutCache(max_graphs=1)
    answer = object()
    cache.keep(("A01", None), 7, answer)
    assert cache.graph(("A01", None), 7) is answer
    assert cache.graph(("A01", None), 8) is None  # the store changed since
    cache.keep(("A02", None), 7, object())  # room for one: A01's goes
    assert cache.graph(("A01", None), 7) is None


def test_a_cache_needs_room_for_one_entry() -> None:
    with pytest.raises(ValueError, match="a cache needs room for one entry, got 0"):
        LayoutCache(max_layouts=0)
