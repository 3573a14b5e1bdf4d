"""`crm impact staff` and `crm impact split`: tables, JSON and the ways to name retailers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.errors import Forbidden, InvalidInput
from seeds.city import City
from tests.cli.test_commands import crm, run, store_of


@pytest.fixture(scope="module")
def city_store(tmp_path_factory: pytest.TempPathFactory, tiny_city: City) -> Path:
    """A store holding `tiny_city`."""
    return store_of(tiny_city, tmp_path_factory.mktemp("impact"))


def _a01(city: City) -> list[str]:
    return sorted(r for r, a in city.retailer_area.items() if a == "A01")


def test_staff_impact_prints_json_and_tables(city_store: Path, tiny_city: City) -> None:
    lead = tiny_city.staffing.leads["A01"]
    found = json.loads(run(city_store, "impact", "staff", lead, "--json").stdout)
    assert found["employee_no"] == lead and found["areas"][0]["loses_lead"] is True
    assert [c["role"] for c in found["candidates"]] == ["manager"] * len(found["candidates"])
    table = run(city_store, "impact", "staff", lead).stdout
    assert "who could cover" in table and "可接替人员" in table


def test_split_takes_ids_from_the_option_or_a_file(
    city_store: Path, tiny_city: City, tmp_path: Path
) -> None:
    ids = _a01(tiny_city)[:4]
    given = run(city_store, "impact", "split", "A01", "--retailers", ",".join(ids), "--json")
    listed = tmp_path / "ids.txt"
    listed.write_text("\n".join(ids) + "\n", encoding="utf-8")
    read = run(city_store, "impact", "split", "A01", "--file", str(listed), "--json")
    assert json.loads(given.stdout) == json.loads(read.stdout)
    assert json.loads(given.stdout)["moved"] == 4
    assert (
        "balance against the city mean"
        in run(city_store, "impact", "split", "A01", "--retailers", ids[0]).stdout
    )


@pytest.mark.parametrize(
    "options",
    [[], ["--retailers", "X", "--file", "ids.txt"]],
)
def test_split_needs_exactly_one_way_to_name_the_retailers(
    city_store: Path, options: list[str]
) -> None:
    with pytest.raises(InvalidInput, match="give the retailers with --retailers"):
        run(city_store, "impact", "split", "A01", *options)


def test_a_team_lead_may_not_ask_about_another_areas_staff(
    city_store: Path, tiny_city: City
) -> None:
    lead, other = tiny_city.staffing.leads["A01"], tiny_city.staffing.leads["A02"]
    with pytest.raises(Forbidden):
        run(city_store, "--as-staff", lead, "impact", "staff", other)
    done = crm(city_store, "--as-staff", lead, "--role", "viewer", "impact", "staff", lead)
    assert done.returncode == 3 and "may not see the impact" in done.stderr
