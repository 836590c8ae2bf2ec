"""Rate limits for what the public can do: a count per key per hour, kept in the database so every web
process shares it (a per-process cache would let each process's quota through)."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from casework.residents.models import Throttle

WINDOW = timedelta(hours=1)


def client_key(request: HttpRequest) -> str:
    """The client's network address, hashed with the site's key: counted, never stored as it is."""
    header = settings.CASEWORK_CLIENT_IP_HEADER
    address = request.META.get(header, "").split(",")[0].strip() if header else ""
    address = address or request.META.get("REMOTE_ADDR", "")
    return hashlib.sha256(f"{settings.SECRET_KEY}|{address}".encode()).hexdigest()


def allow(scope: str, key: str, limit: int) -> bool:
    """Count one more `scope` for `key` in this hour; False (and nothing counted) once `limit` is reached."""
    now = timezone.now()
    window = now.replace(minute=0, second=0, microsecond=0)
    for _ in range(2):
        try:
            with transaction.atomic():
                row, created = Throttle.objects.select_for_update().get_or_create(
                    scope=scope, key=key, window_start=window
                )
                if created:
                    # Counters matter for an hour: each new one clears away those of earlier hours.
                    Throttle.objects.filter(window_start__lt=window).delete()
                if row.count >= limit:
                    return False
                Throttle.objects.filter(pk=row.pk).update(count=F("count") + 1)
                return True
        except IntegrityError:
            continue  # another request made the row first: count against it
    return False
