"""The published OpenAPI document: 3.1, every path under /api/v1/, every operation's capability shown."""

from __future__ import annotations

from django.test import Client

from casework.api.capabilities import CAPABILITY_KEY
from casework.cases.permissions import CAPABILITIES


def test_the_openapi_document_is_3_1_and_every_path_is_under_api_v1(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.1.")
    assert schema["paths"]
    assert all(path.startswith("/api/v1/") for path in schema["paths"])
    operations = [op for methods in schema["paths"].values() for op in methods.values()]
    assert all(op[CAPABILITY_KEY] in CAPABILITIES for op in operations)
    assert all(f"`{op[CAPABILITY_KEY]}`" in op["description"] for op in operations)
    assert len({op["operationId"] for op in operations}) == len(operations)


def test_the_document_names_both_ways_to_authenticate(db):
    schemes = Client().get("/api/v1/openapi.json").json()["components"]["securitySchemes"]
    assert {scheme["type"] for scheme in schemes.values()} == {"http", "apiKey"}


def test_the_docs_page_is_served(db):
    assert Client().get("/api/v1/docs").status_code == 200
