"""Field governance (DOMAIN.md §5): who owns each retailer field and what an edit becomes.

The operational layer (inspectors, managers, agents, drivers) collects and edits the fields it
owns; each such edit becomes a change request that the management layer (a supervisor)
approves or rejects. A supervisor's own edit applies at once. A retailer may ask to change its
own contact fields; the request is checked and waits for approval too. Derived fields are
computed from order data and cannot be edited by hand. Every applied change is audited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from graph.errors import Forbidden, InvalidInput
from graph.model import Change
from graph.schema import SCHEMA, Property


class Actor(StrEnum):
    AGENT = "agent"
    MANAGER = "manager"
    INSPECTOR = "inspector"
    DRIVER = "driver"
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
DRIVER_FIELDS = {"delivery_segment", "delivery_route", "lon", "lat"}
RETAILER_FIELDS = {"contact_person", "phone", "mailing_address", "bank_account"}
KEY_FIELDS = {"id"}
PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


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


def edit_outcome(field: str, actor: Actor) -> str:
    """``"apply"`` or ``"request"`` for an edit of `field` by `actor`; `Forbidden` otherwise.

    >>> edit_outcome("phone", Actor.MANAGER), edit_outcome("phone", Actor.SUPERVISOR)
    ('request', 'apply')
    """
    policy = field_policies().get(field)
    if policy is None:
        raise InvalidInput(f"retailer has no field {field!r}")
    if policy.owner is None:
        why = "derived from order data" if policy.change is Change.DERIVED else "the key"
        raise Forbidden(f"{field} ({policy.label_zh}) is {why} and cannot be edited")
    if actor is Actor.SUPERVISOR:
        return "apply"
    if actor is Actor.RETAILER and policy.retailer_may_request:
        return "request"
    if actor == policy.owner:
        return "request"
    raise Forbidden(
        f"{actor.value} may not edit {field} ({policy.label_zh}): it is owned by "
        f"the {policy.owner.value}"
    )


def check_value(field: str, value: object) -> None:
    """Checks beyond the type that a value must pass before it applies."""
    if field == "phone" and not PHONE.match(str(value)):
        raise InvalidInput(f"phone {value!r} is not a mobile (11 digits) or landline number")
