"""The VROOM peer engine of `crm bench routing` answers the same problems as ours."""

from __future__ import annotations

from pathlib import Path

import pytest

from routing.params import SolveParams
from routing.problem import check_plan
from routing.vrplib import read_instance

pytest.importorskip("vroom")
from benchmarks.vroom_engine import solve_vroom  # noqa: E402

DATA = Path(__file__).parents[1] / "data" / "routing"


@pytest.mark.parametrize("file", ["tiny.vrp", "tiny.txt"])
def test_vroom_serves_every_stop_within_capacity_and_windows(file: str) -> None:
    problem, _ = read_instance(DATA / file)
    plan = solve_vroom(problem, SolveParams(time_limit_s=5))
    assert plan.feasible and not plan.unserved
    assert check_plan(problem, plan) == []
    assert plan.distance == sum(r.distance for r in plan.routes) > 0


def test_the_bench_offers_vroom_beside_the_product_engines(tmp_path: Path) -> None:
    from benchmarks.routing_bench import run

    (tmp_path / "tiny.vrp").write_text((DATA / "tiny.vrp").read_text())
    result = run(tmp_path, [2.0], ["vroom", "ortools"])
    rows = result["results"]
    assert isinstance(rows, list)
    assert [r["engine"] for r in rows] == ["vroom", "ortools"]
    assert all(r["feasible"] for r in rows)
