"""A small client for API tests: one member of staff, authenticated with their own API token.

    officer = Api(people.officer)
    case = officer.ok(officer.post("/cases", report_body()), 201)["case"]

Pack journey tests (one per built-in pack) build on these helpers, so they stay free of any one pack.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from django.test import Client

from casework.accounts.models import ApiToken
from tests.factories import report

PREFIX = "/api/v1"


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot send {type(value).__name__} as JSON")


class Api:
    def __init__(self, user: Any = None, *, client: Client | None = None) -> None:
        self.user = user
        headers = {}
        if user is not None:
            _, key = ApiToken.issue(user=user, name=f"tests for {user.get_username()}")
            headers["Authorization"] = f"Bearer {key}"
        self.client = client or Client(headers=headers)

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(PREFIX + path, params)

    def post(self, path: str, body: Any = None) -> Any:
        data = json.dumps(body if body is not None else {}, default=_jsonable)
        return self.client.post(PREFIX + path, data, content_type="application/json")

    def upload(self, path: str, files: dict[str, Any], **fields: Any) -> Any:
        return self.client.post(PREFIX + path, {**files, **{k: v for k, v in fields.items() if v is not None}})

    @staticmethod
    def ok(response: Any, status: int = 200) -> Any:
        """The JSON of a response with the expected status; else fail, showing the error it gave."""
        assert response.status_code == status, f"expected {status}, got {response.status_code}: {response.content!r}"
        return response.json()

    @staticmethod
    def error(response: Any, status: int) -> dict[str, Any]:
        """The `error` object of a failed response with the expected status."""
        assert response.status_code == status, f"expected {status}, got {response.status_code}: {response.content!r}"
        body = response.json()
        assert set(body) == {"error"}, body
        assert {"code", "message", "fields"} <= set(body["error"]), body
        return body["error"]


def report_body(**overrides: Any) -> dict[str, Any]:
    """The factories' plain noise report, as the JSON an integration would send to POST /cases."""
    given = asdict(report(**overrides))
    return {key: value for key, value in given.items() if value is not None}


def step_body(case: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """A write's body carrying the version the client last saw."""
    return {"version": case["version"], **fields}


def obligation(detail: dict[str, Any], kind: str) -> dict[str, Any]:
    """The case's first duty of a kind (as in the pack, e.g. `acknowledge`), from GET /cases/{reference}."""
    found = [o for o in detail["obligations"] if o["kind"] == kind]
    assert found, f"no {kind} duty in {[o['kind'] for o in detail['obligations']]}"
    return found[0]


def next_step(detail: dict[str, Any], event: str) -> dict[str, Any]:
    found = [s for s in detail["next_steps"] if s["event"] == event]
    assert found, f"no next step {event} in {[s['event'] for s in detail['next_steps']]}"
    return found[0]


def risk_answers(pack: dict[str, Any], *, pick: int = -1) -> dict[str, Any]:
    """An answer to every question of the pack's risk matrix (from GET /pack): the option at `pick`
    for single-choice questions (the last is usually the riskiest), nothing ticked for multiple choice."""
    matrix = pack["risk_matrix"]
    assert matrix is not None, f"{pack['id']} has no risk matrix"
    return {q["id"]: ([] if q["multiple"] else q["options"][pick]["label"]) for q in matrix["questions"]}


def intervention_kind(pack: dict[str, Any], kind: str) -> dict[str, Any]:
    found = [i for i in pack["interventions"] if i["id"] == kind]
    assert found, f"{pack['id']} has no intervention {kind}"
    return found[0]
