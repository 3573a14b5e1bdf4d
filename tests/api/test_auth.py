"""``/api/auth``: signing in for a bearer token, who the caller is, and the 401 of every way a
request can come without valid credentials."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from api.tokens import issue_token
from tests.api.checks import ROLES, assert_error
from tests.api.live import PASSWORD, SECRET, Accounts, Api

PROTECTED = ("/api/auth/me", "/api/retailers", "/api/areas/A01/graph", "/api/jobs")
"""A few endpoints of different routers, all behind the principal."""


def test_a_right_password_gives_a_bearer_token_for_the_token_minutes(shared_api: Api) -> None:
    answer = shared_api.http.post(
        "/api/auth/token", data={"username": "planner", "password": PASSWORD}
    )
    assert answer.status_code == 200, answer.text
    token = answer.json()
    assert token["token_type"] == "bearer" and token["expires_in"] == 30 * 60
    me = shared_api.http.get(
        "/api/auth/me", headers={"Authorization": f"Bearer {token['access_token']}"}
    )
    assert me.json()["user"] == "planner"


@pytest.mark.parametrize("user", ROLES)
def test_me_names_the_role_and_the_areas_in_scope(
    shared_api: Api, accounts: Accounts, user: str
) -> None:
    expected = {
        "lead": ("team_lead", accounts.lead_staff, [accounts.lead_area]),
        "lead2": ("team_lead", None, [accounts.other_area]),
        "manager": ("staff", accounts.manager_staff, [accounts.lead_area]),
    }.get(user, (user, None, None))
    me = shared_api.get("/api/auth/me", user).json()
    assert (me["user"], me["role"], me["areas"]) == (user, expected[0], expected[2])
    if expected[1] is not None:
        assert me["staff"] == expected[1]


def test_a_wrong_password_and_an_unknown_name_get_the_same_401_then_a_lockout(
    shared_api: Api,
) -> None:
    signed_in = shared_api.as_("supervisor")
    unknown = shared_api.http.post(
        "/api/auth/token", data={"username": "intruder", "password": "guess1234"}
    )
    message = assert_error(unknown, 401, "unauthenticated")
    for _ in range(5):
        wrong = shared_api.http.post(
            "/api/auth/token", data={"username": "supervisor", "password": "guess1234"}
        )
        assert assert_error(wrong, 401, "unauthenticated") == message
    right = shared_api.http.post(
        "/api/auth/token", data={"username": "supervisor", "password": PASSWORD}
    )
    assert "supervisor" in assert_error(right, 429, "too_many_attempts")
    assert shared_api.http.get("/api/auth/me", headers=signed_in).status_code == 200
    other = shared_api.http.post(
        "/api/auth/token", data={"username": "admin", "password": PASSWORD}
    )
    assert other.status_code == 200, other.text


@pytest.mark.parametrize(
    "form",
    [{}, {"username": "planner"}, {"password": PASSWORD}],
    ids=["nothing", "no password", "no username"],
)
def test_a_sign_in_without_its_fields_is_422_naming_them(
    shared_api: Api, form: dict[str, str]
) -> None:
    message = assert_error(shared_api.http.post("/api/auth/token", data=form), 422, "invalid_input")
    for field in {"username", "password"} - set(form):
        assert field in message


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


CREDENTIALS = {
    "no credentials": {},
    "garbage token": _bearer("garbage"),
    "another secret": _bearer(issue_token("admin", b"x" * 48, 30)),
    "expired": _bearer(
        issue_token("admin", SECRET.encode(), 30, now=datetime.now(UTC) - timedelta(minutes=31))
    ),
    "unknown user": _bearer(issue_token("ghost", SECRET.encode(), 30)),
    "basic scheme": {"Authorization": "Basic YWRtaW46YWRtaW4="},
    "unknown key": {"X-API-Key": "0123456789ab.not-a-secret"},
    "malformed key": {"X-API-Key": "no-dot"},
}


@pytest.mark.parametrize("headers", CREDENTIALS.values(), ids=CREDENTIALS.keys())
def test_a_request_without_valid_credentials_is_401(
    shared_api: Api, headers: dict[str, str]
) -> None:
    for path in PROTECTED:
        answer = shared_api.http.get(path, headers=headers)
        assert_error(answer, 401, "unauthenticated")
        assert answer.headers["WWW-Authenticate"] == "Bearer"
