"""Signed, expiring, revocable links to a resident's view of their case.

A link's URL carries its id and a random nonce, signed with the site's secret key. Opening it needs the
signature to be right (so the database alone cannot forge one), the nonce to match a stored link, the link
not to have expired and no member of staff to have revoked it. The link, not a password, is the key: it is
sent only to the email address the resident gave us, and every way of failing shows the same page.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from casework.cases.choices import PartyRole
from casework.cases.models import Party
from casework.errors import InvalidInput, NotFound
from casework.residents.models import LinkPurpose, ResidentLink

_SALT = "casework.residents.link"

#: Who may be sent each kind of link: the case page to a complainant or the advocate they nominated (who
#: acts for them), a diary to a witness (or a household member who saw it).
MAY_HAVE = {
    LinkPurpose.CASE: (PartyRole.COMPLAINANT, PartyRole.ADVOCATE),
    LinkPurpose.DIARY: (PartyRole.WITNESS, PartyRole.HOUSEHOLD_MEMBER, PartyRole.COMPLAINANT),
}

#: A fresh link is sent with an email when the one we have expires sooner than this.
FRESH_FOR = timedelta(days=7)


def _signer() -> signing.Signer:
    return signing.Signer(salt=_SALT)


def token_for(link: ResidentLink) -> str:
    return _signer().sign(f"{link.pk}.{link.nonce}")


def url_for(link: ResidentLink) -> str:
    """The link as a resident receives it: absolute, on the public site (settings.CASEWORK_PUBLIC_URL)."""
    name = "residents:case" if link.purpose == LinkPurpose.CASE else "residents:diary"
    return settings.CASEWORK_PUBLIC_URL + reverse(name, kwargs={"token": token_for(link)})


def is_live(link: ResidentLink, at: datetime | None = None) -> bool:
    return link.revoked_at is None and link.expires_at > (at or timezone.now())


def resolve(token: str, *, purpose: str | None = None, touch: bool = True) -> ResidentLink:
    """The live link a token stands for, or NotFound: a bad signature, an unknown, expired or revoked
    link all look the same from outside, so a token tells nobody anything about a case."""
    try:
        value = _signer().unsign(token)
        pk, nonce = value.split(".", 1)
        link = ResidentLink.objects.select_related("case", "party__person").get(pk=int(pk), nonce=nonce)
    except (signing.BadSignature, ValueError, ResidentLink.DoesNotExist):
        raise NotFound("this link does not work") from None
    if purpose is not None and link.purpose != purpose:
        raise NotFound("this link does not work")
    now = timezone.now()
    if not is_live(link, now):
        raise NotFound("this link does not work")
    if touch and (link.last_used_at is None or now - link.last_used_at > timedelta(minutes=5)):
        # Staff see when a link was last used; writing on every page view would be noise.
        ResidentLink.objects.filter(pk=link.pk).update(last_used_at=now)
        link.last_used_at = now
    return link


def email_of(party: Party) -> str:
    return (party.person.email or "").strip()


@transaction.atomic
def issue(*, party: Party, purpose: str, actor: Any = None) -> ResidentLink:
    """A new link for `party`, to the email address we hold for them, valid for CASEWORK_RESIDENT_LINK_DAYS.

    `actor` is the member of staff sending it (None when the online service does, e.g. after a report)."""
    allowed = MAY_HAVE[LinkPurpose(purpose)]
    if party.role not in allowed:
        who = " or ".join(PartyRole(r).label.lower() for r in allowed)
        raise InvalidInput(
            f"a link to {LinkPurpose(purpose).label.lower()} is sent only to a {who}", fields={"party": "not " + who}
        )
    email = email_of(party)
    if not email:
        raise InvalidInput(
            f"we hold no email address for {party.person.name}: add it to their details first",
            fields={"party": "no email address"},
        )
    now = timezone.now()
    return ResidentLink.objects.create(
        case=party.case,
        party=party,
        purpose=purpose,
        nonce=secrets.token_urlsafe(18),
        email=email,
        created_at=now,
        created_by=actor if getattr(actor, "pk", None) else None,
        expires_at=now + timedelta(days=settings.CASEWORK_RESIDENT_LINK_DAYS),
    )


def current(party: Party, purpose: str) -> ResidentLink:
    """A live link for `party` with at least FRESH_FOR left to run, else a new one (for an email)."""
    now = timezone.now()
    link = (
        ResidentLink.objects.filter(
            party=party, purpose=purpose, revoked_at__isnull=True, expires_at__gt=now + FRESH_FOR, email=email_of(party)
        )
        .order_by("-expires_at")
        .first()
    )
    return link or issue(party=party, purpose=purpose)


def followers(case_id: int, purpose: str = LinkPurpose.CASE) -> list[Party]:
    """The parties on a case who have a live link of this kind: the people we keep informed by email."""
    now = timezone.now()
    return list(
        Party.objects.filter(
            case_id=case_id,
            resident_links__purpose=purpose,
            resident_links__revoked_at__isnull=True,
            resident_links__expires_at__gt=now,
        )
        .select_related("person")
        .distinct()
        .order_by("id")
    )


@transaction.atomic
def revoke(*, link: ResidentLink, actor: Any) -> ResidentLink:
    """Stop a link working at once (staff only; the caller checks the member of staff may work the case)."""
    if link.revoked_at is not None:
        raise InvalidInput("that link is already revoked", fields={"link": "already revoked"})
    link.revoked_at = timezone.now()
    link.revoked_by = actor
    link.save(update_fields=["revoked_at", "revoked_by"])
    return link
