"""``/api/impact``: what a person's leaving and an area's split do — for the roles that may
ask, within their scope; a split's answer names no one, so a viewer may ask it too."""

from __future__ import annotations

import pytest

from tests.api.checks import ROLES, assert_error, body, outsiders, personal_data
from tests.api.live import Accounts, Api

AGENT = "HF0021"
"""The city's one agent, on every area's team."""
SPLIT = "/api/impact/split-area"


def _own(area_of: dict[str, str], area: str) -> list[str]:
    return sorted(r for r, a in area_of.items() if a == area)


@pytest.mark.parametrize("user", ROLES)
def test_who_may_ask_what_a_team_members_leaving_does(
    shared_api: Api, accounts: Accounts, area_of: dict[str, str], user: str
) -> None:
    answer = shared_api.get(f"/api/impact/staff/{accounts.lead_staff}", user)
    if user in ("viewer", "manager", "lead2"):
        assert user in assert_error(answer, 403, "forbidden")
        return
    impact = body(answer)
    [area] = impact["areas"]
    assert (area["area"], area["role"], area["loses_lead"]) == (accounts.lead_area, "manager", True)
    [lost] = impact["retailers"]
    assert list(lost["ids"]) == _own(area_of, accounts.lead_area)


def test_a_team_lead_sees_a_city_wide_persons_leaving_in_their_area_only(
    shared_api: Api, accounts: Accounts, area_of: dict[str, str]
) -> None:
    scoped = body(shared_api.get(f"/api/impact/staff/{AGENT}", "lead"))
    whole = body(shared_api.get(f"/api/impact/staff/{AGENT}", "planner"))
    assert [a["area"] for a in scoped["areas"]] == [accounts.lead_area]
    assert len(whole["areas"]) == 20 and scoped["partial"] is True
    assert [r["ids"] for r in scoped["retailers"]] == [_own(area_of, accounts.lead_area)]
    assert not outsiders(scoped, area_of, [accounts.lead_area])
    for candidate in scoped["candidates"]:
        assert accounts.lead_area in candidate["areas"]


@pytest.mark.parametrize(("user", "status"), [("admin", 404), ("dispatcher", 404), ("lead", 403)])
def test_the_leaving_of_an_unknown_person_is_404_or_403_by_scope(
    shared_api: Api, user: str, status: int
) -> None:
    kind = "not_found" if status == 404 else "forbidden"
    answer = shared_api.get("/api/impact/staff/HF9999", user)
    assert "HF9999" in assert_error(answer, status, kind)


@pytest.mark.parametrize("user", ROLES)
def test_who_may_ask_what_splitting_an_area_does(
    shared_api: Api, accounts: Accounts, area_of: dict[str, str], user: str
) -> None:
    area = accounts.other_area if user == "lead2" else accounts.lead_area
    retailers = _own(area_of, area)[:5]
    answer = shared_api.post(SPLIT, user, json={"area": area, "retailers": retailers})
    if user == "manager":
        assert "manager" in assert_error(answer, 403, "forbidden")
        return
    split = body(answer)
    assert (split["area"], split["moved"]) == (area, 5)
    old, new = split["sides"]
    assert (old["area"], new["area"]) == (area, split["new_area"])
    assert old["balance"]["customers"] + new["balance"]["customers"] == len(_own(area_of, area))
    assert new["zone"] == old["zone"] and sum(new["posts"].values()) > 0


def test_a_team_lead_may_not_split_another_area(
    shared_api: Api, accounts: Accounts, area_of: dict[str, str]
) -> None:
    retailers = _own(area_of, accounts.other_area)[:3]
    answer = shared_api.post(
        SPLIT, "lead", json={"area": accounts.other_area, "retailers": retailers}
    )
    message = assert_error(answer, 403, "forbidden")
    assert accounts.other_area in message and not set(retailers) & set(message.split())


def test_a_viewers_split_names_no_one(
    shared_api: Api, accounts: Accounts, area_of: dict[str, str], personal: frozenset[str]
) -> None:
    retailers = _own(area_of, accounts.lead_area)[:6]
    split = body(
        shared_api.post(SPLIT, "viewer", json={"area": accounts.lead_area, "retailers": retailers})
    )
    assert personal_data(split, personal) == []
    for path in (f"/api/impact/staff/{AGENT}", "/api/impact/staff/HF9999"):
        message = assert_error(shared_api.get(path, "viewer"), 403, "forbidden")
        assert personal_data(message, personal) == []


@pytest.mark.parametrize(
    ("split", "status", "says"),
    [
        ({"area": "A01", "retailers": "all"}, 422, "some of its"),
        ({"area": "A01", "retailers": "other"}, 422, "not in area A01"),
        ({"area": "A99", "retailers": "own"}, 404, "A99"),
        ({"area": "A01", "retailers": []}, 422, "retailers"),
        ({"area": "A01"}, 422, "retailers"),
        ({"area": "", "retailers": "own"}, 422, "area"),
        ({"area": "A01", "retailers": [""]}, 422, "retailers"),
    ],
    ids=["all", "of another area", "unknown area", "none", "missing", "empty area", "empty id"],
)
def test_a_split_that_cannot_be_is_refused_with_a_reason(
    shared_api: Api,
    area_of: dict[str, str],
    split: dict[str, object],
    status: int,
    says: str,
) -> None:
    chosen = {
        "all": _own(area_of, "A01"),
        "other": _own(area_of, "A01")[:2] + _own(area_of, "A02")[:1],
        "own": _own(area_of, "A01")[:2],
    }
    asked = {**split, "retailers": chosen.get(str(split.get("retailers")), split.get("retailers"))}
    if "retailers" not in split:
        del asked["retailers"]
    answer = shared_api.post(SPLIT, "planner", json=asked)
    kind = "not_found" if status == 404 else "invalid_input"
    assert says in assert_error(answer, status, kind)
    if split.get("retailers") == "other":
        assert answer.json()["details"] == {"not_in_area": _own(area_of, "A02")[:1]}
