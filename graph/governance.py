"""Field governance (DOMAIN.md §5): who owns each retailer field and what an edit becomes.

The operational layer (inspectors, managers, agents, drivers) collects and edits the fields it
owns; each such edit becomes a change request that the management layer (a supervisor)
approves or rejects. A supervisor's own edit applies at once. An area's team lead may file a
request for any editable field. A retailer may ask to change its own contact fields; the
request is checked and waits for approval too. Derived fields are computed from order data and
cannot be edited by hand. Every applied change is audited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from graph.errors import Forbidden, InvalidInput
from graph.model import Change
from graph.principal import AccountRole, Principal
from graph.schema import SCHEMA, Property
from graph.values import CellError, parse_cell


class Actor(StrEnum):
    """The governance role an edit is made in."""

    AGENT = "agent"
    MANAGER = "manager"
    INSPECTOR = "inspector"
    DRIVER = "driver"
    TEAM_LEAD = "team_lead"
    SUPERVISOR = "supervisor"
    RETAILER = "retailer"


OPERATIONAL = {Actor.AGENT, Actor.MANAGER, Actor.INSPECTOR, Actor.DRIVER}
INSPECTOR_FIELDS = {
    "name",
    "licence_no",
    "legal_rep",
    "licence_type",
    "issuing_bureau",
    "monitored",
    "licence_issue_date",
    "licence_expiry_date",
    "licence_review_date",
    "credit_grade",
    "nature",
    "registered_capital_wan",
    "market_type",
    "business_format",
    "outlet_scale",
}
AGENT_FIELDS = {"order_batch", "order_cycle_days", "settlement"}
DRIVER_FIELDS = {"lon", "lat"}
RETAILER_FIELDS = {"contact_person", "phone", "mailing_address", "bank_account"}
KEY_FIELDS = {"id"}
PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")
LON_RANGE, LAT_RANGE = (73.0, 136.0), (3.0, 54.0)
"""Mainland China, in WGS-84 degrees."""
NON_NEGATIVE = {"registered_capital_wan", "floor_area_m2", "order_cycle_days"}
PROPS = {p.name: p for p in SCHEMA.node("Retailer").properties}


@dataclass(frozen=True)
class FieldPolicy:
    field: str
    label_zh: str
    change: Change
    owner: Actor | None
    """The operational role that collects and edits it; None when nobody may edit it."""
    retailer_may_request: bool


def _owner(prop: Property) -> Actor | None:
    if prop.change is Change.DERIVED or prop.name in KEY_FIELDS:
        return None
    if prop.name in INSPECTOR_FIELDS:
        return Actor.INSPECTOR
    if prop.name in AGENT_FIELDS:
        return Actor.AGENT
    if prop.name in DRIVER_FIELDS:
        return Actor.DRIVER
    return Actor.MANAGER


def field_policies() -> dict[str, FieldPolicy]:
    """The policy of every retailer field."""
    return {
        p.name: FieldPolicy(p.name, p.label_zh, p.change, _owner(p), p.name in RETAILER_FIELDS)
        for p in SCHEMA.node("Retailer").properties
    }


def actor_of(principal: Principal) -> Actor:
    """The role a principal edits in: an administrator as a supervisor, a staff account in its
    staff role; `Forbidden` for roles that may not edit (planner, dispatcher, viewer).

    >>> actor_of(Principal("HF0001", AccountRole.TEAM_LEAD, "HF0001", areas=frozenset()))
    <Actor.TEAM_LEAD: 'team_lead'>
    """
    if principal.role in (AccountRole.ADMIN, AccountRole.SUPERVISOR):
        return Actor.SUPERVISOR
    if principal.role is AccountRole.TEAM_LEAD:
        return Actor.TEAM_LEAD
    if principal.role is AccountRole.RETAILER:
        return Actor.RETAILER
    if principal.role is AccountRole.STAFF and principal.staff_role is not None:
        return Actor(principal.staff_role.value)
    raise Forbidden(f"{principal.user} ({principal.role.value}) may not edit retailer records")


def edit_outcome(field: str, actor: Actor) -> str:
    """``"apply"`` or ``"request"`` for an edit of `field` by `actor`; `Forbidden` otherwise.

    >>> edit_outcome("phone", Actor.MANAGER), edit_outcome("phone", Actor.SUPERVISOR)
    ('request', 'apply')
    """
    policy = field_policies().get(field)
    if policy is None:
        raise InvalidInput(f"retailer has no field {field!r}")
    if policy.owner is None:
        derived = policy.change is Change.DERIVED
        why = "derived from order data, areas or routes" if derived else "the key"
        raise Forbidden(f"{field} ({policy.label_zh}) is {why} and cannot be edited")
    if actor is Actor.SUPERVISOR:
        return "apply"
    if actor is Actor.RETAILER and policy.retailer_may_request:
        return "request"
    if actor is Actor.TEAM_LEAD or actor == policy.owner:
        return "request"
    raise Forbidden(
        f"{actor.value} may not edit {field} ({policy.label_zh}): it is owned by "
        f"the {policy.owner.value}"
    )


def value_problem(field: str, value: object) -> str | None:
    """Why a parsed value of `field` may not be stored (None: it may). Edits and imports both
    ask this, so every way in keeps the same rules.

    >>> value_problem("phone", "12345"), value_problem("lon", 116.4)
    ("phone '12345' is not a mobile (11 digits) or landline number", None)
    >>> value_problem("floor_area_m2", -3.0)
    '-3.0 must not be negative'
    """
    if field == "phone" and not PHONE.match(str(value)):
        return f"phone {value!r} is not a mobile (11 digits) or landline number"
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    if field == "lon" and not LON_RANGE[0] <= value <= LON_RANGE[1]:
        return f"{value} is outside mainland China (73–136°E)"
    if field == "lat" and not LAT_RANGE[0] <= value <= LAT_RANGE[1]:
        return f"{value} is outside mainland China (3–54°N)"
    if field in NON_NEGATIVE and value < 0:
        return f"{value} must not be negative"
    return None


def check_value(field: str, value: object) -> None:
    """`InvalidInput` when a value fails `value_problem`."""
    problem = value_problem(field, value)
    if problem is not None:
        raise InvalidInput(problem)


def planned_value(field: str, text: str, actor: Actor) -> tuple[str, object]:
    """The outcome of an edit (``"apply"`` or ``"request"``) and its parsed, checked value."""
    outcome = edit_outcome(field, actor)
    try:
        value = parse_cell(PROPS[field], text)
    except CellError as exc:
        raise InvalidInput(f"{field}: {exc}") from exc
    check_value(field, value)
    return outcome, value
