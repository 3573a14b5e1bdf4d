"""Balanced bisection gives k groups of near-equal weight."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from territory.bisection import bisect_balanced


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 12), st.integers(0, 10_000))
def test_groups_are_all_used_and_balanced(k: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 50 * k
    labels = bisect_balanced(rng.random((n, 2)), np.ones(n), k)
    counts = np.bincount(labels, minlength=k)
    assert len(counts) == k
    assert counts.max() - counts.min() <= int(np.ceil(np.log2(k))) + 1
