"""Field governance: who may edit what, and in which role a principal edits.

The edits themselves, with principals of every role, are tested in tests/graph/service/."""

from __future__ import annotations

import re

import pytest

from graph.errors import Forbidden, InvalidInput
from graph.governance import Actor, actor_of, edit_outcome, planned_value, value_problem
from graph.model import Role
from graph.principal import LOCAL_ADMIN, AccountRole, Principal
from seeds.importer import Known, validate_retailers
from seeds.tabular import Table


@pytest.mark.parametrize(
    "field, actor, outcome",
    [
        ("phone", Actor.MANAGER, "request"),
        ("phone", Actor.RETAILER, "request"),
        ("phone", Actor.SUPERVISOR, "apply"),
        ("licence_no", Actor.INSPECTOR, "request"),
        ("order_batch", Actor.AGENT, "request"),
        ("lat", Actor.DRIVER, "request"),
        ("licence_no", Actor.TEAM_LEAD, "request"),
        ("display_form", Actor.TEAM_LEAD, "request"),
    ],
)
def test_owners_request_and_supervisors_apply(field: str, actor: Actor, outcome: str) -> None:
    assert edit_outcome(field, actor) == outcome


@pytest.mark.parametrize(
    "field, actor, message",
    [
        ("licence_no", Actor.MANAGER, "owned by the inspector"),
        ("name", Actor.RETAILER, "retailer may not edit"),
        ("tier", Actor.SUPERVISOR, "derived from order data"),
        ("tier", Actor.TEAM_LEAD, "derived from order data"),
        ("avg_monthly_cases", Actor.SUPERVISOR, "derived from order data"),
        ("delivery_route", Actor.DRIVER, "derived from order data"),
        ("id", Actor.SUPERVISOR, "the key"),
    ],
)
def test_forbidden_edits_say_why(field: str, actor: Actor, message: str) -> None:
    with pytest.raises(Forbidden, match=message):
        edit_outcome(field, actor)


@pytest.mark.parametrize(
    "principal, actor",
    [
        (LOCAL_ADMIN, Actor.SUPERVISOR),
        (Principal("s", AccountRole.SUPERVISOR), Actor.SUPERVISOR),
        (Principal("HF1", AccountRole.TEAM_LEAD, "HF1", Role.AGENT, frozenset()), Actor.TEAM_LEAD),
        (Principal("HF2", AccountRole.STAFF, "HF2", Role.DRIVER, frozenset()), Actor.DRIVER),
        (Principal("R1", AccountRole.RETAILER, areas=frozenset(), retailer="R1"), Actor.RETAILER),
    ],
)
def test_a_principal_edits_in_the_role_its_account_gives(
    principal: Principal, actor: Actor
) -> None:
    assert actor_of(principal) == actor


@pytest.mark.parametrize(
    "principal",
    [
        Principal("p", AccountRole.PLANNER),
        Principal("d", AccountRole.DISPATCHER),
        Principal("v", AccountRole.VIEWER),
        Principal("HF3", AccountRole.STAFF, "HF3", None, frozenset()),
    ],
)
def test_other_principals_may_not_edit(principal: Principal) -> None:
    with pytest.raises(Forbidden, match="may not edit retailer records"):
        actor_of(principal)


@pytest.mark.parametrize(
    "field, text, message",
    [
        ("phone", "12345", "phone '12345' is not a mobile (11 digits) or landline number"),
        ("lon", "116.4e3", "116400.0 is outside mainland China (73–136°E)"),
        ("lat", "60", "60.0 is outside mainland China (3–54°N)"),
        ("floor_area_m2", "-3", "-3.0 must not be negative"),
        ("registered_capital_wan", "inf", "'inf' is not a valid double (not a finite number)"),
    ],
)
def test_edits_and_imports_share_one_set_of_value_rules(
    field: str, text: str, message: str
) -> None:
    with pytest.raises(InvalidInput, match=re.escape(message)):
        planned_value(field, text, Actor.SUPERVISOR)
    rows = validate_retailers(
        Table("r.csv", ["id", field], [(2, {"id": "R1", field: text})], []),
        Known(retailers={"R1"}, districts=set(), areas=set(), staff=set()),
    )
    assert [e.message for e in rows.errors] == [message]


@pytest.mark.parametrize("phone", ["13812345678", "0551-65551234", "055165551234"])
def test_mobile_and_landline_numbers_pass(phone: str) -> None:
    assert value_problem("phone", phone) is None
    assert planned_value("phone", phone, Actor.SUPERVISOR) == ("apply", phone)
