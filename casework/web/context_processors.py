"""Values every page template needs."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    return {"organisation_name": settings.CASEWORK_ORGANISATION_NAME}
