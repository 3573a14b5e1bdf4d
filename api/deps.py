"""What an endpoint declares it needs: the app state, a session, the principal, a page."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.security import APIKeyHeader, OAuth2PasswordBearer

from accounts.service.keys import principal_of_key
from accounts.service.users import principal_of_user
from api.state import AppState
from api.tokens import read_token
from graph.errors import Unauthenticated
from graph.page import MAX_LIMIT, PageRequest
from graph.principal import Principal
from graph.session import Session

_bearer = OAuth2PasswordBearer(tokenUrl="/api/auth/token", auto_error=False)
_api_key = APIKeyHeader(name="X-API-Key", auto_error=False)


def _state(request: Request) -> AppState:
    state = request.app.state.crm
    assert isinstance(state, AppState)
    return state


StateDep = Annotated[AppState, Depends(_state)]


def _session(state: StateDep) -> Iterator[Session]:
    with state.database.session() as session:
        yield session


SessionDep = Annotated[Session, Depends(_session)]


def _principal(
    state: StateDep,
    session: SessionDep,
    token: Annotated[str | None, Depends(_bearer)],
    key: Annotated[str | None, Depends(_api_key)],
) -> Principal:
    """The account behind a bearer token or an API key; 401 without either."""
    if key:
        digest = "key:" + hashlib.sha256(key.encode()).hexdigest()
        version = state.database.version()
        return state.principals.resolve(digest, version, lambda: principal_of_key(session, key))
    if token:
        username = read_token(token, state.secret)
        version = state.database.version()
        return state.principals.resolve(
            "user:" + username, version, lambda: principal_of_user(session, username)
        )
    raise Unauthenticated(
        "sign in first: send a bearer token from POST /api/auth/token or an X-API-Key header"
    )


PrincipalDep = Annotated[Principal, Depends(_principal)]


def _page(
    offset: Annotated[int, Query(ge=0, description="items to skip")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="items at most")] = 100,
) -> PageRequest:
    return PageRequest(offset, limit)


PageDep = Annotated[PageRequest, Depends(_page)]
