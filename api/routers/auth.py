"""Sign-in: a bearer token for a username and password, and who the caller is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Response
from fastapi.security import OAuth2PasswordRequestForm

from accounts.service.users import sign_in
from api.deps import PrincipalDep, SessionDep, StateDep
from api.responses import data
from api.tokens import issue_token
from graph.principal import Principal

router = APIRouter(prefix="/auth", tags=["auth"])


@dataclass(frozen=True)
class BearerToken:
    """Send as ``Authorization: Bearer <access_token>``; it lasts `expires_in` seconds."""

    access_token: str
    token_type: str
    expires_in: int


@router.post("/token", response_model=BearerToken)
def token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()], session: SessionDep, state: StateDep
) -> Response:
    """Sign in with a username and password (OAuth2 password flow); 5 failures within a
    minute refuse the username for 5 minutes (429)."""
    principal = sign_in(session, form.username, form.password, state.lockout)
    minutes = state.settings.token_minutes
    signed = issue_token(principal.user, state.secret, minutes)
    return data(BearerToken(signed, "bearer", minutes * 60))


@router.get("/me", response_model=Principal)
def me(principal: PrincipalDep) -> Response:
    """Who the caller is: role, staff member and the areas in scope (null: every area)."""
    return data(principal)
