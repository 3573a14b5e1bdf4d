"""Node positions for an area's graph, computed on the server so a page draws it as is.

An area graph is a few hubs (the area, its neighbours, the team) and hundreds of retailers,
each hanging off one hub (its customer manager). A force-directed layout over all of them
takes seconds (networkx's spring layout: 1.2–3.3 s for the 620 nodes of a city area), so
the hubs are laid out by `networkx.spring_layout` (seeded, weighted: agents are pulled
towards the managers whose retailers they call) and each hub's retailers are set around
it on a sunflower spiral, in the order given, sized to stay clear of the other hubs.
Positions fit the square [-1, 1]².
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

import networkx as nx
import numpy as np

GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
CLEARANCE = 0.45
"""A cluster's radius as a share of the distance from its hub to the nearest other hub."""

Position = tuple[float, float]


@dataclass(frozen=True)
class LayoutInput:
    """What positions depend on: the hubs, weighted links between them, and the satellites
    (node, hub) in the order they wind out from their hub."""

    hubs: tuple[str, ...]
    links: tuple[tuple[str, str, float], ...]
    satellites: tuple[tuple[str, str], ...]

    def digest(self) -> str:
        """A short fingerprint of the input: equal inputs, equal layouts.

        >>> LayoutInput(("a",), (), ()).digest() == LayoutInput(("a",), (), ()).digest()
        True
        """
        return hashlib.blake2b(repr(self).encode(), digest_size=16).hexdigest()


def layout(spec: LayoutInput, *, seed: int = 7) -> dict[str, Position]:
    """Positions of every hub and satellite (see the module docstring); the same input and
    seed give the same positions.

    >>> pos = layout(LayoutInput(("a", "b"), (("a", "b", 1.0),), (("x", "a"), ("y", "a"))))
    >>> sorted(pos), all(-1 <= v <= 1 for p in pos.values() for v in p)
    (['a', 'b', 'x', 'y'], True)
    """
    hubs = _hub_positions(spec, seed)
    around: dict[str, list[str]] = {}
    for node, hub in spec.satellites:
        around.setdefault(hub, []).append(node)
    pos: dict[str, np.ndarray] = dict(hubs)
    for hub, nodes in around.items():
        pos.update(_spiral(hubs[hub], nodes, _room(hub, hubs)))
    return _fit(pos)


def _hub_positions(spec: LayoutInput, seed: int) -> dict[str, np.ndarray]:
    graph = nx.Graph()
    graph.add_nodes_from(sorted(spec.hubs))
    graph.add_weighted_edges_from(sorted(spec.links))
    if len(graph) == 1:
        return {next(iter(graph)): np.zeros(2)}
    placed = nx.spring_layout(graph, weight="weight", seed=seed, iterations=200)
    return {str(n): np.asarray(p, dtype=float) for n, p in placed.items()}


def _room(hub: str, hubs: dict[str, np.ndarray]) -> float:
    """The radius a hub's cluster may take: a share of the way to the nearest other hub."""
    gaps = [float(np.hypot(*(hubs[hub] - p))) for h, p in hubs.items() if h != hub]
    return CLEARANCE * min(gaps) if gaps else 1.0


def _spiral(centre: np.ndarray, nodes: list[str], radius: float) -> dict[str, np.ndarray]:
    step = radius / math.sqrt(len(nodes) + 0.5)
    return {
        node: centre
        + step
        * math.sqrt(i + 0.5)
        * np.array([math.cos(i * GOLDEN_ANGLE), math.sin(i * GOLDEN_ANGLE)])
        for i, node in enumerate(nodes)
    }


def _fit(pos: dict[str, np.ndarray]) -> dict[str, Position]:
    """Centre the positions and scale them into [-1, 1]², rounded to 4 decimals."""
    xy = np.array(list(pos.values()))
    centre = (xy.max(axis=0) + xy.min(axis=0)) / 2
    half = float(np.abs(xy - centre).max()) or 1.0
    return {
        n: (round(float(p[0] - centre[0]) / half, 4), round(float(p[1] - centre[1]) / half, 4))
        for n, p in pos.items()
    }
