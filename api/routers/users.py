"""Accounts and API keys, for administrators."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field, SecretStr

from accounts.service.keys import (
    MAX_NAME,
    ApiKeyInfo,
    NewApiKey,
    add_api_key,
    disable_api_key,
    list_api_keys,
)
from accounts.service.users import (
    MAX_PASSWORD,
    MIN_PASSWORD,
    USERNAME,
    UserInfo,
    add_user,
    disable_user,
    list_users,
)
from api.deps import PageDep, PrincipalDep, SessionDep
from api.responses import data
from graph.page import Page
from graph.principal import AccountRole

router = APIRouter(tags=["accounts"])
StaffNo = Annotated[
    str | None, Field(description="Employee number: required for team_lead and staff accounts.")
]


class NewUser(BaseModel):
    """An account to create."""

    username: str = Field(
        pattern=f"^{USERNAME.pattern}$",
        description="1-64 letters, digits or . _ @ -, starting with a letter or digit.",
    )
    role: AccountRole
    password: SecretStr = Field(
        min_length=MIN_PASSWORD,
        max_length=MAX_PASSWORD,
        description=f"At least {MIN_PASSWORD} characters.",
    )
    staff: StaffNo = None


class NewKey(BaseModel):
    """An API key to create for a program."""

    name: str = Field(min_length=1, max_length=MAX_NAME)
    role: AccountRole
    staff: StaffNo = None


@router.get("/users", response_model=Page[UserInfo])
def users(session: SessionDep, principal: PrincipalDep, page: PageDep) -> Response:
    """Every account, by username."""
    return data(list_users(session, principal, page))


@router.post("/users", status_code=201, response_model=UserInfo)
def create_user(body: NewUser, session: SessionDep, principal: PrincipalDep) -> Response:
    """Create an account, linked to its staff member."""
    password = body.password.get_secret_value()
    user = add_user(session, principal, body.username, body.role, password, staff=body.staff)
    return data(user, status_code=201)


@router.post("/users/{username}/disable", response_model=UserInfo)
def disable(username: str, session: SessionDep, principal: PrincipalDep) -> Response:
    """Disable an account: its tokens stop working at once."""
    return data(disable_user(session, principal, username))


@router.get("/keys", response_model=Page[ApiKeyInfo])
def keys(session: SessionDep, principal: PrincipalDep, page: PageDep) -> Response:
    """Every API key, by id (never a secret)."""
    return data(list_api_keys(session, principal, page))


@router.post("/keys", status_code=201, response_model=NewApiKey)
def create_key(body: NewKey, session: SessionDep, principal: PrincipalDep) -> Response:
    """Create a key for a program; the response holds the whole key, shown this once."""
    return data(
        add_api_key(session, principal, body.name, body.role, staff=body.staff), status_code=201
    )


@router.post("/keys/{key_id}/disable", response_model=ApiKeyInfo)
def disable_key(key_id: str, session: SessionDep, principal: PrincipalDep) -> Response:
    """Disable a key: it stops working at once."""
    return data(disable_api_key(session, principal, key_id))
