"""Letters sent on a case: the PDF and Word files exactly as sent, each with its SHA-256."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from casework.cases.models.case import Case, Party
from casework.cases.models.records import evidence_storage

#: The formats every letter is stored in, and their content types.
LETTER_FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def letter_filename(reference: str, kind: str, fmt: str) -> str:
    """What a downloaded letter is called: "ASB-2026-000123-acknowledgement.pdf"."""
    return f"{reference}-{kind}.{fmt}"


class LetterMethod(models.TextChoices):
    POST = "post", "Post"
    EMAIL = "email", "Email"
    HAND = "hand", "By hand"


def letter_path(instance: Letter, filename: str) -> str:
    # Named by hash (the service passes "<sha256>.<ext>"), never by anything a person typed.
    return f"{instance.case_id}/letters/{filename}"


class Letter(models.Model):
    """One letter as sent. Stored privately beside the case's evidence, and never changed afterwards."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(max_length=50, help_text="A letter kind (casework/domain/letters.py)")
    title = models.CharField(max_length=200)
    recipient = models.ForeignKey(Party, null=True, blank=True, on_delete=models.SET_NULL, related_name="letters")
    recipient_name = models.CharField(max_length=200, help_text="Who it was addressed to, as printed")
    method = models.CharField(max_length=10, choices=LetterMethod.choices)
    pdf = models.FileField(upload_to=letter_path, storage=evidence_storage, max_length=200)
    pdf_sha256 = models.CharField(max_length=64)
    docx = models.FileField(upload_to=letter_path, storage=evidence_storage, max_length=200)
    docx_sha256 = models.CharField(max_length=64)
    sent_at = models.DateTimeField()
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    emailed_to = models.EmailField(blank=True, help_text="Blank unless it was emailed")

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.title} to {self.recipient_name}"

    def stored(self, fmt: str) -> models.fields.files.FieldFile:
        """The file sent in one of LETTER_FORMATS."""
        return self.pdf if fmt == "pdf" else self.docx
