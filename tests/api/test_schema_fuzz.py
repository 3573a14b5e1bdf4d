"""Schemathesis over every operation of ``/openapi.json``, signed in: no server error, and every
answer (errors included) as the schema declares it.

Bounded to a few examples per operation with a fixed seed, so the run is short and repeats. A
team lead goes over every operation (the job-submitting ones refuse the role, so no long job is
queued); an administrator then goes over every operation but those, last, since an
administrator's fuzzed requests may disable the other accounts.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from schemathesis import Case, Config

from api.app import create_app
from tests.api.live import Accounts, Api, copy_store, serve

SUBMITS_JOBS = (
    r"^/api/(territory/(design|rebalance)|classification/jobs|routes/(plan|replan)|imports/)"
)
"""Operations that queue a background job (an administrator's would run for real)."""
SERVICE_RULES = (
    r"^/api/(users|keys|territory/(design|moves)|imports/(retailers|orders)|impact/split-area"
    r"|retailers/\{retailer_id\}|interactions|(interactions|surveys|incentive-points)/import"
    r"|routes/replan)$"
)
"""Operations whose services refuse (422) some requests the schema allows, by rules a JSON
schema cannot state: a team lead's account needs a staff member, zones ≤ areas, an upload
must be a .csv or .xlsx file, a split names retailers of its area, moves name retailers and
areas that exist, a re-plan names vehicles and retailers of its day, an edit's value must
suit its field, a logged interaction carries what its kind and status need. The check that
schema-valid requests succeed is off for them."""
SEED = 18
CONFIG = Config.from_dict(
    {
        "seed": SEED,
        "generation": {
            "max-examples": 5,
            "deterministic": True,
            "database": "none",
            "with-security-parameters": False,
        },
        "phases": {"stateful": {"enabled": False}},
        "operations": [
            {
                "include-path-regex": SERVICE_RULES,
                "checks": {"positive_data_acceptance": {"enabled": False}},
            }
        ],
    }
)
"""A short, repeatable run; the bearer token is sent with each call."""
SCHEMA = schemathesis.openapi.from_dict(create_app().openapi(), config=CONFIG)
"""The app's own document (building it opens no store)."""


@pytest.fixture(scope="module")
def fuzzed(
    tmp_path_factory: pytest.TempPathFactory, template: tuple[Path, Accounts]
) -> Iterator[Api]:
    """A server of its own: the fuzz creates accounts and keys and may disable some."""
    store = copy_store(template[0], tmp_path_factory.mktemp("api-fuzz") / "graph")
    with serve(store) as api:
        api.token("lead")
        api.token("admin")
        yield api


def call_as(api: Api, user: str, case: Case[Any]) -> None:
    case.call_and_validate(base_url=api.base_url, headers=api.as_(user))


@SCHEMA.parametrize()
def test_every_operation_answers_a_team_lead_as_its_schema_says(
    fuzzed: Api, case: Case[Any]
) -> None:
    call_as(fuzzed, "lead", case)


@SCHEMA.exclude(path_regex=SUBMITS_JOBS).parametrize()
def test_every_operation_answers_an_administrator_as_its_schema_says(
    fuzzed: Api, case: Case[Any]
) -> None:
    call_as(fuzzed, "admin", case)


def test_a_page_far_past_the_end_is_empty(fuzzed: Api) -> None:
    """LadybugDB 0.22 crashed the whole server on ``ORDER BY … SKIP`` far past the end."""
    answer = fuzzed.get("/api/retailers?offset=1000000&limit=1000", "admin")
    assert answer.status_code == 200, answer.text
    assert answer.json()["items"] == [] and answer.json()["total"] > 0


def test_text_the_store_cannot_hold_is_refused_with_422(fuzzed: Api) -> None:
    answer = fuzzed.post("/api/keys", "admin", json={"name": "bi\u0000tool", "role": "viewer"})
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"] == "invalid_input"
