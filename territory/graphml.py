"""The districting engine on any graph of basic units given as GraphML (`crm territory
partition`): node attributes hold the measures, optional ``x``/``y`` the coordinates, optional
edge ``distance`` the lengths (straight lines when coordinates exist, else 1)."""

from __future__ import annotations

import csv
import io
import math
import time
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import networkx as nx
import numpy as np
from numpy.typing import NDArray

from graph.errors import InvalidInput
from territory.balance_search import search_balance
from territory.design import design_partition
from territory.dispersion import Lengths, largest_of, reduce_diameter, search_diameter
from territory.metrics import evaluate
from territory.problem import PartitionProblem
from territory.rebalance.partition import HAIR

GraphML = Path | bytes | BinaryIO
"""A GraphML document: a file's path, its bytes or a binary file object."""


@dataclass(frozen=True)
class GraphInstance:
    graph: nx.Graph
    nodes: list[str]
    problem: PartitionProblem


def read_graph(source: GraphML) -> tuple[nx.Graph, str]:
    """The graph, and the name messages give it: the path, the file object's name or
    "the GraphML"."""
    data: Path | BinaryIO
    if isinstance(source, Path):
        if not source.exists():
            raise InvalidInput(f"{source}: no such file")
        name, data = str(source), source
    elif isinstance(source, bytes):
        name, data = "the GraphML", io.BytesIO(source)
    else:
        name, data = str(getattr(source, "name", "the GraphML")), source
    try:
        return nx.Graph(nx.read_graphml(data)), name
    except Exception as exc:  # networkx raises several kinds for a broken file
        raise InvalidInput(f"{name}: not a readable GraphML file ({exc})") from exc


def load_graphml(
    source: GraphML, measures: list[str], districts: int, tolerance: dict[str, float]
) -> GraphInstance:
    """Read the units, measures, coordinates and edge lengths."""
    g, name = read_graph(source)
    nodes = sorted(g.nodes, key=str)
    if not nodes:
        raise InvalidInput(f"{name}: the graph has no nodes")
    index = {n: i for i, n in enumerate(nodes)}
    values = {}
    for m in measures:
        missing = [n for n in nodes if m not in g.nodes[n]]
        if missing:
            raise InvalidInput(f"{name}: node {missing[0]} has no attribute {m!r}")
        values[m] = np.array([float(g.nodes[n][m]) for n in nodes])
    has_xy = all("x" in g.nodes[n] and "y" in g.nodes[n] for n in nodes)
    xy = (
        np.array([[float(g.nodes[n]["x"]), float(g.nodes[n]["y"])] for n in nodes])
        if has_xy
        else None
    )
    edges = []
    for a, b, data in g.edges(data=True):
        if "distance" in data:
            length = float(data["distance"])
        elif xy is not None:
            length = float(math.dist(xy[index[a]], xy[index[b]]))
        else:
            length = 1.0
        edges.append((index[a], index[b], length))
    if not nx.is_connected(g):
        raise InvalidInput(f"{name}: the graph is not connected, so no district plan can be")
    problem = PartitionProblem(
        tuple(nodes),
        values,
        tolerance,
        districts,
        tuple(edges),
        xy,
        priority={m: 1.0 for m in measures},
        aim=0.6,
    )
    return GraphInstance(g, nodes, problem)


@dataclass(frozen=True)
class PartitionResult:
    """A district plan of a graph's units and how good it is."""

    districts: int
    balance: dict[str, float]
    """Largest relative deviation from the mean per measure."""
    feasible: bool
    contiguous: bool
    compactness: float
    diameter: float
    """The largest district diameter, along `diameter_paths` (district or graph)."""
    diameter_paths: str
    misses: int
    """Districts × measures outside their tolerance."""
    seconds: float
    district_of: dict[str, int]
    """Each node's district, numbered from 0."""

    def assignment_csv(self) -> bytes:
        """The plan as ``node,district`` CSV rows (UTF-8)."""
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(["node", "district"])
        writer.writerows(self.district_of.items())
        return text.getvalue().encode("utf-8")


def partition_units(
    source: GraphML,
    *,
    districts: int,
    measures: list[str],
    tolerance: dict[str, float],
    objective: str = "compactness",
    time_limit_s: float = 120.0,
    seed: int = 7,
    max_starts: int = 20,
    search_iterations: int = 4000,
    searches: int = 3,
    paths: str = "district",
    balance_iterations: int = 3000,
) -> PartitionResult:
    """Partition the graph's units: the best of several starts (`seed`, `seed` + 1, ...),
    each brought inside its bands by the balance search (`search_balance`, at most
    `balance_iterations` moves along the graph's paths) when the design leaves it outside;
    then, for the diameter objective, an iterated local search of `search_iterations` kicks
    from each of the best `searches` starts, the smallest diameter winning (see
    `search_diameter`). Starts and kicks are counts, so a fixed seed gives the
    same plan; the time limit only cuts the search short. A diameter is measured along
    paths inside the district (`paths` ``district``) or along shortest paths of the whole
    graph (``graph``, the published benchmark's definition; needs an n × n matrix)."""
    if objective not in ("compactness", "diameter"):
        raise InvalidInput(f"objective {objective!r}: use compactness or diameter")
    if paths not in ("district", "graph"):
        raise InvalidInput(
            f"diameter paths {paths!r}: use district (paths inside a district) or graph "
            "(shortest paths of the whole graph)"
        )
    start = time.perf_counter()
    inst = load_graphml(source, measures, districts, tolerance)
    problem = inst.problem
    lengths: Lengths = (
        problem.graph_matrix() if paths == "district" else problem.distances_from(range(problem.n))
    )
    q = problem.matrix()
    mean = q.sum(axis=0) / districts
    tol = np.array([tolerance.get(m, 1.0) for m in problem.names])
    limits = (q, mean * (1 - tol), mean * (1 + tol), lengths, problem.neighbours(), set[int]())
    found: list[tuple[tuple[bool, float], int, NDArray[np.int64]]] = []
    for attempt in range(max_starts):
        part = design_partition(
            problem,
            seed=seed + attempt,
            rounds=6,
            passes=40,
            candidates=min(8, districts),
            time_limit_s=time_limit_s,
            settle=objective == "compactness",
        )
        labels = part.labels
        if not part.quality.feasible and part.quality.contiguous:
            labels = np.asarray(
                search_balance(
                    labels.tolist(),
                    q,
                    mean * (1 - tol * HAIR),
                    mean * (1 + tol * HAIR),
                    problem.neighbours(),
                    set(),
                    seed=seed + attempt,
                    iterations=balance_iterations,
                    deadline=start + time_limit_s * 0.95,
                ),
                dtype=np.int64,
            )
        if objective == "diameter":
            labels = np.asarray(reduce_diameter(labels.tolist(), *limits), dtype=np.int64)
        quality = evaluate(problem, labels)
        value = (
            largest_of(labels.tolist(), lengths) if objective == "diameter" else quality.compactness
        )
        found.append(((not quality.feasible, value), attempt, labels))
        if time.perf_counter() - start > time_limit_s * 0.4:
            break
    found.sort(key=lambda f: (f[0], f[1]))
    labels = found[0][2]
    if objective == "diameter":
        best: tuple[tuple[bool, float], NDArray[np.int64]] | None = None
        for _, attempt, start_labels in found[:searches]:
            searched = search_diameter(
                start_labels.tolist(),
                *limits,
                seed=seed + attempt,
                iterations=search_iterations,
                deadline=start + time_limit_s * 0.95,
            )
            score = (
                not evaluate(problem, np.asarray(searched)).feasible,
                largest_of(searched, lengths),
            )
            if best is None or score < best[0]:
                best = (score, np.asarray(searched, dtype=np.int64))
        assert best is not None
        labels = best[1]
    quality = evaluate(problem, labels)
    return PartitionResult(
        districts,
        {m: round(v, 4) for m, v in quality.balance.items()},
        quality.feasible,
        quality.contiguous,
        round(quality.compactness, 4),
        round(largest_of(labels.tolist(), lengths), 4),
        paths,
        len(quality.misses),
        round(time.perf_counter() - start, 2),
        {str(n): int(d) for n, d in zip(inst.nodes, labels.tolist())},
    )
