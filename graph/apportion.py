"""Whole numbers shared out in proportion: people to areas, vehicles to depots."""

from __future__ import annotations


def apportion(weights: list[float], n: int) -> list[int]:
    """Split n items over weights by largest remainder, at least one each when n allows.

    >>> apportion([3.0, 1.0], 4)
    [3, 1]
    >>> apportion([10.0, 0.1, 0.1], 3)
    [1, 1, 1]
    """
    total = sum(weights) or 1.0
    raw = [n * w / total for w in weights]
    floor = 1 if n >= len(weights) else 0
    base = [max(floor, int(r)) for r in raw]
    while sum(base) > n:
        cut = max(
            (i for i in range(len(base)) if base[i] > floor),
            key=lambda i: (base[i] - raw[i], base[i]),
        )
        base[cut] -= 1
    while sum(base) < n:
        base[max(range(len(base)), key=lambda i: raw[i] - base[i])] += 1
    return base
