"""Values every page template needs: the organisation's name, the signed-in user and their navigation."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from casework.accounts.roles import ROLE_LABELS, roles_of
from casework.web.navigation import items_for


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    roles = sorted(roles_of(user), key=list(ROLE_LABELS).index) if user is not None else []
    return {
        "organisation_name": settings.CASEWORK_ORGANISATION_NAME,
        "navigation": items_for(request) if user is not None else [],
        "user_role_labels": [ROLE_LABELS[r] for r in roles],
    }
