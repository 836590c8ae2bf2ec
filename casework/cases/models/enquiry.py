"""An enquiry: a report the pack's triage says is not ASB. Recorded with the advice given, never a case."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from casework.cases.choices import Channel
from casework.cases.models.people import Address


class Enquiry(models.Model):
    """What was reported and what the caller was told, so "not ASB" answers can be counted and audited."""

    pack_id = models.CharField(max_length=64)
    received_at = models.DateTimeField(db_index=True)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    types = models.JSONField(default=list, help_text="The pack's not-ASB entries the report matched")
    summary = models.TextField()
    address = models.ForeignKey(Address, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    location = models.CharField(max_length=200, blank=True)
    reporter_name = models.CharField(max_length=200, blank=True)
    reporter_contact = models.CharField(max_length=200, blank=True)
    reason = models.TextField(help_text="Why the pack says this is not ASB")
    advice = models.TextField(help_text="The advice given to the person reporting it")
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name_plural = "enquiries"

    def __str__(self) -> str:
        return f"Enquiry {self.pk} ({', '.join(self.types)})"
