"""What complainants tell us about the service: closure surveys (TP12) and ASB Case Review requests."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from casework.cases.choices import CaseReviewOutcome, Satisfaction, SurveySource
from casework.cases.models.case import Case, Party

STAFF = settings.AUTH_USER_MODEL


class SurveyResponse(models.Model):
    """One complainant's answer to the closure survey: how satisfied they are with how we handled the ASB."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="survey_responses")
    party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    satisfaction = models.CharField(max_length=30, choices=Satisfaction.choices)
    comments = models.TextField(blank=True)
    source = models.CharField(max_length=20, choices=SurveySource.choices)
    received_at = models.DateTimeField(db_index=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(STAFF, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_satisfaction_display()} ({self.received_at:%Y-%m-%d})"


class CaseReviewRequest(models.Model):
    """A request for an ASB Case Review, whether the pack's threshold was met when it came in, and its outcome."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_review_requests")
    party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(db_index=True)
    threshold_met = models.BooleanField()
    threshold_reason = models.TextField(help_text="What the pack's threshold said when the request came in")
    outcome = models.CharField(max_length=30, choices=CaseReviewOutcome.choices, default=CaseReviewOutcome.RECEIVED)
    outcome_notes = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(STAFF, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"ASB Case Review request of {self.requested_at:%Y-%m-%d} ({self.outcome})"
