"""Sending a letter: store it on the case as PDF and Word with their hashes, record the event that
discharges the pack's duty (acknowledgement, action plan, perpetrator letter, closure letter), and email
it where that is how it goes."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from smtplib import SMTPException
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction

# The module, not its names: casework.cases.letters imports the services package (through disclosure),
# so either may be imported first.
from casework.cases import letters as drafts
from casework.cases.choices import ContactMethod
from casework.cases.engine import Replay
from casework.cases.models import Case, Letter, LetterMethod
from casework.cases.models.letters import LETTER_FORMATS, letter_filename
from casework.cases.packs import pack_named
from casework.cases.services.base import choice, locked_case, now, step
from casework.errors import InvalidInput, StepBlocked

#: Letters that belong to a case's ending, so may still be sent once it is closed; anything else needs
#: the case reopened first (as every other step does: services/base.py, ALLOWED_WHEN_CLOSED).
SENT_WHEN_CLOSED = {"closure-complainant", "closure-perpetrator", "satisfaction-survey"}

#: How the case's history words each way of sending (its `method`, as contacts record it): a letter by
#: post or by hand is a letter; `sent` in the event says which.
AS_CONTACT = {
    LetterMethod.POST: ContactMethod.LETTER,
    LetterMethod.HAND: ContactMethod.LETTER,
    LetterMethod.EMAIL: ContactMethod.EMAIL,
}


@transaction.atomic
def letter_send(
    *,
    actor: Any,
    case: Case | str,
    kind: str,
    recipient_id: int | None,
    inputs: Mapping[str, Any],
    method: str,
    version: int | None = None,
) -> Letter:
    """Send a letter: exactly what was previewed is stored (PDF and Word, each with its SHA-256) and the
    pack events it stands for are recorded, or nothing is written at all."""
    case = locked_case(case, actor=actor, capability="case.work", doing="send a letter", version=version)
    choice(method, "method", LetterMethod.values)
    draft = drafts.prepare(actor=actor, case=case, kind=kind, recipient_id=recipient_id, inputs=inputs)
    replay = Replay(case)
    if replay.is_closed_stage(replay.stage) and draft.kind.id not in SENT_WHEN_CLOSED:
        raise StepBlocked(f"case {case.reference} is closed: reopen it first", reasons=("the case is closed",))
    emailed_to = _delivery(draft, method)
    pdf, docx = drafts.render_pdf(draft), drafts.render_docx(draft)
    letter = Letter(
        case=case,
        kind=draft.kind.id,
        title=draft.title,
        recipient=draft.recipient,
        recipient_name=draft.data["recipient"]["name"],
        method=method,
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        docx_sha256=hashlib.sha256(docx).hexdigest(),
        sent_at=now(),
        sent_by=actor,
        emailed_to=emailed_to,
    )
    try:
        letter.pdf.save(f"{letter.pdf_sha256}.pdf", ContentFile(pdf), save=False)
        letter.docx.save(f"{letter.docx_sha256}.docx", ContentFile(docx), save=False)
        letter.save()
        _record(case, letter, draft, actor=actor, replay=replay)
        if emailed_to:
            _email(draft, letter, pdf)
    except BaseException:
        # Nothing half-recorded: a refused step leaves no stray file behind.
        letter.pdf.delete(save=False)
        letter.docx.delete(save=False)
        raise
    return letter


def _delivery(draft: drafts.LetterDraft, method: str) -> str:
    """Where it is emailed to (blank unless by email), refusing a way the recipient cannot be reached."""
    recipient = draft.data["recipient"]
    person = draft.recipient.person if draft.recipient is not None else None
    if method == LetterMethod.EMAIL:
        if person is None or not person.email:
            raise InvalidInput(
                f"we hold no email address for {recipient['name']}: send it by post or by hand, "
                "or add their email address first",
                fields={"method": "no email address for the recipient"},
            )
        return person.email
    if method == LetterMethod.POST and not recipient.get("address"):
        raise InvalidInput(
            f"we hold no postal address for {recipient['name']}: send it by email or by hand, "
            "or add their address first",
            fields={"method": "no postal address for the recipient"},
        )
    return ""


def _record(case: Case, letter: Letter, draft: drafts.LetterDraft, *, actor: Any, replay: Replay) -> None:
    """The kind's events that the case's pack knows (they discharge its duties), else `letter.sent`."""
    known = pack_named(case.pack_id).event_kinds
    verbs = [verb for verb in draft.kind.records if verb in known] or ["letter.sent"]
    payload = {
        "letter": letter.pk,
        "letter_kind": draft.kind.id,
        "method": str(AS_CONTACT[LetterMethod(letter.method)]),
        "sent": letter.method,
        "recipient": letter.recipient_id,
        "pdf_sha256": letter.pdf_sha256,
    }
    step(
        case,
        actor=actor,
        verb=verbs[0],
        at=letter.sent_at,
        target=letter,
        payload=payload,
        extra=[(verb, payload) for verb in verbs[1:]],
        replay=replay,
    )


def _email(draft: drafts.LetterDraft, letter: Letter, pdf: bytes) -> None:
    """Email the PDF. Sent inside the transaction on purpose: a letter is recorded as emailed only if the
    mail server took it, and if it refuses, nothing is recorded and the officer can send it another way."""
    organisation = draft.data["organisation"]
    officer = draft.data["officer"]
    reply_to = [address for address in (officer.get("email"), organisation.get("email")) if address]
    message = EmailMessage(
        subject=f"{draft.title} – our reference {draft.case.reference}",
        body=(
            f"Dear {draft.data['recipient']['salutation']},\n\n"
            f"Please find attached a letter from {organisation['name']} about case {draft.case.reference}.\n\n"
            f"{officer.get('name') or organisation['name']}\n"
            + (f"{officer['job_title']}\n" if officer.get("job_title") else "")
            + f"{organisation['name']}\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[letter.emailed_to],
        reply_to=reply_to[:1],
    )
    message.attach(letter_filename(draft.case.reference, draft.kind.id, "pdf"), pdf, LETTER_FORMATS["pdf"])
    try:
        message.send(fail_silently=False)
    except (OSError, SMTPException) as error:
        raise InvalidInput(
            f"the email could not be sent ({error}): nothing was recorded. Try again, or send it by post or by hand",
            fields={"method": "the email could not be sent"},
        ) from None
