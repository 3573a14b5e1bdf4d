"""``/api/interactions`` over HTTP: logging in scope, the retailer's list, an import and the
adherence report of a team lead's area."""

from __future__ import annotations

from tests.api.live import Accounts, Api


def test_log_list_import_and_adherence(
    api: Api, accounts: Accounts, area_of: dict[str, str]
) -> None:
    shop = sorted(r for r, a in area_of.items() if a == accounts.lead_area)[0]
    day = "2026-11-23"
    body = {
        "kind": "visit",
        "retailer_id": shop,
        "staff_id": accounts.manager_staff,
        "day": day,
        "started_at": f"{day}T09:30",
        "ended_at": f"{day}T10:30",
        "checkin_lon": 117.25,
        "checkin_lat": 31.85,
        "tasks": ["display", "prices"],
        "notes": "货架整洁",
    }
    logged = api.post("/api/interactions", "manager", json=body)
    assert logged.status_code == 201, logged.text
    record = logged.json()
    assert record["id"] == f"visit:{accounts.manager_staff}:{shop}:{day}T09:30"
    assert (record["role"], record["tasks"], record["logged_by"]) == (
        "manager",
        "display,prices",
        "manager",
    )
    assert (
        api.post("/api/interactions", "manager", json={**body, "kind": "call"}).status_code == 422
    )
    assert api.post("/api/interactions", "lead2", json=body).status_code == 403
    own = {**body, "staff_id": "", "started_at": f"{day}T08:30", "ended_at": f"{day}T08:50"}
    assert api.post("/api/interactions", "manager", json=own).json()["staff_id"] == (
        accounts.manager_staff
    )
    assert api.post("/api/interactions", "viewer", json=body).status_code == 403
    listed = api.get(f"/api/interactions?retailer={shop}&limit=5", "lead").json()
    assert listed["total"] == 2 and listed["items"][0]["started_at"] == f"{day}T09:30"
    assert api.get(f"/api/interactions?retailer={shop}", "lead2").status_code == 403
    assert api.get("/api/interactions?retailer=", "lead").status_code == 422

    other = sorted(r for r, a in area_of.items() if a == accounts.other_area)[0]
    content = (
        "kind,retailer,staff,day,started_at,ended_at,lon,lat\n"
        f"visit,{shop},{accounts.manager_staff},{day},{day}T14:00,{day}T14:40,117.25,31.85\n"
        f"visit,{other},{accounts.manager_staff},{day},{day}T15:00,{day}T15:40,117.25,31.85\n"
    ).encode()
    report = api.post("/api/interactions/import", "lead", files={"file": ("v.csv", content)})
    assert report.status_code == 200, report.text
    answer = report.json()
    assert (answer["rows"], answer["created"], answer["updated"]) == (2, 1, 0)
    assert [e["line"] for e in answer["errors"]] == [3]

    adherence = api.get("/api/interactions/adherence?weeks=2", "lead")
    assert adherence.status_code == 200, adherence.text
    shown = adherence.json()
    assert shown["areas"] == [accounts.lead_area] and shown["until"] == day
    assert [r["key"] for r in shown["adherence"]["by_area"]] == [accounts.lead_area]
    assert shown["adherence"]["visits"] == 3
    city = api.get("/api/interactions/adherence?weeks=1&max_distance_m=500", "viewer").json()
    assert city["areas"] is None and city["max_distance_m"] == 500
    assert city["unverified"] == city["spoofed"] == []  # a viewer reads no records
    assert shown["last_week_partial"] is True  # until is Monday 2026-11-23
    assert api.get("/api/interactions/adherence?weeks=0", "lead").status_code == 422
    assert (
        api.get(f"/api/interactions/adherence?area={accounts.other_area}", "lead").status_code
        == 403
    )
