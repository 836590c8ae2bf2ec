"""The versioned REST API: `/api/v1/`, OpenAPI 3.1 at `/api/v1/openapi.json`, docs at `/api/v1/docs`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.urls import re_path
from ninja import NinjaAPI
from ninja.operation import Operation

from casework.api import errors
from casework.api.auth import BearerToken, BrowserSession
from casework.api.routers import cases, changes, feedback, intake, letters, plan, police, records, reference


def unknown_path(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    return JsonResponse(errors.error_body("not-found", f"there is no API endpoint {request.path}"), status=404)


class CaseworkApi(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        # The endpoint's function name, which is the service or selector it calls where there is one.
        return operation.view_func.__name__

    def _get_urls(self) -> list[Any]:
        # A mistyped path under /api/v1/ answers in the API's error shape, not with Django's HTML page.
        return [*super()._get_urls(), re_path(r"^.*$", unknown_path)]


api = CaseworkApi(
    title="Casework API",
    version="1",
    description="Anti-social behaviour case management. See docs/api.md.",
    urls_namespace="api-v1",
    auth=[BearerToken(), BrowserSession()],
)
errors.install(api)
for part in (intake, cases, records, plan, changes, police, letters, feedback, reference):
    api.add_router("", part.router)
