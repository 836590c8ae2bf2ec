"""Emails to residents about their case, through Django's email framework (SMTP in production, files
under var/mail/ in development).

Every email is a Notification row, written in the same transaction as the step that caused it, and handed
to the mail server only once that transaction commits: a step that fails sends nothing, and an email the
server refuses is recorded as refused (staff see it on the case page) without undoing the step.
"""

from __future__ import annotations

import logging
from smtplib import SMTPException
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from casework.accounts.models import Organisation
from casework.cases.models import Case, Party
from casework.residents import links
from casework.residents.models import Notification, ResidentLink

logger = logging.getLogger(__name__)

#: What a stored email shows where the link was: the link is a key to the case, so it is never stored.
LINK_PLACEHOLDER = "[your personal link]"


def send(
    *,
    case: Case,
    party: Party | None,
    to: str,
    kind: str,
    subject: str,
    template: str,
    context: dict[str, Any] | None = None,
    link: ResidentLink | None = None,
) -> Notification:
    """Write `residents/email/<template>.txt` to `to`, record it, and send it once the transaction commits.

    The template gets `organisation`, `case`, `link_url` (the resident's link, or blank) and `context`.
    """
    organisation = Organisation.current()
    base = {"organisation": organisation, "case": case, **(context or {})}
    url = links.url_for(link) if link else ""
    body = render_to_string(f"residents/email/{template}.txt", {**base, "link_url": url})
    # Rendered once: the stored copy is the same text with the link taken out.
    stored = body.replace(url, LINK_PLACEHOLDER) if url else body
    notification = Notification.objects.create(
        case=case,
        party=party,
        kind=kind,
        to=to,
        subject=subject[:200],
        body=stored,
        sent_at=timezone.now(),
    )
    reply_to = [organisation.letterhead_email] if organisation.letterhead_email else []
    message = EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to], reply_to=reply_to
    )
    transaction.on_commit(lambda: _deliver(notification.pk, message))
    return notification


def _deliver(notification_id: int, message: EmailMessage) -> None:
    try:
        message.send(fail_silently=False)
    except (OSError, SMTPException) as error:
        logger.warning("Email to a resident was refused (notification %s): %s", notification_id, error)
        Notification.objects.filter(pk=notification_id).update(failure=str(error)[:1000] or "refused")
