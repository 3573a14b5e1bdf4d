"""``/api/imports``: a planner uploads retailers or orders as CSV or Excel and reads every
rejected row in the job's report; others may not; a bad file is an error, never a crash."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook

from tests.api.checks import assert_error, body
from tests.api.live import Api

RETAILERS = (
    "客户编码,店铺名称,lon,lat,district_adcode,经营业态,经营规模\n"
    "NEW001,新开便利店,117.30,31.86,340103,便利店,小\n"
    "NEW002,,999,31.86,340103,便利店,小\n"
).encode()
ORDERS = "客户编码,订单日期,cases\nNEW001,2026-10-03,1\nNOPE,2026-10-03,1\n".encode()


def _report(api: Api, kind: str, name: str, content: bytes) -> dict[str, Any]:
    """The ended job of a planner's upload."""
    answer = api.post(f"/api/imports/{kind}", "planner", files={"file": (name, content)})
    assert answer.status_code == 202, answer.text
    return api.wait_for_job(answer.json()["id"], "planner")


@pytest.mark.parametrize("user", ["dispatcher", "supervisor", "viewer", "lead", "manager"])
def test_only_a_planner_or_admin_imports(shared_api: Api, user: str) -> None:
    for kind, content in (("retailers", RETAILERS), ("orders", ORDERS)):
        answer = shared_api.post(
            f"/api/imports/{kind}", user, files={"file": (f"{kind}.csv", content)}
        )
        message = assert_error(answer, 403, "forbidden")
        assert user in message and f"import_{kind}" in message
    assert body(shared_api.get("/api/jobs", user))["total"] == 0


def test_a_retailer_import_reports_every_rejected_row_and_keeps_the_good_ones(
    shared_api: Api,
) -> None:
    job = _report(shared_api, "retailers", "shops.csv", RETAILERS)
    assert job["state"] == "done", job
    report = job["result"]
    assert (report["rows"], report["created"], report["rejected"]) == (2, 1, 1)
    assert {(e["line"], e["column"]) for e in report["errors"]} == {(3, "lon"), (3, "店铺名称")}
    assert body(shared_api.get("/api/retailers/NEW001", "admin"))["name"] == "新开便利店"
    orders = _report(shared_api, "orders", "orders.csv", ORDERS)["result"]
    assert (orders["created"], orders["rejected"]) == (1, 1)
    assert orders["errors"] == [
        {"line": 3, "column": "客户编码", "message": "unknown retailer NOPE"}
    ]


def test_an_excel_upload_is_read_as_a_csv_is(shared_api: Api) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for line in ORDERS.decode().splitlines():
        sheet.append(line.split(","))
    content = io.BytesIO()
    book.save(content)
    report = _report(shared_api, "orders", "orders.xlsx", content.getvalue())["result"]
    assert report["rejected"] == 1
    assert report["errors"][0]["line"] == 3


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [("orders.xlsx", b"not a workbook", "Excel"), ("orders.csv", b"", "empty")],
)
def test_an_unreadable_file_fails_its_job_with_a_reason_not_a_crash(
    shared_api: Api, name: str, content: bytes, says: str
) -> None:
    job = _report(shared_api, "orders", name, content)
    assert job["state"] == "failed" and job["result"] is None
    error = job["error"]
    assert error["error"] == "invalid_input"
    assert says in error["message"] and name in error["message"]


@pytest.mark.parametrize(
    ("files", "data", "says"),
    [
        ({"file": ("orders.txt", b"a,b\n")}, {}, ".txt"),
        ({"file": ("orders", b"a,b\n")}, {}, "orders"),
        (None, {}, "file"),
        ({"file": ("shops.csv", RETAILERS)}, {"margin_km": "-1"}, "margin_km"),
    ],
    ids=["wrong type", "no extension", "no file", "negative margin"],
)
def test_a_bad_upload_is_422_before_any_job(
    shared_api: Api, files: dict[str, tuple[str, bytes]] | None, data: dict[str, str], says: str
) -> None:
    before = body(shared_api.get("/api/jobs", "planner"))["total"]
    answer = shared_api.post("/api/imports/retailers", "planner", files=files, data=data)
    assert says in assert_error(answer, 422, "invalid_input")
    assert body(shared_api.get("/api/jobs", "planner"))["total"] == before
