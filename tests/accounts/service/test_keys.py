"""API keys: made by administrators, shown once, stored as a digest, refused once disabled."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from accounts.service.keys import (
    add_api_key,
    disable_api_key,
    list_api_keys,
    principal_of_key,
)
from graph.errors import DomainError, Forbidden, InvalidInput, NotFound, Unauthenticated
from graph.page import PageRequest
from graph.principal import LOCAL_ADMIN, AccountRole, Principal
from graph.queries import Query
from graph.serialise import to_data
from graph.session import Session

PLANNER = Principal("p", AccountRole.PLANNER)


def test_a_key_is_shown_once_and_only_its_digest_is_stored(city_session: Session) -> None:
    new = add_api_key(city_session, LOCAL_ADMIN, " sales system ", AccountRole.DISPATCHER)
    key_id, _, secret = new.key.partition(".")
    assert key_id == new.id and len(secret) >= 40 and new.name == "sales system"
    stored = city_session.read(Query.API_KEYS, keys=[new.id])[0]
    assert secret not in str(stored) and stored["key_hash"]
    listed = {
        k.id: to_data(k) for k in list_api_keys(city_session, LOCAL_ADMIN, PageRequest()).items
    }
    assert listed[new.id] == {k: v for k, v in to_data(new).items() if k != "key"}
    assert principal_of_key(city_session, new.key) == Principal(
        f"key:{new.id}", AccountRole.DISPATCHER
    )


def test_a_team_lead_key_acts_in_its_staff_members_areas(
    city_session: Session, lead_no: str, first_area: str
) -> None:
    new = add_api_key(city_session, LOCAL_ADMIN, "lead app", AccountRole.TEAM_LEAD, staff=lead_no)
    principal = principal_of_key(city_session, new.key)
    assert principal.staff == lead_no and principal.areas is not None
    assert first_area in principal.areas


@pytest.mark.parametrize(
    "mangle",
    [
        lambda key: key + "x",
        lambda key: key.partition(".")[0],
        lambda key: key.partition(".")[0] + ".",
        lambda key: "." + key.partition(".")[2],
        lambda key: "0000." + key.partition(".")[2],
        lambda key: "",
    ],
)
def test_a_wrong_or_malformed_key_is_refused(
    city_session: Session, mangle: Callable[[str], str]
) -> None:
    new = add_api_key(city_session, LOCAL_ADMIN, "bi tool", AccountRole.VIEWER)
    with pytest.raises(Unauthenticated):
        principal_of_key(city_session, mangle(new.key))


def test_a_disabled_key_stops_working_at_once(city_session: Session) -> None:
    new = add_api_key(city_session, LOCAL_ADMIN, "old app", AccountRole.VIEWER)
    principal_of_key(city_session, new.key)
    assert disable_api_key(city_session, LOCAL_ADMIN, new.id).enabled is False
    with pytest.raises(Unauthenticated):
        principal_of_key(city_session, new.key)


@pytest.mark.parametrize(
    ("principal", "name", "role", "staff", "error"),
    [
        (PLANNER, "app", AccountRole.VIEWER, None, Forbidden),
        (LOCAL_ADMIN, "  ", AccountRole.VIEWER, None, InvalidInput),
        (LOCAL_ADMIN, "x" * 101, AccountRole.VIEWER, None, InvalidInput),
        (LOCAL_ADMIN, "app", AccountRole.STAFF, None, InvalidInput),
        (LOCAL_ADMIN, "app", AccountRole.TEAM_LEAD, "NO-SUCH-EMPLOYEE", NotFound),
    ],
)
def test_add_api_key_refuses(
    city_session: Session,
    principal: Principal,
    name: str,
    role: AccountRole,
    staff: str | None,
    error: type[DomainError],
) -> None:
    with pytest.raises(error):
        add_api_key(city_session, principal, name, role, staff=staff)


def test_only_an_administrator_lists_or_disables_keys(city_session: Session) -> None:
    with pytest.raises(Forbidden):
        list_api_keys(city_session, PLANNER, PageRequest())
    with pytest.raises(Forbidden):
        disable_api_key(city_session, PLANNER, "anything")
    with pytest.raises(NotFound):
        disable_api_key(city_session, LOCAL_ADMIN, "no-such-key")
