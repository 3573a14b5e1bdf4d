"""The diameter search keeps balance and contiguity and never does worse than its descent."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from benchmarks.territory_instances import make_instance
from territory.design import design_partition
from territory.dispersion import largest_of, reduce_diameter, search_diameter
from territory.graphml import load_graphml
from territory.metrics import evaluate
from territory.problem import PartitionProblem

MEASURES = ("n_customers", "demand", "workload")


@pytest.fixture(scope="module")
def start(tmp_path_factory: pytest.TempPathFactory) -> tuple[PartitionProblem, list[int]]:
    """A balanced 4-district plan of a 150-unit planar instance."""
    path = tmp_path_factory.mktemp("dispersion") / "du150.graphml"
    nx.write_graphml(make_instance(150, 5), path)
    problem = load_graphml(path, list(MEASURES), 4, {m: 0.05 for m in MEASURES}).problem
    part = design_partition(problem, seed=1, rounds=6, passes=40, candidates=4)
    assert part.quality.feasible
    return problem, part.labels.tolist()


def _bounds(problem: PartitionProblem) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    q = problem.matrix()
    mean = q.sum(axis=0) / problem.k
    return q, mean * 0.95, mean * 1.05


def test_search_is_balanced_connected_and_no_worse_than_descent(
    start: tuple[PartitionProblem, list[int]],
) -> None:
    problem, labels = start
    q, lower, upper = _bounds(problem)
    graph, adj = problem.graph_matrix(), problem.neighbours()
    descent = reduce_diameter(labels, q, lower, upper, graph, adj, set())
    found = search_diameter(labels, q, lower, upper, graph, adj, set(), seed=3, iterations=60)
    quality = evaluate(problem, np.asarray(found))
    assert quality.feasible and quality.contiguous
    assert largest_of(found, graph) <= largest_of(descent, graph) + 1e-9


def test_graph_paths_never_measure_longer_than_paths_inside_districts(
    start: tuple[PartitionProblem, list[int]],
) -> None:
    problem, labels = start
    inside = largest_of(labels, problem.graph_matrix())
    anywhere = largest_of(labels, problem.distances_from(range(problem.n)))
    assert 0 < anywhere <= inside + 1e-9


def test_search_with_a_seed_and_a_count_gives_the_same_plan(
    start: tuple[PartitionProblem, list[int]],
) -> None:
    problem, labels = start
    q, lower, upper = _bounds(problem)
    graph, adj = problem.graph_matrix(), problem.neighbours()
    runs = [
        search_diameter(labels, q, lower, upper, graph, adj, set(), seed=9, iterations=25)
        for _ in range(2)
    ]
    assert runs[0] == runs[1]


def test_locked_units_never_move(start: tuple[PartitionProblem, list[int]]) -> None:
    problem, labels = start
    q, lower, upper = _bounds(problem)
    fixed = set(range(0, 150, 3))
    found = search_diameter(
        labels,
        q,
        lower,
        upper,
        problem.graph_matrix(),
        problem.neighbours(),
        fixed,
        seed=2,
        iterations=30,
    )
    assert all(found[u] == labels[u] for u in fixed)
