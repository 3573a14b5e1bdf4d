"""What the API tests look for in an answer: the error body, retailers of other areas and
personal data, searched through the whole JSON (or file) however it is nested."""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterator
from typing import Any

import httpx

from seeds.city import City

ROLES = ("admin", "planner", "dispatcher", "supervisor", "viewer", "lead", "lead2", "manager")
"""Every test account (lead2 leads another area than lead; manager is a staff account)."""
PERSONAL_KEYS = frozenset(
    {
        "phone",
        "licence_no",
        "legal_rep",
        "contact_person",
        "address",
        "mailing_address",
        "bank_account",
        "driver_name",
    }
)
"""Keys that hold a person's or a shop's details (a viewer sees none)."""
RETAILER_ID = re.compile(r"(?<!\d)\d{12}(?!\d)")


def assert_error(answer: httpx.Response, status: int, kind: str) -> str:
    """Assert the answer is `status` with the error body of `kind`; its message."""
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert set(body) == {"error", "message", "details"}, body
    assert body["error"] == kind, body
    message = body["message"]
    assert isinstance(message, str) and message.strip(), body
    assert "Traceback" not in message and 'File "' not in message, message
    return message


def walk(value: object) -> Iterator[tuple[str | None, object]]:
    """Every (key, value) pair of a JSON value, depth first; list items and the top have no
    key."""
    yield None, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield str(k), v
            yield from walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from walk(v)


def strings(value: object) -> Iterator[str]:
    """Every string in a JSON value, keys included."""
    for key, v in walk(value):
        if key is not None:
            yield key
        if isinstance(v, str):
            yield v


def retailers_in(value: object, known: Collection[str]) -> set[str]:
    """The `known` retailer ids anywhere in a JSON value or text, also inside longer strings
    (``retailer:340102000001``)."""
    texts = [value] if isinstance(value, str) else strings(value)
    return {m for t in texts for m in RETAILER_ID.findall(t) if m in known}


def outsiders(value: object, area_of: dict[str, str], areas: Collection[str]) -> set[str]:
    """The retailers of `value` whose area is not one of `areas`."""
    return {r for r in retailers_in(value, area_of) if area_of[r] not in areas}


def personal_values(city: City) -> frozenset[str]:
    """The names, phones, licence numbers and addresses of the city's retailers and staff."""
    values = {
        text
        for r in city.retailers
        for text in (
            r.name,
            r.licence_no,
            r.legal_rep,
            r.contact_person,
            r.phone,
            r.address,
            r.mailing_address,
            r.bank_account,
        )
    }
    values |= {text for s in city.staff for text in (s.name, s.phone)}
    return frozenset(v for v in values if v)


def personal_data(value: object, personal: frozenset[str]) -> list[str]:
    """What in a JSON value (or text) is personal: keys of `PERSONAL_KEYS` and strings that
    hold one of the `personal` values."""
    if isinstance(value, str):
        return sorted(p for p in personal if p in value)
    found = [f"key {k}" for k, _ in walk(value) if k in PERSONAL_KEYS]
    return found + [
        s
        for s in strings(value)
        if s in personal or any(m in personal for m in RETAILER_ID.findall(s))
    ]


def body(answer: httpx.Response) -> Any:
    """The JSON of a successful answer."""
    assert answer.status_code == 200, answer.text
    return json.loads(answer.text)
