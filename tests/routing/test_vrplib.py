"""Instance readers: distances reproduce the best-known costs; bad files fail with the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import InvalidInput
from routing.problem import RoutingProblem, route_distance
from routing.vrplib import read_bks, read_instance

DATA = Path(__file__).parents[1] / "data" / "routing"
"""Shipped instances: two made-up tiny ones and two benchmark ones with their best-known
solutions and costs (see README.md there)."""


def read_sol(path: Path) -> list[list[int]]:
    """Routes of a CVRPLIB ``.sol`` file (stops numbered as the problem's nodes)."""
    lines = path.read_text().splitlines()
    return [[int(s) for s in ln.split(":")[1].split()] for ln in lines if ln.startswith("Route")]


@pytest.mark.parametrize("file", ["X-n101-k25.vrp", "C101.txt"])
def test_best_known_routes_cost_exactly_the_best_known_cost(file: str) -> None:
    problem, scale = read_instance(DATA / file)
    routes = read_sol(DATA / file.replace(Path(file).suffix, ".sol"))
    assert sorted(s for r in routes for s in r) == list(range(1, problem.stops + 1))
    assert all(sum(problem.demand[s] for s in r) <= problem.fleets[0].capacity for r in routes)
    cost = sum(route_distance(problem, r) for r in routes) / scale
    assert cost == pytest.approx(read_bks(DATA / "bks.csv")[Path(file).stem], abs=1e-9)


def test_known_costs_of_two_instances() -> None:
    x, x_scale = read_instance(DATA / "X-n101-k25.vrp")
    c, c_scale = read_instance(DATA / "C101.txt")
    assert (x_scale, c_scale) == (1.0, 10.0)
    x_cost = sum(route_distance(x, r) for r in read_sol(DATA / "X-n101-k25.sol"))
    c_cost = sum(route_distance(c, r) for r in read_sol(DATA / "C101.sol"))
    assert (x_cost, c_cost) == (27591, 8273)


def test_cvrp_reader_builds_the_problem() -> None:
    problem, scale = read_instance(DATA / "tiny.vrp")
    assert (problem.name, problem.stops, scale) == ("tiny-n8", 7, 1.0)
    assert problem.demand == (0, 3, 4, 2, 5, 3, 4, 3)
    assert problem.distance[0][1] == 42  # √(30² + 30²) = 42.43 rounds to 42
    assert problem.windows is None and problem.fleets[0].capacity == 10
    assert problem.fleets[0].count >= 3


def test_solomon_reader_scales_times_and_truncates_distances() -> None:
    problem, scale = read_instance(DATA / "tiny.txt")
    assert (problem.name, problem.stops, scale) == ("tiny5", 5, 10.0)
    assert problem.distance[0][1] == 424  # √1800 = 42.426… truncates to 42.4
    assert problem.windows is not None
    assert problem.windows[0] == (0, 2000) and problem.windows[1] == (400, 600)
    assert problem.service == (0, 100, 100, 100, 100, 100)
    fleet = problem.fleets[0]
    assert (fleet.count, fleet.capacity, fleet.shift_start, fleet.shift_end) == (3, 10, 0, 2000)
    assert problem.stop_ids == ("1", "2", "3", "4", "5")


def _edit(source: str, old: str, new: str, tmp_path: Path) -> Path:
    text = (DATA / source).read_text()
    assert old in text
    out = tmp_path / source
    out.write_text(text.replace(old, new, 1))
    return out


@pytest.mark.parametrize(
    ("source", "old", "new", "message"),
    [
        ("tiny.vrp", "3\t35\t90\n", "", "tiny.vrp: line 18: node 3 has no coordinates"),
        ("tiny.vrp", "2\t3\n", "2\t-3\n", "tiny.vrp: line 18: node 2 has demand -3"),
        ("tiny.vrp", "CAPACITY : 10", "CAPACITY : 0", "tiny.vrp: line 6: CAPACITY 0 must be ≥ 1"),
        ("tiny.vrp", "4\t80\t85", "4\t80", "tiny.vrp: line 11: expected 3 values"),
        ("tiny.vrp", "8\t10\t35", "8\t10\tx", "tiny.vrp: line 15: expected numbers"),
        ("tiny.vrp", "EUC_2D", "GEO", "tiny.vrp: line 5: EDGE_WEIGHT_TYPE GEO unsupported"),
        ("tiny.vrp", "DIMENSION : 8", "DIMENSION : 9", "tiny.vrp: line 4: DIMENSION 9 needs"),
        ("tiny.vrp", "8\t3\n", "", "tiny.vrp: line 15: node 8 has no demand"),
        ("tiny.txt", "40         10 ", "", "tiny.txt: line 15: expected 7 values"),
        (
            "tiny.txt",
            "  3          10",
            "  3          0",
            "tiny.txt: line 5: 3 vehicles of capacity 0",
        ),
        (
            "tiny.txt",
            "80          3",
            "80          -3",
            "tiny.txt: line 11: customer 1 has demand -3",
        ),
        ("tiny.txt", "    3      80", "    7      80", "tiny.txt: line 13: customer 7, expected 3"),
        (
            "tiny.txt",
            "80        120",
            "130        120",
            "tiny.txt: line 14: customer 4 ready after",
        ),
    ],
    ids=[
        "stop without coordinates",
        "negative demand",
        "vehicle with zero capacity",
        "short coordinate line",
        "coordinate not a number",
        "unsupported distance",
        "too few nodes",
        "stop without demand",
        "solomon stop without coordinates",
        "solomon vehicle with zero capacity",
        "solomon negative demand",
        "solomon customers out of order",
        "solomon window ends before it opens",
    ],
)
def test_bad_instance_fails_naming_file_and_line(
    source: str, old: str, new: str, message: str, tmp_path: Path
) -> None:
    with pytest.raises(InvalidInput) as caught:
        read_instance(_edit(source, old, new, tmp_path))
    assert str(caught.value).startswith(message)


def test_unknown_suffix_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "tiny.csv"
    path.write_text("x")
    with pytest.raises(InvalidInput, match="tiny.csv: unknown instance type"):
        read_instance(path)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"demand": (0, -2)}, "stop 1 has negative demand -2"),
        ({"capacity": 0}, "capacity 0 must be > 0"),
    ],
)
def test_bad_problem_data_fails_clearly(kwargs: dict[str, object], message: str) -> None:
    from routing.problem import Fleet

    d = ((0, 1), (1, 0))
    with pytest.raises(InvalidInput, match=message):
        RoutingProblem(
            "p",
            d,
            d,
            kwargs.get("demand", (0, 1)),  # type: ignore[arg-type]
            (0, 0),
            (Fleet(1, kwargs.get("capacity", 5)),),  # type: ignore[arg-type]
        )


def test_bks_reader(tmp_path: Path) -> None:
    good = tmp_path / "bks.csv"
    good.write_text("instance,kind,n_customers,bks,source\nA,cvrp,5,12.5,x\nB,vrptw,9,7,y\n")
    assert read_bks(good) == {"A": 12.5, "B": 7.0}
    bad = tmp_path / "bad.csv"
    bad.write_text("instance,kind,n_customers,bks,source\nA,cvrp,5,12.5,x\nB,vrptw,9,n/a,y\n")
    with pytest.raises(InvalidInput, match="bad.csv: line 3: bks 'n/a' is not a number"):
        read_bks(bad)
    with pytest.raises(InvalidInput, match="needs columns instance and bks"):
        read_bks(_write(tmp_path / "cols.csv", "name,cost\nA,1\n"))


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path
