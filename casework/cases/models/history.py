"""The case's history and the engine's output stored for fast lists."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from casework.cases.choices import ObligationState
from casework.cases.models.case import Case


class AppendOnly(Exception):
    """History is never edited or deleted."""


class CaseEvent(models.Model):
    """One thing that happened: who, which verb, what it was done to, what was recorded, when.

    `verb` is a pack event kind (`risk.assessed`) or an audit verb (`party.added`, `police-disclosure.read`);
    the obligations engine and the case path read the same rows the timeline shows.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    verb = models.CharField(max_length=100)
    target_type = models.CharField(max_length=50, blank=True)
    target_id = models.BigIntegerField(null=True, blank=True)
    payload = models.JSONField(default=dict)
    at = models.DateTimeField(help_text="When it happened")
    recorded_at = models.DateTimeField(help_text="When it was recorded")

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"]), models.Index(fields=["verb", "at"])]

    def __str__(self) -> str:
        return f"{self.verb} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnly("case events are never changed once recorded")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnly("case events are never deleted")


class Obligation(models.Model):
    """One occurrence of a pack duty on a case, as the engine last worked it out.

    A derived cache, rebuilt in the same transaction as every event. Only the settled state is stored:
    a pending duty is due today or overdue by comparing `due_date` with today, so nothing needs ticking.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="obligations")
    rule_id = models.CharField(max_length=100)
    kind = models.CharField(max_length=100, db_index=True)
    label = models.CharField(max_length=300)
    occurrence = models.PositiveIntegerField()
    owner_role = models.CharField(max_length=100)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="obligations"
    )
    started_on = models.DateField()
    due_date = models.DateField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True, help_text="Set when the deadline is an hour")
    state = models.CharField(max_length=20, choices=ObligationState.choices)
    met_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "rule_id", "occurrence"], name="obligation_occurrence_once")
        ]
        indexes = [
            models.Index(fields=["owner", "state", "due_date"]),
            models.Index(fields=["state", "due_date"]),
            # Reports: duties that fell due in a month, by kind.
            models.Index(fields=["due_date", "kind"]),
        ]

    def __str__(self) -> str:
        return f"{self.label} (due {self.due_date})"
