"""Links residents follow to their case, the emails we send them, and the counters behind rate limits."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from casework.cases.models import Case, Evidence, Party


class LinkPurpose(models.TextChoices):
    """What a link opens: the case page (a complainant, or their advocate) or only a diary (a witness)."""

    CASE = "case", "Follow the case"
    DIARY = "diary", "Keep a diary"


class ResidentLink(models.Model):
    """One emailed link to a party's view of a case. The URL carries `nonce`, signed with the site's key
    (links.py), so the database alone cannot make a working link; expired or revoked links open nothing."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="resident_links")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="resident_links")
    purpose = models.CharField(max_length=10, choices=LinkPurpose.choices)
    nonce = models.CharField(max_length=32, unique=True, editable=False)
    email = models.EmailField(help_text="Where the link was sent")
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The member of staff who sent it; blank when the online service sent it",
    )
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["party", "purpose", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} link for party {self.party_id}"


class NotificationKind(models.TextChoices):
    REPORT_RECEIVED = "report-received", "Report received"
    LINK_SENT = "link-sent", "Link to follow the case"
    DIARY_LINK_SENT = "diary-link-sent", "Link to keep a diary"
    NEW_LINK = "new-link", "New link asked for"
    OFFICER_CHANGED = "officer-changed", "New case officer"
    ACTION_PLAN_SENT = "action-plan-sent", "Action plan"
    UPDATE = "update", "Update on the case"
    CASE_CLOSED = "case-closed", "Case closed"
    SUBMISSION_RECEIVED = "submission-received", "What they sent was received"


class Notification(models.Model):
    """An email we sent (or tried to send) a resident about their case: what, to whom, and whether the mail
    server took it. The body is kept as sent, with the link itself left out (it is a key to the case)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="resident_notifications")
    party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    to = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    sent_at = models.DateTimeField()
    failure = models.TextField(blank=True, help_text="Why the mail server refused it; blank when it was sent")

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.to}"

    @property
    def sent(self) -> bool:
        return not self.failure


class Throttle(models.Model):
    """How many times one key (a hashed network address, or a link) did one thing in one window."""

    scope = models.CharField(max_length=30)
    key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key", "window_start"], name="throttle_once")]
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self) -> str:
        return f"{self.scope} {self.key[:8]}: {self.count}"


class SentEvidence(models.Model):
    """A file a resident sent through their link. Evidence rows record only the online service as uploader, so
    this says which party (and which link) it came from: their page lists what they sent, and nobody else's."""

    evidence = models.OneToOneField(Evidence, on_delete=models.CASCADE, related_name="sent_by_resident")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+")
    link = models.ForeignKey(ResidentLink, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name_plural = "evidence sent by residents"

    def __str__(self) -> str:
        return f"Evidence {self.evidence_id} sent by party {self.party_id}"
