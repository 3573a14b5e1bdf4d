"""Sparse districting instances without coordinates: square grids with holes cut out of them.

A ``side × side`` grid loses units in one of several hole patterns (round lakes, rectangular
blocks, long corridors, scattered single units); what stays connected to the largest piece is
the instance. Units carry the three activity measures of the published planar instances
(customers in [4, 20], demand in [15, 400], workload in [15, 100]); edges carry only a
``distance`` in [5, 12] and the GraphML holds no ``x``/``y``, so the engine sees a sparse graph
(degree 2–4) with edge lengths alone.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np

PATTERNS = ("lakes", "blocks", "corridors", "scatter")
"""The hole patterns, one per instance in turn."""
CLOSED = 0.12
"""Share of the remaining grid edges tried for removal (kept when removing one would cut the
graph or leave a unit with one neighbour), so that the average degree falls to about 3."""


def _holes(side: int, pattern: str, rng: np.random.Generator) -> set[tuple[int, int]]:
    cells = {(r, c) for r in range(side) for c in range(side)}
    gone: set[tuple[int, int]] = set()
    if pattern == "lakes":
        for _ in range(int(rng.integers(3, 6))):
            cr, cc = rng.uniform(0, side, size=2)
            radius = rng.uniform(side * 0.06, side * 0.14)
            gone |= {(r, c) for r, c in cells if (r - cr) ** 2 + (c - cc) ** 2 <= radius**2}
    elif pattern == "blocks":
        for _ in range(int(rng.integers(4, 8))):
            h, w = rng.integers(2, max(3, side // 5), size=2)
            r0, c0 = rng.integers(0, side - 1, size=2)
            gone |= {(r, c) for r, c in cells if r0 <= r < r0 + h and c0 <= c < c0 + w}
    elif pattern == "corridors":
        for i in range(int(rng.integers(2, 4))):
            at = int(rng.integers(2, side - 2))
            gaps = set(rng.integers(0, side, size=3).tolist())
            line = {(at, c) for c in range(side)} if i % 2 == 0 else {(r, at) for r in range(side)}
            gone |= {cell for cell in line if (cell[1] if i % 2 == 0 else cell[0]) not in gaps}
    elif pattern == "scatter":
        gone = {cell for cell in sorted(cells) if rng.random() < 0.15}
    else:
        raise ValueError(f"hole pattern {pattern!r}: use one of {', '.join(PATTERNS)}")
    return gone


def make_grid_instance(n: int, seed: int, pattern: str) -> nx.Graph:
    """A connected grid-with-holes graph of `n` units (a few more when trimming its rim
    would cut it or leave a unit with one neighbour)."""
    rng = np.random.default_rng(seed)
    side = int(np.ceil(np.sqrt(n * 1.25)))
    for _ in range(50):
        gone = _holes(side, pattern, rng)
        grid = nx.grid_2d_graph(side, side)
        grid.remove_nodes_from(gone)
        grid = nx.k_core(grid, 2)  # no dead ends: every unit keeps two neighbours
        piece = max(nx.connected_components(grid), key=len)
        if len(piece) >= n:
            break
        side += 1
    keep = set(piece)
    while len(keep) > n:  # trim units on the rim of the piece, keeping it connected
        sub = grid.subgraph(keep)
        rim = [c for c in sorted(keep) if sub.degree(c) <= 3] or sorted(keep)
        for i in rng.permutation(len(rim)):
            rest = grid.subgraph(keep - {rim[i]})
            if nx.is_connected(rest) and min(d for _, d in rest.degree) >= 2:
                keep.discard(rim[i])
                break
        else:
            break  # nothing more can go: the instance stays a little larger
    streets = nx.Graph(grid.subgraph(keep))
    edges = sorted(streets.edges)
    for i in rng.permutation(len(edges))[: int(CLOSED * len(edges))]:
        a, b = edges[i]
        streets.remove_edge(a, b)
        if streets.degree(a) < 2 or streets.degree(b) < 2 or not nx.has_path(streets, a, b):
            streets.add_edge(a, b)
    g = nx.Graph()
    name = {cell: str(i) for i, cell in enumerate(sorted(keep))}
    for cell in sorted(keep):
        g.add_node(
            name[cell],
            n_customers=int(rng.integers(4, 21)),
            demand=float(rng.integers(15, 401)),
            workload=float(rng.integers(15, 101)),
        )
    for a, b in sorted(streets.edges):
        g.add_edge(name[a], name[b], distance=float(rng.integers(5, 13)))
    return g


def write_grid_instances(
    folder: Path, *, sizes: tuple[int, ...] = (400, 500, 600, 700), seeds: range = range(1, 3)
) -> list[Path]:
    """Write ``GH{n}-{pattern}-{seed}.graphml`` files: every size with patterns in turn."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, n in enumerate(sizes):
        for seed in seeds:
            pattern = PATTERNS[(i + seed) % len(PATTERNS)]
            path = folder / f"GH{n}-{pattern}-{seed:02d}.graphml"
            nx.write_graphml(make_grid_instance(n, seed * 1000 + n, pattern), path)
            paths.append(path)
    return paths


def make_planted_grid(
    blocks: tuple[int, int], block_side: int, seed: int, *, holes: float = 0.15
) -> tuple[nx.Graph, dict[str, int]]:
    """A grid with holes that a balanced plan is known to exist on: `blocks` (rows, columns)
    of square blocks, each `block_side` units wide, lose units and edges only while every
    block stays connected, and each block's measures are scaled to the same totals. Returns
    the graph (no coordinates) and the planted plan (node → block)."""
    rng = np.random.default_rng(seed)
    rows, cols = blocks[0] * block_side, blocks[1] * block_side
    grid = nx.grid_2d_graph(rows, cols)

    def block(cell: tuple[int, int]) -> int:
        return (cell[0] // block_side) * blocks[1] + cell[1] // block_side

    def intact(g: nx.Graph, cells: list[tuple[int, int]]) -> bool:
        return nx.is_connected(g) and all(
            nx.is_connected(g.subgraph([c for c in g if block(c) == b]))
            for b in {block(c) for c in cells}
        )

    for cell in sorted(grid):
        if rng.random() < holes and grid.degree(cell) > 0:
            edges = list(grid.edges(cell))
            grid.remove_node(cell)
            if not intact(grid, [n for _, n in edges]):
                grid.add_node(cell)
                grid.add_edges_from(edges)
    for a, b in sorted(grid.edges):
        if rng.random() < holes:
            grid.remove_edge(a, b)
            if not intact(grid, [a, b]):
                grid.add_edge(a, b)
    raw = {c: rng.uniform([4, 15, 15], [20, 400, 100]) for c in sorted(grid)}
    count = blocks[0] * blocks[1]
    totals = np.zeros((count, 3))
    for c, values in raw.items():
        totals[block(c)] += values
    target = totals.mean(axis=0)
    g = nx.Graph()
    name = {c: str(i) for i, c in enumerate(sorted(grid))}
    for c, values in raw.items():
        scaled = values * target / totals[block(c)]
        g.add_node(name[c], n_customers=scaled[0], demand=scaled[1], workload=scaled[2])
    for a, b in sorted(grid.edges):
        g.add_edge(name[a], name[b], distance=float(rng.integers(5, 13)))
    return g, {name[c]: block(c) for c in sorted(grid)}
