"""Access to staff pages: signed in, holding a staff role, and (where a page needs one) a capability.

Object visibility is the selectors' job (a case you may not see is a 404); this only decides whether the
page is for your role at all, so a contact-centre user following a link to "Team" sees a clear 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from casework.accounts.roles import roles_of
from casework.cases.permissions import has_capability
from casework.errors import NotAllowed

View = Callable[..., HttpResponseBase]


def staff_view(capability: str | None = None, doing: str = "use this page") -> Callable[[View], View]:
    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not roles_of(request.user):
                raise NotAllowed("your account has no staff role yet: ask an administrator to give you one")
            if capability is not None and not has_capability(request.user, capability):
                raise NotAllowed(f"your role cannot {doing}")
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
