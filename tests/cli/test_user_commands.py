"""`crm users ...`: accounts and API keys from the terminal, run in-process on `tiny_city`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from accounts.lockout import Lockout
from accounts.service.keys import principal_of_key
from accounts.service.users import sign_in
from cli.main import app
from graph.database import open_database
from graph.errors import Forbidden, InvalidInput, Unauthenticated
from graph.principal import AccountRole, Principal
from graph.session import Session
from seeds.city import City
from seeds.writer import write_city

PASSWORD = "correct horse battery"


def crm(store: Path, *args: str, stdin: str | None = None) -> Result:
    """`crm --store ladybug://STORE ARGS...` in this process (domain errors are raised)."""
    return CliRunner().invoke(
        app, ["--store", f"ladybug://{store}", *args], input=stdin, catch_exceptions=False
    )


def principal_on(store: Path, resolve: Callable[[Session], Principal]) -> Principal:
    """What `resolve` answers on a session of its own on `store`."""
    with open_database(f"ladybug://{store}") as db, db.session() as session:
        return resolve(session)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, tiny_city: City) -> Path:
    """An embedded store holding `tiny_city`."""
    path = tmp_path_factory.mktemp("users") / "graph"
    with open_database(f"ladybug://{path}") as db, db.session() as session:
        write_city(session, tiny_city)
    return path


def test_an_account_added_with_the_password_on_stdin_signs_in_until_disabled(
    store: Path, tiny_city: City
) -> None:
    lead = tiny_city.staffing.leads[tiny_city.areas[0].code]
    added = crm(
        store, "users", "add", "lead1", "--role", "team_lead", "--staff", lead,
        "--password-stdin", "--json", stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert json.loads(added.stdout)["staff"] == lead
    listed = json.loads(crm(store, "users", "list", "--json").stdout)
    assert [(u["username"], u["role"], u["enabled"]) for u in listed["items"]] == [
        ("lead1", "team_lead", True)
    ]
    assert principal_on(store, lambda s: sign_in(s, "lead1", PASSWORD, Lockout())).staff == lead
    assert "disabled lead1" in crm(store, "users", "disable", "lead1").stdout
    assert "False" in crm(store, "users", "list").stdout
    with pytest.raises(Unauthenticated):
        principal_on(store, lambda s: sign_in(s, "lead1", PASSWORD, Lockout()))


def test_a_key_is_printed_once_and_works_until_disabled(store: Path) -> None:
    added = crm(store, "users", "add-key", "sales system", "--role", "dispatcher")
    assert added.exit_code == 0, added.output
    key = added.stdout.splitlines()[-1]
    key_id = key.partition(".")[0]
    assert f"key {key_id} for sales system (dispatcher)" in added.stdout
    listed = crm(store, "users", "keys", "--json").stdout
    assert key_id in listed and key.partition(".")[2] not in listed
    assert principal_on(store, lambda s: principal_of_key(s, key)).role is AccountRole.DISPATCHER
    assert f"disabled key {key_id}" in crm(store, "users", "disable-key", key_id).stdout
    with pytest.raises(Unauthenticated):
        principal_on(store, lambda s: principal_of_key(s, key))


def test_a_password_must_come_on_stdin_when_no_terminal_asks(store: Path) -> None:
    with pytest.raises(InvalidInput, match="--password-stdin"):
        crm(store, "users", "add", "ann", "--role", "viewer", stdin=PASSWORD + "\n")


def test_only_an_administrator_manages_accounts(store: Path, tiny_city: City) -> None:
    lead = tiny_city.staffing.leads[tiny_city.areas[0].code]
    with pytest.raises(Forbidden):
        crm(store, "--as-staff", lead, "users", "list")


def test_an_unknown_role_is_a_usage_error(store: Path) -> None:
    result = crm(store, "users", "add-key", "app", "--role", "emperor")
    assert result.exit_code == 2 and "emperor" in result.output
