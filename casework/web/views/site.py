"""Pages that belong to the whole site rather than to a case."""

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from casework.web.navigation import start_page

logger = logging.getLogger(__name__)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Signed in: your start page (my work, or intake for the contact centre). Otherwise: sign in."""
    if request.user.is_authenticated:
        return redirect(start_page(request.user))
    return redirect("web:sign-in")


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            row = cursor.fetchone()
            return row is not None and tuple(row) == (1,)
    except DatabaseError:
        # Log the detail for operators; the response names only the failing part.
        logger.exception("Health check: database unreachable")
        return False


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness for load balancers: 200 when every part answers, else 503 naming it."""
    database_ok = _database_ok()
    body = {
        "status": "ok" if database_ok else "error",
        "database": "ok" if database_ok else "unreachable",
    }
    return JsonResponse(body, status=200 if database_ok else 503)
