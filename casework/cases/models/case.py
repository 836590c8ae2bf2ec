"""The case itself, its types, its parties and its links to other cases."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from casework.cases.choices import Channel, ClosureReason, LinkKind, PartyRole
from casework.cases.models.people import Address, Person


class ReferenceCounter(models.Model):
    """The last case number used in a year: references run ASB-2026-000001 upwards, without gaps."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Case(models.Model):
    """One ASB case. Stage, priority and owner are kept current by the services from the case's events."""

    reference = models.CharField(max_length=20, unique=True)
    pack_id = models.CharField(max_length=100)
    pack_version = models.CharField(max_length=50)
    priority = models.CharField(max_length=50, blank=True, db_index=True)
    risk_band = models.CharField(max_length=50, blank=True)
    stage = models.CharField(max_length=100, db_index=True)
    is_open = models.BooleanField(default=True, db_index=True)
    owner_role = models.CharField(max_length=100, help_text="The pack role that owns the case")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="cases_owned"
    )
    team = models.ForeignKey("accounts.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="cases")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    summary = models.TextField(help_text="What was reported, in the reporter's words")
    address = models.ForeignKey(Address, null=True, blank=True, on_delete=models.PROTECT, related_name="cases")
    location = models.CharField(max_length=200, blank=True, help_text="Where, when not a known address")
    anonymous = models.BooleanField(default=False)
    hate_related = models.BooleanField(default=False)
    opened_at = models.DateTimeField(db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    closure_reason = models.CharField(max_length=30, choices=ClosureReason.choices, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases_logged")
    # Derived from the events by the engine, like the stage: when the case first had a risk assessment and
    # an action plan (an action agreed, or the plan sent), so reports need not search every case's history.
    first_risk_assessment_at = models.DateTimeField(null=True, blank=True, editable=False)
    first_action_plan_at = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, help_text="Raised by every change; a stale write is refused")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "is_open"]),
            models.Index(fields=["team", "is_open"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def type_ids(self) -> list[str]:
        return [t.type_id for t in self.types.all()]


class CaseType(models.Model):
    """One of the pack's ASB types on a case (a case may have several); a table so lists can filter by it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="types")
    type_id = models.CharField(max_length=100, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "type_id"], name="case_type_once")]
        ordering = ["id"]

    def __str__(self) -> str:
        return self.type_id


class Party(models.Model):
    """A person's part in one case, with the consents and requests that govern what we may do."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="parties")
    role = models.CharField(max_length=30, choices=PartyRole.choices, db_index=True)
    consent_to_share = models.BooleanField(default=False)
    consent_to_court_use = models.BooleanField(default=False)
    anonymity_requested = models.BooleanField(default=False)
    under_18 = models.BooleanField(default=False)
    guardian = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="wards")
    advocate = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="represents",
        help_text="The advocate this resident nominated; only the resident may change it",
    )
    added_at = models.DateTimeField(auto_now_add=True)
    # A copy of the person's match key (kept by Party.save and Person.save), so reports can find the same
    # person across cases from the parties alone, without joining every person on record.
    person_key = models.CharField(
        max_length=300, blank=True, editable=False, default="", db_default="", help_text="The person's match_key"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "person", "role"], name="party_once_per_role"),
            models.CheckConstraint(condition=Q(under_18=False) | Q(guardian__isnull=False), name="under_18_guardian"),
        ]
        # With the case: the reports' repeat queries read (role, key, case) from the index alone (PostgreSQL).
        indexes = [models.Index(fields=["role", "person_key"], include=["case"], name="party_role_person_key")]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"

    def save(self, *args: object, **kwargs: object) -> None:
        self.person_key = self.person.match_key
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class CaseLink(models.Model):
    """Two cases about the same or a related problem. A duplicate points at the case that carries on."""

    from_case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links_out")
    to_case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(max_length=20, choices=LinkKind.choices)
    reason = models.TextField(blank=True)
    linked_at = models.DateTimeField(auto_now_add=True)
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["from_case", "to_case"], name="link_once"),
            models.CheckConstraint(condition=~Q(from_case=models.F("to_case")), name="link_not_to_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.from_case_id} {self.kind} {self.to_case_id}"
