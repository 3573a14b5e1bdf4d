"""``/api/health`` and what every client reads first: the OpenAPI document, the docs, and the
error shape of a path or method that does not exist."""

from __future__ import annotations

from importlib.metadata import version

from graph.schema import SCHEMA
from tests.api.checks import assert_error
from tests.api.live import Api


def test_health_answers_without_a_token_with_the_store_and_the_versions(shared_api: Api) -> None:
    answer = shared_api.get("/api/health")
    assert answer.status_code == 200, answer.text
    assert answer.json() == {
        "status": "ok",
        "store": "ladybug",
        "schema_version": SCHEMA.digest,
        "app_version": version("tobacco-crm-graph"),
    }


def test_the_openapi_document_and_the_docs_are_served_without_a_token(shared_api: Api) -> None:
    paths = shared_api.get("/openapi.json").json()["paths"]
    for path in (
        "/api/health",
        "/api/auth/token",
        "/api/users",
        "/api/keys",
        "/api/retailers",
        "/api/change-requests",
        "/api/areas/{code}/graph",
        "/api/staff/{employee_no}",
        "/api/impact/split-area",
        "/api/classification/summary",
        "/api/territory/rebalance",
        "/api/routes",
        "/api/imports/orders",
        "/api/jobs/{job_id}/events",
    ):
        assert path in paths, path
    docs = shared_api.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


def test_an_unknown_path_or_method_answers_in_the_one_error_shape(shared_api: Api) -> None:
    assert_error(shared_api.get("/api/nowhere", "admin"), 404, "not_found")
    assert_error(shared_api.http.delete("/api/health"), 405, "not_allowed")
