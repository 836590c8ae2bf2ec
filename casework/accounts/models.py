"""The organisation running Casework, its teams and staff, and API tokens for integrations."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


class Organisation(models.Model):
    """The one organisation this deployment serves (ARCHITECTURE.md, "Scale"): its pack and letterhead."""

    name = models.CharField(max_length=200)
    pack_id = models.CharField(max_length=100, help_text="The active policy pack: new cases are opened under it.")
    homes = models.PositiveIntegerField(
        default=0, help_text="Number of homes managed, for the regulator's per-1,000-homes figures."
    )
    letterhead_address = models.TextField(blank=True)
    letterhead_phone = models.CharField(max_length=50, blank=True)
    letterhead_email = models.EmailField(blank=True)
    letterhead_website = models.URLField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="organisation_is_a_singleton")]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> Organisation:
        from casework.errors import InvalidInput

        organisation = cls.objects.filter(pk=1).first()
        if organisation is None:
            raise InvalidInput("Casework has no organisation set up yet: run `casework demo` or create one in admin")
        return organisation


class Team(models.Model):
    name = models.CharField(max_length=100, unique=True)
    managers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="managed_teams")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StaffProfile(models.Model):
    """What Casework knows about a member of staff beyond their login: team and job in the pack's words."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members")
    pack_role = models.CharField(
        max_length=100, blank=True, help_text="The pack role this person holds, e.g. community-housing-manager."
    )

    def __str__(self) -> str:
        return f"{self.user} ({self.pack_role or 'no pack role'})"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for an integration, acting as one user. Only its hash is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, *, user: models.Model, name: str) -> tuple[ApiToken, str]:
        """A new token and its key; the key is shown once and never stored."""
        key = "cw_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, key_hash=_hash(key), prefix=key[3:11])
        return token, key

    @classmethod
    def authenticate(cls, key: str) -> ApiToken | None:
        token = (
            cls.objects.select_related("user")
            .filter(key_hash=_hash(key), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if token is not None:
            cls.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token
