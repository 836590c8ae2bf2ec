"""Django's own error handlers (config/urls.py), in the same pages as application errors."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/errors/404.html", {"status": 404}, status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/errors/403.html", {"status": 403}, status=403)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/errors/problem.html", {"status": 400}, status=400)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors' database work here: the database may be what failed.
    return render(request, "web/errors/500.html", {"status": 500}, status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    context = {
        "status": 403,
        "message": "This form had expired or came from another site, so nothing was saved. "
        "Go back, reload the page and try again.",
    }
    return render(request, "web/errors/problem.html", context, status=403)
