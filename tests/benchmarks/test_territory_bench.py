"""`benchmarks.territory_bench` on the smallest city a perturbed quarter leaves standing."""

from __future__ import annotations

import pytest

from benchmarks.territory_bench import REBALANCE_FIGURES, run


@pytest.mark.slow
def test_one_city_reports_the_methods_the_zones_and_the_rebalance() -> None:
    report = run(seeds=[7], retailers=300, spopt=False, curve=False)
    assert report["retailers"] == 300
    results = report["results"]
    assert isinstance(results, list)
    [entry] = results
    assert list(entry) == ["city_seed", "methods", "zones", "rebalance"]
    ours, kmeans = entry["methods"]
    assert (ours["method"], kmeans["method"]) == ("this product", "k-means on points")
    assert ours["contiguous"] and {"customers", "workload", "volume"} <= set(ours)
    assert list(entry["zones"]) == ["balance", "contiguous", "zone_days"]
    assert {"zone", "depot", "stops", "cases", "fits"} <= set(entry["zones"]["zone_days"][0])
    rebalance = entry["rebalance"]
    assert list(rebalance) == [*REBALANCE_FIGURES, "perturbation"]
    assert rebalance["perturbation"]["closed"] == 200 and rebalance["perturbation"]["opened"] > 0
