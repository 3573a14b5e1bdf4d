"""``/api/actions`` over HTTP: derive the under-service actions, list them in scope, close
one."""

from __future__ import annotations

from seeds.city import City
from tests.api.live import Accounts, Api
from tests.api.test_surveys import answers_csv


def test_actions_are_derived_listed_and_closed(
    api: Api, accounts: Accounts, tiny_city: City
) -> None:
    assert api.post("/api/actions/derive", "planner").status_code == 404  # no answers yet
    api.post("/api/surveys/plan", "planner", json={"start": "2026-12-07"})
    content = answers_csv(tiny_city)
    api.post("/api/surveys/import", "planner", files={"file": ("a.csv", content)})
    derived = api.post("/api/actions/derive", "supervisor").json()
    assert derived["created"] == derived["areas"] == len(tiny_city.areas)
    mine = api.get("/api/actions", "lead").json()
    assert mine["total"] == 1
    (action,) = mine["items"]
    assert set(action) == {
        "id",
        "area",
        "kind",
        "role",
        "subject",
        "text_zh",
        "text_en",
        "created_at",
        "status",
    }
    assert (action["area"], action["kind"], action["role"], action["status"]) == (
        accounts.lead_area,
        "under_service",
        "driver",
        "open",
    )
    assert api.get("/api/actions?limit=5", "planner").json()["total"] == len(tiny_city.areas)
    assert api.get("/api/actions", "viewer").status_code == 403
    assert api.get(f"/api/actions?area={accounts.lead_area}", "lead2").status_code == 403
    assert api.get("/api/actions?status=maybe", "lead").status_code == 422
    assert api.post(f"/api/actions/{action['id']}/done", "lead2").status_code == 403
    assert api.post(f"/api/actions/{action['id']}/done", "manager").status_code == 403
    done = api.post(f"/api/actions/{action['id']}/done", "lead")
    assert done.status_code == 200 and done.json()["status"] == "done"
    closed = api.get("/api/actions?status=done", "supervisor").json()["items"]
    assert [a["id"] for a in closed] == [action["id"]]
    assert api.post("/api/actions/nope/done", "admin").status_code == 404
