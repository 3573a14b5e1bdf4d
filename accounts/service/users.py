"""Accounts that sign in with a password: add, list, disable, sign in, resolve."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from pwdlib import PasswordHash

from accounts.lockout import Lockout
from accounts.passwords import PASSWORDS, hash_secret, verify_secret
from accounts.service.principals import account_principal, check_staff, timestamp
from graph.errors import Conflict, InvalidInput, NotFound, Unauthenticated
from graph.page import Page, PageRequest, paginate
from graph.principal import AccountRole, Principal
from graph.queries import Query
from graph.session import Session

USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
MIN_PASSWORD = 8
MAX_PASSWORD = 1024


@dataclass(frozen=True)
class UserInfo:
    """An account as an administrator sees it (never its password hash)."""

    username: str
    role: AccountRole
    staff: str | None
    enabled: bool
    created_at: str


def add_user(
    session: Session,
    principal: Principal,
    username: str,
    role: AccountRole,
    password: str,
    *,
    staff: str | None = None,
    hasher: PasswordHash = PASSWORDS,
) -> UserInfo:
    """Create an account (administrators only) linked to its staff member, if any.

    Team leads and staff need `staff`; the password needs at least 8 characters."""
    principal.require(to="add accounts")
    if not USERNAME.fullmatch(username):
        raise InvalidInput(
            f"username {username!r}: 1-64 letters, digits or . _ @ -, starting with a letter "
            "or digit"
        )
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise InvalidInput(f"a password needs {MIN_PASSWORD} to {MAX_PASSWORD} characters")
    row = {
        "username": username,
        "role": role.value,
        "password_hash": hash_secret(password, hasher=hasher),
        "staff": staff or "",
        "enabled": True,
        "created_at": timestamp(),
    }
    with session.transaction():
        if session.read(Query.USERS, keys=[username]):
            raise Conflict(f"user {username} already exists")
        check_staff(session, role, staff)
        session.write(Query.UPSERT_USERS, [row])
        if staff:
            session.write(Query.SET_USER_STAFF, [{"src": username, "dst": staff}])
    return _info(row)


def list_users(session: Session, principal: Principal, page: PageRequest) -> Page[UserInfo]:
    """Every account, by username (administrators only)."""
    principal.require(to="list accounts")
    return paginate([_info(r) for r in session.read(Query.ALL_USERS)], page)


def disable_user(session: Session, principal: Principal, username: str) -> UserInfo:
    """Disable an account (administrators only): its tokens stop working at once."""
    principal.require(to="disable accounts")
    if username == principal.user:
        raise Conflict(f"{username} may not disable their own account")
    with session.transaction():
        row = {**_user_row(session, username), "enabled": False}
        session.write(Query.UPSERT_USERS, [row])
    return _info(row)


def sign_in(session: Session, username: str, password: str, lockout: Lockout) -> Principal:
    """The principal of `username` if `password` is theirs; `Unauthenticated` if not (the
    same answer for an unknown name), `TooManyAttempts` while the name is locked out."""
    lockout.check(username)
    rows = session.read(Query.USERS, keys=[username])
    if not verify_secret(password, str(rows[0]["password_hash"]) if rows else None):
        lockout.failed(username)
        raise Unauthenticated("wrong username or password")
    lockout.succeeded(username)
    return principal_of_user(session, username)


def principal_of_user(session: Session, username: str) -> Principal:
    """The principal of an enabled account, read afresh (`Unauthenticated` otherwise)."""
    rows = session.read(Query.USERS, keys=[username])
    if not rows or not rows[0]["enabled"]:
        raise Unauthenticated(f"account {username} is unknown or disabled")
    user = _info(rows[0])
    return account_principal(session, username, user.role, user.staff)


def _user_row(session: Session, username: str) -> dict[str, object]:
    rows = session.read(Query.USERS, keys=[username])
    if not rows:
        raise NotFound(f"user {username} not found")
    return rows[0]


def _info(row: Mapping[str, object]) -> UserInfo:
    return UserInfo(
        str(row["username"]),
        AccountRole(str(row["role"])),
        str(row["staff"] or "") or None,
        bool(row["enabled"]),
        str(row["created_at"]),
    )
