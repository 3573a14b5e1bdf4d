"""Field governance: who may edit what, change requests, decisions and the audit trail."""

from __future__ import annotations

from datetime import datetime

import pytest

from graph.edits import decide_request, edit_retailer
from graph.errors import Conflict, Forbidden, InvalidInput
from graph.governance import Actor, edit_outcome
from graph.queries import Query
from graph.repository import get_retailer, retailer_profile
from graph.store import GraphStore
from seeds.city import City

NOW = datetime(2026, 11, 20, 9, 30)


@pytest.mark.parametrize(
    "field, actor, outcome",
    [
        ("phone", Actor.MANAGER, "request"),
        ("phone", Actor.RETAILER, "request"),
        ("phone", Actor.SUPERVISOR, "apply"),
        ("licence_no", Actor.INSPECTOR, "request"),
        ("order_batch", Actor.AGENT, "request"),
        ("delivery_route", Actor.DRIVER, "request"),
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
        ("avg_monthly_cases", Actor.SUPERVISOR, "derived from order data"),
        ("id", Actor.SUPERVISOR, "the key"),
    ],
)
def test_forbidden_edits_say_why(field: str, actor: Actor, message: str) -> None:
    with pytest.raises(Forbidden, match=message):
        edit_outcome(field, actor)


def test_a_managers_edit_waits_for_approval_then_applies_and_is_audited(
    seeded_store: GraphStore, tiny_city: City
) -> None:
    r = tiny_city.retailers[0]
    manager = tiny_city.staffing.manager_of[r.id]
    [request] = edit_retailer(
        seeded_store, r.id, {"phone": "13812345678"}, by=manager, actor=Actor.MANAGER, now=NOW
    )
    assert get_retailer(seeded_store, r.id)["phone"] == r.phone  # not yet applied
    profile = retailer_profile(seeded_store, r.id)
    assert [p["id"] for p in profile["pending_change_requests"]] == [request.id]
    decided, entry = decide_request(
        seeded_store, request.id, approve=True, by="张科长", actor=Actor.SUPERVISOR, now=NOW
    )
    assert decided.status == "approved"
    assert get_retailer(seeded_store, r.id)["phone"] == "13812345678"
    audit = seeded_store.read(Query.RETAILER_AUDIT, id=r.id)
    assert [(a["field"], a["old"], a["new"], a["changed_by"]) for a in audit] == [
        ("phone", r.phone, "13812345678", "张科长")
    ]
    with pytest.raises(Conflict, match="already approved"):
        decide_request(
            seeded_store, request.id, approve=False, by="x", actor=Actor.SUPERVISOR, now=NOW
        )


def test_a_rejected_request_changes_nothing(seeded_store: GraphStore, tiny_city: City) -> None:
    r = tiny_city.retailers[1]
    [request] = edit_retailer(
        seeded_store, r.id, {"contact_person": "王五"}, by=r.id, actor=Actor.RETAILER, now=NOW
    )
    decided, entry = decide_request(
        seeded_store,
        request.id,
        approve=False,
        by="张科长",
        actor=Actor.SUPERVISOR,
        now=NOW,
        note="not the owner",
    )
    assert (decided.status, entry) == ("rejected", None)
    assert get_retailer(seeded_store, r.id)["contact_person"] == r.contact_person


def test_bad_values_and_strangers_are_refused(seeded_store: GraphStore, tiny_city: City) -> None:
    r = tiny_city.retailers[2]
    with pytest.raises(InvalidInput, match="not a mobile"):
        edit_retailer(
            seeded_store, r.id, {"phone": "12345"}, by=r.id, actor=Actor.RETAILER, now=NOW
        )
    with pytest.raises(InvalidInput, match="monitored"):
        edit_retailer(
            seeded_store, r.id, {"monitored": "maybe"}, by="s", actor=Actor.SUPERVISOR, now=NOW
        )
    other_area = next(
        p
        for p, a, role in tiny_city.staffing.members
        if role.value == "manager" and a != tiny_city.retailer_area[r.id]
    )
    with pytest.raises(Forbidden, match="does not serve"):
        edit_retailer(
            seeded_store,
            r.id,
            {"phone": "13800000000"},
            by=other_area,
            actor=Actor.MANAGER,
            now=NOW,
        )


def test_a_stale_request_cannot_be_approved(seeded_store: GraphStore, tiny_city: City) -> None:
    r = tiny_city.retailers[3]
    [request] = edit_retailer(
        seeded_store, r.id, {"phone": "13811110000"}, by=r.id, actor=Actor.RETAILER, now=NOW
    )
    edit_retailer(
        seeded_store, r.id, {"phone": "13822220000"}, by="张科长", actor=Actor.SUPERVISOR, now=NOW
    )
    with pytest.raises(Conflict, match="changed since"):
        decide_request(
            seeded_store, request.id, approve=True, by="张科长", actor=Actor.SUPERVISOR, now=NOW
        )
