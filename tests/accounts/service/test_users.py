"""Accounts: administrators manage them; a sign-in or a token's user resolves to a principal
read from the graph each time."""

from __future__ import annotations

import pytest
from pwdlib import PasswordHash

from accounts.lockout import Lockout
from accounts.service.users import (
    add_user,
    disable_user,
    list_users,
    principal_of_user,
    sign_in,
)
from graph.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    NotFound,
    TooManyAttempts,
    Unauthenticated,
)
from graph.page import PageRequest
from graph.principal import LOCAL_ADMIN, AccountRole, Principal
from graph.repository import graph_stats
from graph.serialise import to_data
from graph.session import Session

PASSWORD = "s3cret-enough"
PLANNER = Principal("p", AccountRole.PLANNER)


def test_a_team_lead_account_acts_in_the_areas_its_staff_member_leads(
    city_session: Session, cheap_hasher: PasswordHash, lead_no: str, first_area: str
) -> None:
    links = graph_stats(city_session)["relationships"].get("IS_STAFF", 0)
    user = add_user(
        city_session,
        LOCAL_ADMIN,
        "lead1",
        AccountRole.TEAM_LEAD,
        PASSWORD,
        staff=lead_no,
        hasher=cheap_hasher,
    )
    assert to_data(user) == {
        "username": "lead1",
        "role": "team_lead",
        "staff": lead_no,
        "enabled": True,
        "created_at": user.created_at,
    }
    assert graph_stats(city_session)["relationships"]["IS_STAFF"] == links + 1
    principal = principal_of_user(city_session, "lead1")
    assert (principal.user, principal.role, principal.staff) == (
        "lead1",
        AccountRole.TEAM_LEAD,
        lead_no,
    )
    assert principal.areas is not None and first_area in principal.areas


def test_a_whole_city_account_needs_no_staff_member_and_is_listed(
    city_session: Session, cheap_hasher: PasswordHash
) -> None:
    add_user(city_session, LOCAL_ADMIN, "plan1", AccountRole.PLANNER, PASSWORD, hasher=cheap_hasher)
    assert principal_of_user(city_session, "plan1") == Principal("plan1", AccountRole.PLANNER)
    listed = list_users(city_session, LOCAL_ADMIN, PageRequest())
    names = [u.username for u in listed.items]
    assert "plan1" in names and names == sorted(names) and listed.total == len(names)


@pytest.mark.parametrize(
    ("principal", "username", "role", "password", "staff", "error"),
    [
        (PLANNER, "x1", AccountRole.VIEWER, PASSWORD, None, Forbidden),
        (LOCAL_ADMIN, "bad name", AccountRole.VIEWER, PASSWORD, None, InvalidInput),
        (LOCAL_ADMIN, "", AccountRole.VIEWER, PASSWORD, None, InvalidInput),
        (LOCAL_ADMIN, "x2", AccountRole.VIEWER, "short", None, InvalidInput),
        (LOCAL_ADMIN, "x3", AccountRole.TEAM_LEAD, PASSWORD, None, InvalidInput),
        (LOCAL_ADMIN, "x4", AccountRole.STAFF, PASSWORD, "NO-SUCH-EMPLOYEE", NotFound),
        (LOCAL_ADMIN, "x5", AccountRole.RETAILER, PASSWORD, None, InvalidInput),
    ],
)
def test_add_user_refuses(
    city_session: Session,
    cheap_hasher: PasswordHash,
    principal: Principal,
    username: str,
    role: AccountRole,
    password: str,
    staff: str | None,
    error: type[DomainError],
) -> None:
    with pytest.raises(error):
        add_user(
            city_session, principal, username, role, password, staff=staff, hasher=cheap_hasher
        )


def test_a_second_account_of_the_same_name_is_a_conflict(
    city_session: Session, cheap_hasher: PasswordHash
) -> None:
    add_user(city_session, LOCAL_ADMIN, "twice", AccountRole.VIEWER, PASSWORD, hasher=cheap_hasher)
    with pytest.raises(Conflict, match="twice already exists"):
        add_user(
            city_session, LOCAL_ADMIN, "twice", AccountRole.ADMIN, PASSWORD, hasher=cheap_hasher
        )
    assert principal_of_user(city_session, "twice").role is AccountRole.VIEWER


def test_sign_in_answers_alike_for_a_wrong_password_and_an_unknown_name(
    city_session: Session, cheap_hasher: PasswordHash
) -> None:
    add_user(city_session, LOCAL_ADMIN, "ann", AccountRole.VIEWER, PASSWORD, hasher=cheap_hasher)
    lockout = Lockout()
    assert sign_in(city_session, "ann", PASSWORD, lockout).user == "ann"
    for name, password in [("ann", PASSWORD + "x"), ("nobody", PASSWORD)]:
        with pytest.raises(Unauthenticated) as refused:
            sign_in(city_session, name, password, lockout)
        assert refused.value.message == "wrong username or password"


def test_five_failed_sign_ins_refuse_even_the_right_password(
    city_session: Session, cheap_hasher: PasswordHash
) -> None:
    add_user(city_session, LOCAL_ADMIN, "bob", AccountRole.VIEWER, PASSWORD, hasher=cheap_hasher)
    lockout = Lockout()
    for _ in range(5):
        with pytest.raises(Unauthenticated):
            sign_in(city_session, "bob", "guess-guess", lockout)
    with pytest.raises(TooManyAttempts):
        sign_in(city_session, "bob", PASSWORD, lockout)


def test_a_disabled_account_stops_working_at_once(
    city_session: Session, cheap_hasher: PasswordHash
) -> None:
    add_user(city_session, LOCAL_ADMIN, "cat", AccountRole.VIEWER, PASSWORD, hasher=cheap_hasher)
    principal_of_user(city_session, "cat")
    assert disable_user(city_session, LOCAL_ADMIN, "cat").enabled is False
    with pytest.raises(Unauthenticated):
        principal_of_user(city_session, "cat")
    with pytest.raises(Unauthenticated, match="disabled"):
        sign_in(city_session, "cat", PASSWORD, Lockout())


@pytest.mark.parametrize(
    ("principal", "username", "error"),
    [
        (PLANNER, "dan", Forbidden),
        (LOCAL_ADMIN, "nobody", NotFound),
        (Principal("dan", AccountRole.ADMIN), "dan", Conflict),
    ],
)
def test_disable_user_refuses(
    city_session: Session, principal: Principal, username: str, error: type[DomainError]
) -> None:
    with pytest.raises(error):
        disable_user(city_session, principal, username)


def test_only_an_administrator_lists_accounts(city_session: Session) -> None:
    with pytest.raises(Forbidden):
        list_users(city_session, PLANNER, PageRequest())


def test_an_unknown_account_has_no_principal(city_session: Session) -> None:
    with pytest.raises(Unauthenticated):
        principal_of_user(city_session, "nobody")
