"""Letters on a case: the ones sent, a preview of one, sending one, and each sent letter's PDF and Word file."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpRequest
from ninja import Query, Router

from casework.api.auth import actor
from casework.api.capabilities import needs, seen_case
from casework.api.pagination import Page, PageParams, page_of
from casework.api.render import Created, created, record_written
from casework.api.schemas.common import Reference
from casework.api.schemas.letters import LetterIn, LetterOut, LetterPreviewOut, LetterSendIn, LetterWritten
from casework.cases import services
from casework.cases.letters import draft_letter
from casework.cases.models.letters import LETTER_FORMATS, Letter, letter_filename
from casework.downloads import private_download
from casework.errors import NotFound

router = Router(tags=["letters"])


@router.get("/cases/{reference}/letters", response=Page[LetterOut])
@needs("case.view", "see cases")
def letters(request: HttpRequest, reference: Reference, paging: Query[PageParams]) -> dict[str, Any]:
    """The letters sent on the case, newest first."""
    found = Letter.objects.filter(case=seen_case(request)).select_related("case", "sent_by", "recipient__person")
    return page_of(found.order_by("-sent_at", "-id"), paging)


@router.post("/cases/{reference}/letters/preview", response=LetterPreviewOut)
@needs("case.work", "write letters")
def letter_preview(request: HttpRequest, reference: Reference, given: LetterIn) -> dict[str, Any]:
    """The letter as it would be sent, from the pack's template; writes nothing. A value the letter needs
    and does not have is a 422 naming its placeholder."""
    draft = draft_letter(
        actor=actor(request),
        case=seen_case(request),
        kind=given.kind,
        recipient_id=given.recipient_id,
        inputs=given.inputs,
    )
    return {"title": draft.title, "body_html": draft.body}


@router.post("/cases/{reference}/letters", response={201: LetterWritten})
@needs("case.work", "write letters")
def letter_send(request: HttpRequest, reference: Reference, given: LetterSendIn) -> Created:
    """Send a letter: it is stored on the case as PDF and Word with their SHA-256, the step it stands for
    is recorded (meeting the duty it discharges), and it is emailed when `method` is `email`."""
    letter = services.letter_send(
        actor=actor(request),
        case=reference,
        kind=given.kind,
        recipient_id=given.recipient_id,
        inputs=given.inputs,
        method=given.method,
        version=given.version,
    )
    return created(record_written("letter", letter))


def _file(request: HttpRequest, reference: str, letter_id: int, fmt: str) -> FileResponse:
    letter = Letter.objects.filter(case=seen_case(request), pk=letter_id).first()
    if letter is None:
        raise NotFound(f"no letter {letter_id} on case {reference}")
    name = letter_filename(reference, letter.kind, fmt)
    return private_download(letter.stored(fmt).open("rb"), name, LETTER_FORMATS[fmt])


@router.get("/cases/{reference}/letters/{letter_id}/pdf")
@needs("case.view", "see cases")
def letter_pdf(request: HttpRequest, reference: Reference, letter_id: int) -> FileResponse:
    """The letter's PDF as it was sent."""
    return _file(request, reference, letter_id, "pdf")


@router.get("/cases/{reference}/letters/{letter_id}/docx")
@needs("case.view", "see cases")
def letter_docx(request: HttpRequest, reference: Reference, letter_id: int) -> FileResponse:
    """The letter's Word document as it was sent."""
    return _file(request, reference, letter_id, "docx")
