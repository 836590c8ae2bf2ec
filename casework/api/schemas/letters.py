"""Letters: what to write (a kind, its recipient, what the officer adds), a preview, and a sent letter."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from casework.api.schemas.common import LongText, StaffRef, Text10, Text100, VersionIn, Written


class LetterIn(Schema):
    kind: Text100 = Field(description="A letter kind: acknowledgement, action-plan, appointment, written-warning…")
    recipient_id: int | None = Field(None, description="The party written to; leave out when the letter has one")
    inputs: dict[Text100, LongText] = Field(
        default_factory=dict,
        max_length=50,
        description="What the letter asks, by placeholder: "
        '{"appointment.at": "2026-03-02T10:00", "appointment.place": "The housing office"}. '
        "Times and dates are ISO 8601.",
    )


class LetterSendIn(LetterIn, VersionIn):
    method: Text10 = Field(description="post, email (sent to the recipient's email address) or hand")


class LetterPreviewOut(Schema):
    title: str
    body_html: str = Field(description="The letter's body as HTML, every value in it escaped")


class LetterRecipientOut(Schema):
    id: int
    name: str
    role: str


class LetterOut(Schema):
    id: int
    kind: str
    title: str
    recipient: LetterRecipientOut | None = Field(description="The party written to (null if since removed)")
    recipient_name: str = Field(description="Who it was addressed to, as printed")
    method: str
    emailed_to: str
    pdf_sha256: str
    docx_sha256: str
    sent_at: datetime
    sent_by: StaffRef | None
    pdf: str = Field(description="Where to fetch the PDF as sent, with the same authentication")
    docx: str = Field(description="Where to fetch the Word document as sent, with the same authentication")

    @staticmethod
    def resolve_recipient(letter: Any) -> dict[str, Any] | None:
        party = letter.recipient
        if party is None:
            return None
        return {"id": party.pk, "name": party.person.name, "role": party.role}

    @staticmethod
    def resolve_pdf(letter: Any) -> str:
        return f"/api/v1/cases/{letter.case.reference}/letters/{letter.pk}/pdf"

    @staticmethod
    def resolve_docx(letter: Any) -> str:
        return f"/api/v1/cases/{letter.case.reference}/letters/{letter.pk}/docx"


class LetterWritten(Schema):
    case: Written
    letter: LetterOut
