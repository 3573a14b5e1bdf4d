"""Synthetic delivery-territory-design instances in the style of the published DU set
(Ríos-Mercado & Fernández 2009): units spread uniformly over a 500 × 500 square, joined by
their Delaunay triangulation (a planar graph), each with three activity measures drawn
uniformly — customers in [4, 20], product demand in [15, 400], workload in [15, 100] — under
the attribute names of the published GraphML files (``n_customers``, ``demand``, ``workload``,
``x``, ``y``; edge ``distance``)."""

from __future__ import annotations

import math
from pathlib import Path

import networkx as nx
import numpy as np
from scipy.spatial import Delaunay


def make_instance(n: int, seed: int) -> nx.Graph:
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0, 500, size=(n, 2))
    g = nx.Graph()
    for i, (x, y) in enumerate(xy):
        g.add_node(
            str(i),
            x=float(x),
            y=float(y),
            n_customers=int(rng.integers(4, 21)),
            demand=float(rng.integers(15, 401)),
            workload=float(rng.integers(15, 101)),
        )
    for simplex in Delaunay(xy).simplices:
        for a, b in ((0, 1), (1, 2), (0, 2)):
            u, v = int(simplex[a]), int(simplex[b])
            g.add_edge(str(u), str(v), distance=float(math.dist(xy[u], xy[v])))
    return g


def write_instances(folder: Path, *, n: int = 500, seeds: range = range(1, 6)) -> list[Path]:
    """Write ``DU{n}-{seed}.graphml`` files into `folder`; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for seed in seeds:
        path = folder / f"DU{n}-{seed:02d}.graphml"
        nx.write_graphml(make_instance(n, seed), path)
        paths.append(path)
    return paths
