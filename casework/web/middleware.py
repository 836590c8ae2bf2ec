"""Application errors that escape a view become the matching page, never a stack trace.

A view handles the errors it can show beside a form (InvalidInput, StepBlocked, Conflict) itself; what
reaches here is "not found" (404, whether it exists or not), "not allowed" (403) or an error a view did
not expect to show in place (shown on its own page with its message).
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from casework.errors import CaseworkError, NotAllowed, NotFound, StepBlocked

logger = logging.getLogger(__name__)


def error_page(request: HttpRequest, error: CaseworkError | None, status: int) -> HttpResponse:
    template = {404: "web/errors/404.html", 403: "web/errors/403.html"}.get(status, "web/errors/problem.html")
    context = {
        "message": error.message if error is not None else "",
        "reasons": getattr(error, "reasons", ()),
        "status": status,
    }
    return render(request, template, context, status=status)


class CaseworkErrorMiddleware:
    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)  # type: ignore[no-any-return]

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if request.path.startswith("/api/"):
            return None  # the API maps its own errors to its one error shape
        if isinstance(exception, NotFound):
            return error_page(request, exception, 404)
        if isinstance(exception, NotAllowed):
            return error_page(request, exception, 403)
        if isinstance(exception, StepBlocked):
            return error_page(request, exception, 409)
        if isinstance(exception, CaseworkError):
            logger.info("Web: %s shown on its own page: %s", type(exception).__name__, exception.message)
            return error_page(request, exception, exception.status)
        return None
