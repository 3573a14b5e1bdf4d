"""The generated city's first areas and zones: a reasonable starting point that the territory
designer can then improve (planners rebalance from it)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from graph.apportion import apportion
from territory.bisection import bisect_balanced


def initial_areas(groups: Sequence[str], xy_km: NDArray[np.float64], k: int) -> list[int]:
    """Area index (0..k-1) per retailer: k areas shared over the groups (the urban districts
    together, each county alone) by retailer count, each group cut by balanced bisection."""
    names = sorted(set(groups), key=lambda g: (g != "urban", g))
    members = {g: np.flatnonzero(np.asarray(groups) == g) for g in names}
    counts = apportion([float(len(members[g])) for g in names], k)
    labels = np.zeros(len(groups), dtype=np.int64)
    first = 0
    for g, c in zip(names, counts):
        idx = members[g]
        labels[idx] = first + bisect_balanced(xy_km[idx], np.ones(len(idx)), c)
        first += c
    return labels.tolist()


def _sector_zones(area_xy: NDArray[np.float64], load: NDArray[np.float64], zones: int) -> list[int]:
    """Zone (1..zones) per area: runs of areas sorted by bearing from the city centre, cut so
    that the zones' loads are as even as possible (a brute force over rotations and cuts)."""
    order = np.argsort(np.arctan2(area_xy[:, 1], area_xy[:, 0]))
    n = len(order)
    best: tuple[float, list[int]] | None = None
    for rot in range(n):
        seq = np.roll(load[order], -rot)
        cum = np.cumsum(seq)
        cuts = [int(np.searchsorted(cum, cum[-1] * j / zones)) for j in range(1, zones)]
        bounds = [0, *[min(max(c, 1), n - 1) for c in cuts], n]
        sums = [seq[a:b].sum() for a, b in zip(bounds[:-1], bounds[1:])]
        if best is None or max(sums) - min(sums) < best[0]:
            zone_of = [0] * n
            for z, (a, b) in enumerate(zip(bounds[:-1], bounds[1:])):
                for j in range(a, b):
                    zone_of[int(order[(j + rot) % n])] = z + 1
            best = (max(sums) - min(sums), zone_of)
    assert best is not None
    return _east_first(best[1], area_xy, load)


def _east_first(
    zone_of: list[int], area_xy: NDArray[np.float64], load: NDArray[np.float64]
) -> list[int]:
    """The zones renumbered counter-clockwise from the one whose (load-weighted) bearing is
    nearest due east of the centre, so that the numbers do not hang on where the cuts fell."""
    heading = np.exp(1j * np.arctan2(area_xy[:, 1], area_xy[:, 0]))
    labels = np.asarray(zone_of)
    bearing = {
        z: float(np.angle((heading * load)[labels == z].sum())) % (2 * np.pi)
        for z in sorted(set(zone_of))
    }
    first = min(bearing, key=lambda z: min(bearing[z], 2 * np.pi - bearing[z]))
    order = sorted(bearing, key=lambda z: (bearing[z] - bearing[first]) % (2 * np.pi))
    number = {z: i + 1 for i, z in enumerate(order)}
    return [number[z] for z in zone_of]


def initial_zones(
    area_xy: NDArray[np.float64],
    area_load: Sequence[float] | NDArray[np.float64],
    area_group: Sequence[str],
    zones: int,
) -> list[int]:
    """Zone (1..zones) per area. The urban areas form bearing sectors of even load; each
    county's areas take the zones in turn (by bearing, starting from the zone of the nearest
    urban area) so that every county depot delivers on every day of the cycle."""
    load = np.asarray(area_load, float)
    urban = [i for i, g in enumerate(area_group) if g == "urban"]
    zone_of = [0] * len(area_group)
    for i, z in zip(urban, _sector_zones(area_xy[urban], load[urban], zones)):
        zone_of[i] = z
    for group in sorted(set(area_group) - {"urban"}):
        mine = sorted(
            (i for i, g in enumerate(area_group) if g == group),
            key=lambda i: float(np.arctan2(area_xy[i, 1], area_xy[i, 0])),
        )
        nearest = min(urban, key=lambda u: float(np.hypot(*(area_xy[u] - area_xy[mine[0]]))))
        for k, i in enumerate(mine):
            zone_of[i] = (zone_of[nearest] - 1 + k) % zones + 1
    return zone_of


def area_names(
    labels: Sequence[int], site_names: Sequence[tuple[str, str]], k: int
) -> list[tuple[str, str]]:
    """(Chinese, English) name per area after its largest trade area not already used."""
    counts: list[Counter[tuple[str, str]]] = [Counter() for _ in range(k)]
    for a, name in zip(labels, site_names):
        counts[a][name] += 1
    used: set[tuple[str, str]] = set()
    names: list[tuple[str, str]] = [("", "")] * k
    for a in sorted(range(k), key=lambda i: -sum(counts[i].values())):
        pick = next((n for n, _ in counts[a].most_common() if n not in used), None)
        if pick is None:
            pick = (f"第{a + 1}", f"No. {a + 1}")
        used.add(pick)
        names[a] = (f"{pick[0]}片区", f"{pick[1]} area")
    return names
