"""``/api/users`` and ``/api/keys``: only an administrator manages accounts and keys; secrets
never leave the server; a disabled account or key stops working at once."""

from __future__ import annotations

import pytest

from tests.api.checks import ROLES, assert_error, walk
from tests.api.live import PASSWORD, Accounts, Api

OPERATIONS = (
    ("GET", "/api/users", None, "list accounts"),
    ("POST", "/api/users", {"username": "x1", "role": "viewer", "password": PASSWORD}, "add"),
    ("POST", "/api/users/viewer/disable", None, "disable accounts"),
    ("GET", "/api/keys", None, "list API keys"),
    ("POST", "/api/keys", {"name": "bi", "role": "viewer"}, "add API keys"),
    ("POST", "/api/keys/0123456789ab/disable", None, "disable API keys"),
)


@pytest.mark.parametrize("user", [r for r in ROLES if r != "admin"])
def test_only_an_admin_manages_accounts_and_keys(shared_api: Api, user: str) -> None:
    for method, path, body, what in OPERATIONS:
        answer = shared_api.http.request(method, path, json=body, headers=shared_api.as_(user))
        message = assert_error(answer, 403, "forbidden")
        assert user in message and what in message, message


def test_an_admin_lists_accounts_and_keys_without_their_secrets(
    shared_api: Api, accounts: Accounts
) -> None:
    shared_api.post("/api/keys", "admin", json={"name": "bi-tool", "role": "viewer"})
    users = shared_api.get("/api/users", "admin").json()
    by_name = {u["username"]: u for u in users["items"]}
    assert set(ROLES) <= set(by_name) and users["total"] == len(users["items"])
    assert by_name["lead"]["role"] == "team_lead"
    assert by_name["lead"]["staff"] == accounts.lead_staff
    assert by_name["planner"]["staff"] is None and by_name["planner"]["enabled"] is True
    keys = shared_api.get("/api/keys", "admin").json()
    assert "bi-tool" in {k["name"] for k in keys["items"]}
    keys_seen = {k for page in (users, keys) for k, _ in walk(page) if k is not None}
    assert not keys_seen & {"password", "password_hash", "key", "key_hash", "secret"}
    page = shared_api.get("/api/users?offset=1&limit=2", "admin").json()
    assert [u["username"] for u in page["items"]] == [u["username"] for u in users["items"][1:3]]


def test_an_account_made_over_http_signs_in_and_sees_its_staff_members_area(
    shared_api: Api, accounts: Accounts
) -> None:
    made = shared_api.post(
        "/api/users",
        "admin",
        json={
            "username": "lead.new",
            "role": "team_lead",
            "password": PASSWORD,
            "staff": accounts.lead_staff,
        },
    )
    assert made.status_code == 201, made.text
    assert made.json()["staff"] == accounts.lead_staff and "password" not in made.text
    signed = shared_api.http.post(
        "/api/auth/token", data={"username": "lead.new", "password": PASSWORD}
    )
    token = signed.json()["access_token"]
    me = shared_api.http.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["areas"] == [accounts.lead_area]
    again = shared_api.post(
        "/api/users", "admin", json={"username": "lead.new", "role": "viewer", "password": "x" * 9}
    )
    assert "lead.new" in assert_error(again, 409, "conflict")


BAD_ACCOUNTS = {
    "short password": ({"password": "short"}, 422, "8"),
    "bad username": ({"username": "bad name!"}, 422, "username"),
    "lead without staff": ({"role": "team_lead"}, 422, "staff member"),
    "unknown staff": ({"role": "staff", "staff": "HF9999"}, 404, "HF9999"),
    "retailer": ({"role": "retailer"}, 422, "retailer"),
    "unknown role": ({"role": "emperor"}, 422, "role"),
    "no password": ({"password": None}, 422, "password"),
}
"""Changes to a good account that make it one that could not act, its status and message."""


@pytest.mark.parametrize(("change", "status", "says"), BAD_ACCOUNTS.values(), ids=BAD_ACCOUNTS)
def test_an_account_that_could_not_act_is_refused(
    shared_api: Api, change: dict[str, str | None], status: int, says: str
) -> None:
    account = {"username": "ann", "role": "viewer", "password": PASSWORD, **change}
    asked = {k: v for k, v in account.items() if v is not None}
    answer = shared_api.post("/api/users", "admin", json=asked)
    assert says in assert_error(answer, status, "not_found" if status == 404 else "invalid_input")
    listed = shared_api.get("/api/users", "admin").json()["items"]
    assert asked["username"] not in {u["username"] for u in listed}


def test_disabling_an_account_stops_its_token_at_once(shared_api: Api) -> None:
    shared_api.post(
        "/api/users", "admin", json={"username": "leaver", "role": "planner", "password": PASSWORD}
    )
    form = {"username": "leaver", "password": PASSWORD}
    token = shared_api.http.post("/api/auth/token", data=form).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert shared_api.http.get("/api/retailers?limit=1", headers=headers).status_code == 200
    disabled = shared_api.post("/api/users/leaver/disable", "admin")
    assert disabled.status_code == 200 and disabled.json()["enabled"] is False
    for path in ("/api/auth/me", "/api/retailers?limit=1", "/api/jobs"):
        message = assert_error(shared_api.http.get(path, headers=headers), 401, "unauthenticated")
        assert "leaver" in message
    assert_error(shared_api.http.post("/api/auth/token", data=form), 401, "unauthenticated")


def test_disabling_a_key_stops_it_at_once(shared_api: Api) -> None:
    made = shared_api.post("/api/keys", "admin", json={"name": "mobile", "role": "dispatcher"})
    assert made.status_code == 201, made.text
    key = made.json()["key"]
    assert key.startswith(made.json()["id"] + ".")
    answer = shared_api.http.get("/api/retailers?limit=1", headers={"X-API-Key": key})
    assert answer.status_code == 200, answer.text
    disabled = shared_api.post(f"/api/keys/{made.json()['id']}/disable", "admin")
    assert disabled.json()["enabled"] is False and "key" not in disabled.json()
    answer = shared_api.http.get("/api/retailers?limit=1", headers={"X-API-Key": key})
    assert_error(answer, 401, "unauthenticated")


def test_disabling_what_is_not_there_or_oneself_is_refused(shared_api: Api) -> None:
    assert "nobody" in assert_error(
        shared_api.post("/api/users/nobody/disable", "admin"), 404, "not_found"
    )
    assert_error(shared_api.post("/api/keys/0123456789ab/disable", "admin"), 404, "not_found")
    assert_error(shared_api.post("/api/users/admin/disable", "admin"), 409, "conflict")
    assert shared_api.get("/api/auth/me", "admin").status_code == 200
