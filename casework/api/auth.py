"""Who is calling: an integration with a bearer token, or a signed-in browser session (with CSRF)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from casework.accounts.models import ApiToken


class BearerToken(HttpBearer):
    """`Authorization: Bearer cw_…`, acting as the user the token was issued to."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = ApiToken.authenticate(token.strip()) if token.strip() else None
        return found.user if found is not None else None


class BrowserSession(APIKeyCookie):
    """The Django session of a signed-in user. Unsafe methods must carry the CSRF token, as pages do.

    Unlike ninja's own SessionAuth, CSRF is checked only once a session user is found, so a request
    with no credentials at all is a 401 (not signed in) rather than a 403 (CSRF).
    """

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        return None  # the session middleware has already read the cookie into request.user

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request) is not None:
            raise HttpError(403, "CSRF check failed: send the csrftoken cookie's value in the X-CSRFToken header")
        return user


def actor(request: HttpRequest) -> Any:
    """The member of staff the request acts for (set by whichever authentication succeeded)."""
    return request.auth  # type: ignore[attr-defined]
