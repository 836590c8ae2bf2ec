"""What is recorded on a case: incidents, evidence, assessments, the action plan, interventions and more."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models

from casework.cases.choices import (
    ActionOwner,
    ContactMethod,
    ContactOutcome,
    ContactPurpose,
    Decision,
    IncidentSource,
    InterventionStatus,
    ReviewKind,
)
from casework.cases.models.case import Case, Party

STAFF = settings.AUTH_USER_MODEL


class Incident(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="incidents")
    occurred_at = models.DateTimeField(db_index=True)
    location = models.CharField(max_length=200, blank=True)
    description = models.TextField()
    impact = models.TextField(blank=True, help_text="How it affected the person reporting it")
    reported_by = models.ForeignKey(Party, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source = models.CharField(max_length=20, choices=IncidentSource.choices)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return f"Incident at {self.occurred_at:%Y-%m-%d %H:%M}"


def evidence_path(instance: Evidence, filename: str) -> str:
    # Named by hash, never by what the uploader called it: no guessable or hostile paths.
    return f"{instance.case_id}/{instance.sha256}"


def evidence_storage() -> Storage:
    return storages["evidence"]


class Evidence(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence")
    incident = models.ForeignKey(Incident, null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, storage=evidence_storage, max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    description = models.TextField(blank=True)
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.original_name


class RiskAssessment(models.Model):
    """One completed risk matrix. Reassessments add rows; the latest is the case's current band."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="risk_assessments")
    answers = models.JSONField()
    breakdown = models.JSONField(default=list)
    score = models.IntegerField()
    band = models.CharField(max_length=50)
    assessed_at = models.DateTimeField()
    assessed_by = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-assessed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.band} ({self.score})"


class ActionPlanItem(models.Model):
    """One agreed action: for the complainant, for us, or for an agency (Places for People Appendix 2)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="action_plan")
    for_whom = models.CharField(max_length=20, choices=ActionOwner.choices)
    action = models.TextField()
    owner_name = models.CharField(max_length=200, blank=True, help_text="Who will do it")
    due = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    added_at = models.DateTimeField()
    added_by = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.action


class Intervention(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="interventions")
    kind = models.CharField(max_length=100, help_text="An intervention id from the case's pack")
    status = models.CharField(max_length=20, choices=InterventionStatus.choices, default=InterventionStatus.PROPOSED)
    reason = models.TextField(help_text="Why this, why now")
    proportionality = models.TextField(blank=True, help_text="Required for legal action")
    preconditions_confirmed = models.JSONField(default=list)
    against = models.ForeignKey(Party, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    proposed_at = models.DateTimeField()
    proposed_by = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["proposed_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} ({self.status})"


class InterventionApproval(models.Model):
    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="approvals")
    approver_role = models.CharField(max_length=100, help_text="The pack role this approval stands for")
    approver = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    reason = models.TextField()
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["decided_at", "id"]

    def __str__(self) -> str:
        return f"{self.decision} by {self.approver_role}"


class CaseConference(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="conferences")
    held_at = models.DateTimeField()
    attendees = models.TextField()
    summary = models.TextField()
    decisions = models.TextField(blank=True)
    recorded_by = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_at", "-id"]

    def __str__(self) -> str:
        return f"Case conference on {self.held_at:%Y-%m-%d}"


class Review(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(max_length=20, choices=ReviewKind.choices)
    held_at = models.DateTimeField()
    notes = models.TextField()
    outcome = models.TextField(blank=True)
    held_by = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_at:%Y-%m-%d}"


class Contact(models.Model):
    """Contact, or an attempt at it, with the complainant (or another party)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts")
    party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    method = models.CharField(max_length=20, choices=ContactMethod.choices)
    outcome = models.CharField(max_length=20, choices=ContactOutcome.choices)
    purpose = models.CharField(max_length=20, choices=ContactPurpose.choices, default=ContactPurpose.CONTACT)
    notes = models.TextField(blank=True)
    at = models.DateTimeField()
    by = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_method_display()}: {self.get_outcome_display()}"

    @property
    def made(self) -> bool:
        return self.outcome == ContactOutcome.MADE


class PoliceDisclosure(models.Model):
    """Information the police shared under an agreement: readable only by `readable_by`, each read logged."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="police_disclosures")
    received_at = models.DateTimeField()
    force = models.CharField(max_length=100)
    police_reference = models.CharField(max_length=100, blank=True)
    content = models.TextField()
    readable_by = models.CharField(max_length=50, default="operations-manager")
    recorded_by = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"Police disclosure from {self.force}"
