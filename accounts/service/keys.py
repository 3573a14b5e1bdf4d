"""API keys for programs: shown once as ``<id>.<secret>``, only the secret's digest stored.

A key's secret is 256 random bits, so a SHA-256 digest protects it as well as a slow
password hash would, and checking one on every request costs microseconds, not 0.2 s."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from accounts.service.principals import account_principal, check_staff, timestamp
from graph.errors import InvalidInput, NotFound, Unauthenticated
from graph.page import Page, PageRequest, paginate
from graph.principal import AccountRole, Principal
from graph.queries import Query
from graph.session import Session

MAX_NAME = 100


@dataclass(frozen=True)
class ApiKeyInfo:
    """A key as an administrator sees it (never its secret or digest)."""

    id: str
    name: str
    role: AccountRole
    staff: str | None
    enabled: bool
    created_at: str


@dataclass(frozen=True)
class NewApiKey(ApiKeyInfo):
    """A key just made, with the whole key: shown this once, never stored."""

    key: str


def add_api_key(
    session: Session,
    principal: Principal,
    name: str,
    role: AccountRole,
    *,
    staff: str | None = None,
) -> NewApiKey:
    """Make a key for a program (administrators only); team leads and staff need `staff`."""
    principal.require(to="add API keys")
    name = name.strip()
    if not 1 <= len(name) <= MAX_NAME:
        raise InvalidInput(f"a key's name needs 1 to {MAX_NAME} characters")
    secret = secrets.token_urlsafe(32)
    row = {
        "id": "",
        "name": name,
        "role": role.value,
        "key_hash": _digest(secret),
        "staff": staff or "",
        "enabled": True,
        "created_at": timestamp(),
    }
    with session.transaction():
        check_staff(session, role, staff)
        row["id"] = _new_id(session)
        session.write(Query.UPSERT_API_KEYS, [row])
    return NewApiKey(**vars(_info(row)), key=f"{row['id']}.{secret}")


def list_api_keys(session: Session, principal: Principal, page: PageRequest) -> Page[ApiKeyInfo]:
    """Every key, by id (administrators only)."""
    principal.require(to="list API keys")
    return paginate([_info(r) for r in session.read(Query.ALL_API_KEYS)], page)


def disable_api_key(session: Session, principal: Principal, key_id: str) -> ApiKeyInfo:
    """Disable a key (administrators only): it stops working at once."""
    principal.require(to="disable API keys")
    with session.transaction():
        rows = session.read(Query.API_KEYS, keys=[key_id])
        if not rows:
            raise NotFound(f"API key {key_id} not found")
        row = {**rows[0], "enabled": False}
        session.write(Query.UPSERT_API_KEYS, [row])
    return _info(row)


def principal_of_key(session: Session, key: str) -> Principal:
    """The principal of an enabled key, acting as ``key:<id>``; `Unauthenticated` for a key
    that is malformed, unknown, wrong or disabled."""
    key_id, _, secret = key.partition(".")
    rows = session.read(Query.API_KEYS, keys=[key_id]) if key_id and secret else []
    if not (
        rows
        and rows[0]["enabled"]
        and hmac.compare_digest(_digest(secret), str(rows[0]["key_hash"]))
    ):
        raise Unauthenticated("API key is unknown, wrong or disabled")
    info = _info(rows[0])
    return account_principal(session, f"key:{info.id}", info.role, info.staff)


def _new_id(session: Session) -> str:
    """A fresh id of 12 hex digits (drawn again in the unlikely case it is taken)."""
    key_id = secrets.token_hex(6)
    while session.read(Query.API_KEYS, keys=[key_id]):
        key_id = secrets.token_hex(6)
    return key_id


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _info(row: Mapping[str, object]) -> ApiKeyInfo:
    return ApiKeyInfo(
        str(row["id"]),
        str(row["name"]),
        AccountRole(str(row["role"])),
        str(row["staff"] or "") or None,
        bool(row["enabled"]),
        str(row["created_at"]),
    )
