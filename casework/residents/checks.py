"""System checks for the residents' side: links in emails need the site's public address."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Warning


def public_url_is_set(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.CASEWORK_PUBLIC_URL.startswith(("http://", "https://")):
        return []
    return [
        Warning(
            "CASEWORK_PUBLIC_URL is not set to an http(s) address: the links in residents' emails will not work",
            hint="Set CASEWORK_PUBLIC_URL to the site's address, e.g. https://asb.example.org",
            id="casework.residents.W001",
        )
    ]
