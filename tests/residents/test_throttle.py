"""Rate limits: a count per key per hour, shared by every web process through the database."""

from __future__ import annotations

from datetime import timedelta

from django.test import RequestFactory
from django.utils import timezone

from casework.residents import throttle
from casework.residents.models import Throttle


def test_the_limit_is_reached_and_other_keys_are_unaffected(db):
    assert [throttle.allow("public-report", "a", 3) for _ in range(4)] == [True, True, True, False]
    assert throttle.allow("public-report", "b", 3)
    assert throttle.allow("resident-post", "a", 3)


def test_last_hours_counters_are_cleared_away(db):
    Throttle.objects.create(scope="public-report", key="old", window_start=timezone.now() - timedelta(hours=3), count=9)

    assert throttle.allow("public-report", "new", 1)
    assert not Throttle.objects.filter(key="old").exists()


def test_the_client_is_counted_by_a_hash_of_their_address_never_the_address(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.1, 10.0.0.1")

    key = throttle.client_key(request)
    assert "203.0.113.9" not in key
    assert len(key) == 64

    settings.CASEWORK_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    assert throttle.client_key(request) != key
    assert throttle.client_key(request) == throttle.client_key(
        RequestFactory().get("/", HTTP_X_FORWARDED_FOR="198.51.100.1")
    )
