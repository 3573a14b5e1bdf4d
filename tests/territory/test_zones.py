"""Zones are connected unions of whole areas, balanced on stops and cases."""

from __future__ import annotations

import numpy as np

from territory.zones import Fit, design_zones, shortfall


def _ring(n: int) -> list[set[int]]:
    return [{(i - 1) % n, (i + 1) % n} for i in range(n)]


def test_zones_are_connected_and_balanced() -> None:
    loads = np.column_stack([np.full(12, 100.0), np.linspace(40, 60, 12)])
    plan = design_zones(_ring(12), loads, 3, seed=1)
    assert plan.contiguous
    assert sorted(np.bincount(plan.zone_of).tolist()) == [4, 4, 4]
    assert max(plan.deviation.values()) < 0.10


def test_fleet_shortfall_is_avoided_when_balance_allows() -> None:
    loads = np.column_stack([np.full(6, 10.0), np.full(6, 10.0)])
    depot = np.zeros((6, 2))
    depot[:3, 0], depot[3:, 1] = 10.0, 10.0
    fit = Fit(depot, np.array([10.0, 10.0]))
    graph = _ring(6)
    graph[1].add(4)
    graph[4].add(1)  # with this chord every zone can take one area of each depot
    plan = design_zones(graph, loads, 3, fit=fit, seed=2)
    assert plan.contiguous and shortfall(plan.zone_of, fit, 3) == 0.0
