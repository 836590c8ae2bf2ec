"""Every failure as one JSON shape, and the one place `casework.errors` becomes HTTP (STYLE.md).

    {"error": {"code": "step-blocked", "message": "…", "fields": {"field": "what is wrong"},
               "reasons": ["…"]}}

`reasons` appears only on `step-blocked`: each condition the pack's path says is unmet.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from casework.errors import CaseworkError, StepBlocked

logger = logging.getLogger(__name__)

#: The code for each HTTP status ninja or Django raises before a service is reached.
HTTP_CODES = {
    400: "bad-request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    413: "too-large",
    422: "invalid",
    429: "too-many-requests",
}


def error_body(code: str, message: str, fields: dict[str, str] | None = None, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": fields or {}, **extra}}


def field_name(location: Sequence[Any]) -> str:
    """`("body", "payload", "parties", 0, "role")` → `parties.0.role`; `("query", "page")` → `page`.

    A request body is one schema named after the endpoint's parameter, which means nothing to a client,
    so that name is dropped; a missing or non-object body is the field `body`.
    """
    parts = list(location)
    source = parts.pop(0) if parts else ""
    if source == "body":
        parts = parts[1:] or ["body"]
    return ".".join(str(part) for part in parts) or str(source)


def casework_error(request: HttpRequest, error: CaseworkError, api: NinjaAPI) -> HttpResponse:
    extra = {"reasons": list(error.reasons)} if isinstance(error, StepBlocked) else {}
    return api.create_response(
        request, error_body(error.code, error.message, error.fields, **extra), status=error.status
    )


def validation_error(request: HttpRequest, error: ValidationError, api: NinjaAPI) -> HttpResponse:
    fields: dict[str, str] = {}
    for problem in error.errors:
        fields.setdefault(field_name(problem.get("loc", ())), str(problem.get("msg", "invalid")))
    message = "the request has invalid fields: " + ", ".join(fields)
    return api.create_response(request, error_body("invalid", message, fields), status=422)


def http_error(request: HttpRequest, error: HttpError, api: NinjaAPI) -> HttpResponse:
    code = HTTP_CODES.get(error.status_code, "error")
    message = str(error)
    if error.status_code == 401:
        message = "sign in, or send an API token as `Authorization: Bearer <key>`"
    return api.create_response(request, error_body(code, message), status=error.status_code)


def not_found(request: HttpRequest, error: Exception, api: NinjaAPI) -> HttpResponse:
    return api.create_response(request, error_body("not-found", "not found"), status=404)


def unreadable(request: HttpRequest, error: Exception, api: NinjaAPI) -> HttpResponse:
    """A body Django cannot read: broken multipart, too many fields, or larger than it accepts."""
    if isinstance(error, RequestDataTooBig):
        return api.create_response(request, error_body("too-large", "the request body is too large"), status=413)
    return api.create_response(request, error_body("bad-request", "the request body cannot be read"), status=400)


def unexpected(request: HttpRequest, error: Exception, api: NinjaAPI) -> HttpResponse:
    # A bug, never bad input: logged in full for operators, told to the client without detail.
    logger.exception("API error on %s %s", request.method, request.path, exc_info=error)
    return api.create_response(
        request, error_body("server-error", "something went wrong on our side; it has been logged"), status=500
    )


def install(api: NinjaAPI) -> None:
    """Register the handlers on the API (the one mapping from errors to HTTP)."""
    handlers: list[tuple[type[Exception], Any]] = [
        (CaseworkError, casework_error),
        (ValidationError, validation_error),
        (HttpError, http_error),
        (Http404, not_found),
        (MultiPartParserError, unreadable),
        (SuspiciousOperation, unreadable),
        (Exception, unexpected),
    ]
    for kind, handler in handlers:
        api.add_exception_handler(kind, functools.partial(handler, api=api))
