"""Retailer records by scope: profiles, the paged list and the export."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest

from graph.errors import Forbidden, InvalidInput, NotFound
from graph.export import LEADING
from graph.page import PageRequest
from graph.principal import LOCAL_ADMIN, AccountRole, Principal
from graph.service.principals import retailer_principal
from graph.service.retailers import export_retailers, list_retailers, retailer_profile
from graph.session import Session
from seeds.city import City

ALL = PageRequest(0, 1000)
VIEWER = Principal("v", AccountRole.VIEWER)


def _ids_in(tiny_city: City, area: str) -> list[str]:
    return sorted(r for r, a in tiny_city.retailer_area.items() if a == area)


def test_a_team_lead_reads_only_its_areas_retailers(
    city_session: Session, tiny_city: City, team_lead: Principal, first_area: str
) -> None:
    """The issue's scope test: list, export and profile stop at the team lead's areas."""
    mine = _ids_in(tiny_city, first_area)
    page = list_retailers(city_session, team_lead, ALL)
    assert [r.id for r in page.items] == mine and page.total == len(mine)
    assert {r.area for r in page.items} == {first_area}
    exported = json.loads(export_retailers(city_session, team_lead, "json").content)
    assert [row["id"] for row in exported] == mine
    assert retailer_profile(city_session, team_lead, mine[0]).id == mine[0]
    other = next(r for r, a in tiny_city.retailer_area.items() if a != first_area)
    with pytest.raises(Forbidden, match=f"retailer {other} is not in the areas of HF0001"):
        retailer_profile(city_session, team_lead, other)
    with pytest.raises(Forbidden, match="area A02 is not in the areas of HF0001"):
        list_retailers(city_session, team_lead, ALL, area="A02")


def test_an_unknown_retailer_is_forbidden_in_scope_and_not_found_city_wide(
    city_session: Session, team_lead: Principal
) -> None:
    with pytest.raises(Forbidden, match="retailer 999 is not in the areas"):
        retailer_profile(city_session, team_lead, "999")
    with pytest.raises(NotFound, match="retailer 999 not found"):
        retailer_profile(city_session, LOCAL_ADMIN, "999")


def test_the_whole_city_list_pages_by_id_and_filters_by_area(
    city_session: Session, tiny_city: City
) -> None:
    ids = sorted(r.id for r in tiny_city.retailers)
    page = list_retailers(city_session, Principal("d", AccountRole.DISPATCHER), PageRequest(50, 20))
    assert [r.id for r in page.items] == ids[50:70]
    assert (page.total, page.offset, page.limit) == (len(ids), 50, 20)
    in_a02 = list_retailers(city_session, LOCAL_ADMIN, ALL, area="A02")
    assert [r.id for r in in_a02.items] == _ids_in(tiny_city, "A02")


def test_a_viewer_reads_no_retailer_record(city_session: Session, tiny_city: City) -> None:
    rid = tiny_city.retailers[0].id
    with pytest.raises(Forbidden, match=r"v \(viewer\) may not read retailer records"):
        retailer_profile(city_session, VIEWER, rid)
    with pytest.raises(Forbidden, match="may not read retailer records"):
        list_retailers(city_session, VIEWER, ALL)
    with pytest.raises(Forbidden, match="may not export retailer records"):
        export_retailers(city_session, VIEWER, "csv")


def test_a_retailer_reads_its_own_record_only(city_session: Session, tiny_city: City) -> None:
    me, other = tiny_city.retailers[0].id, tiny_city.retailers[1].id
    principal = retailer_principal(city_session, me)
    assert retailer_profile(city_session, principal, me).id == me
    with pytest.raises(Forbidden, match=f"retailer {other} is not the record of retailer {me}"):
        retailer_profile(city_session, principal, other)
    with pytest.raises(Forbidden, match="may not read retailer records"):
        list_retailers(city_session, principal, ALL)


def test_a_profile_groups_fields_and_names_the_team(city_session: Session, tiny_city: City) -> None:
    r = tiny_city.retailers[5]
    profile = retailer_profile(city_session, LOCAL_ADMIN, r.id)
    assert (profile.id, profile.name) == (r.id, r.name)
    assert set(profile.fields) == {"basic", "network", "management", "business", "personal"}
    personal = {f.field: f for f in profile.fields["personal"]}
    assert (personal["phone"].value, personal["phone"].label_zh) == (r.phone, "联系电话")
    assert profile.classified_on is None and profile.classes == {}
    assert profile.class_history == profile.pending_change_requests == profile.audit == ()
    team = profile.team
    assert team.area == tiny_city.retailer_area[r.id]
    assert {m.role for m in team.team} == {"agent", "manager", "inspector", "driver"}
    ids = {m.employee_no for m in team.team}
    assert {tiny_city.staffing.manager_of[r.id], tiny_city.staffing.agent_of[r.id]} <= ids


def _rows(content: bytes, fmt: str) -> list[dict[str, object]]:
    if fmt == "json":
        return list(json.loads(content))
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    values = list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    return [dict(zip(values[0], v)) for v in values[1:]]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_the_export_holds_one_row_per_retailer_leading_columns_first(
    city_session: Session, tiny_city: City, fmt: str
) -> None:
    exported = export_retailers(city_session, LOCAL_ADMIN, fmt)
    rows = _rows(exported.content, fmt)
    assert (exported.format, exported.retailers, len(rows)) == (fmt, 240, 240)
    assert tuple(rows[0])[: len(LEADING)] == LEADING and "class_explanations" not in rows[0]
    first = min(tiny_city.retailers, key=lambda r: r.id)
    assert (rows[0]["id"], rows[0]["name"]) == (first.id, first.name)


def test_an_unknown_export_format_is_refused(city_session: Session) -> None:
    with pytest.raises(InvalidInput, match="unknown format 'pdf': use csv, xlsx, json"):
        export_retailers(city_session, LOCAL_ADMIN, "pdf")
