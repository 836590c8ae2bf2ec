"""What staff do for residents online: send a link, revoke one, and send an update by email.

Each is a case step like any other (casework/cases/services): keyword-only, taken by the member of staff
`actor`, in one transaction, on a case they may see and work (else NotFound, then NotAllowed), and on the
version of the case they loaded. Each leaves an audit event on the history; none records a link's token,
which is the resident's key to their case and is sent only to them.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from casework.cases import services
from casework.cases.choices import ContactMethod, ContactOutcome, ContactPurpose, PartyRole
from casework.cases.disclosure import redact
from casework.cases.engine import Replay
from casework.cases.models import Case, Contact, Party
from casework.cases.services.base import choice, locked_case, now, step, text
from casework.domain.events import LONDON
from casework.errors import InvalidInput, NotFound, StepBlocked
from casework.residents import links, notify
from casework.residents.models import LinkPurpose, NotificationKind, ResidentLink
from casework.residents.privacy import Privacy

#: The longest update an officer may send in one email.
UPDATE_MAX_LENGTH = 5000


def officer_name(case: Case) -> str:
    """The case officer as a resident is told: first and last name, never a username or an email."""
    owner = case.owner
    if owner is None:
        return ""
    return (owner.get_full_name() or "").strip()


def _party(case: Case, party_id: int | None) -> Party:
    party = (
        Party.objects.filter(case=case, pk=party_id).select_related("person").first() if party_id is not None else None
    )
    if party is None:
        raise InvalidInput(f"that person is not on case {case.reference}", fields={"party": "not on this case"})
    return party


def link_email(case: Case, party: Party, link: ResidentLink) -> None:
    """Email a new link to the party it is for: the case page (which says who their officer is), or a diary."""
    expires = link.expires_at.astimezone(LONDON)
    context = {"party": party, "officer": officer_name(case), "expires": expires}
    if link.purpose == LinkPurpose.CASE:
        kind, subject = NotificationKind.LINK_SENT, f"Your case {case.reference}: follow it online"
    else:
        kind, subject = NotificationKind.DIARY_LINK_SENT, f"Keeping a diary for case {case.reference}"
    notify.send(
        case=case,
        party=party,
        to=link.email,
        kind=kind,
        subject=subject,
        template=f"staff_link_{link.purpose}",
        context=context,
        link=link,
    )


@transaction.atomic
def resident_link_send(
    *, actor: Any, case: Case | str, party_id: int, purpose: str, version: int | None = None
) -> ResidentLink:
    """Send `party` a new link by email: to follow the case (a complainant or their advocate) or to keep a
    diary (a witness, household member or complainant). Their older links keep working until they expire."""
    case = locked_case(case, actor=actor, capability="case.work", doing="send a resident a link", version=version)
    choice(purpose, "purpose", LinkPurpose.values)
    replay = Replay(case)
    if purpose == LinkPurpose.DIARY and replay.is_closed_stage(replay.stage):
        # A diary adds incidents, which a closed case does not take; the case link still works for the survey.
        why = "the case is closed, so a diary would take nothing: reopen it first"
        raise StepBlocked(f"case {case.reference} is closed: reopen it before sending a diary link", reasons=(why,))
    party = _party(case, party_id)
    link = links.issue(party=party, purpose=purpose, actor=actor)
    link_email(case, party, link)
    step(
        case,
        actor=actor,
        verb="resident-link.sent",
        at=now(),
        target=party,
        payload={"party": party.pk, "purpose": purpose, "link": link.pk},
        replay=replay,
    )
    return link


@transaction.atomic
def resident_link_revoke(*, actor: Any, case: Case | str, link_id: int, version: int | None = None) -> ResidentLink:
    """Stop a resident's link working at once (it was sent to the wrong address, or is no longer wanted)."""
    case = locked_case(case, actor=actor, capability="case.work", doing="revoke a resident's link", version=version)
    link = ResidentLink.objects.filter(case=case, pk=link_id).select_related("party").first()
    if link is None:
        raise NotFound(f"no such link on case {case.reference}")
    links.revoke(link=link, actor=actor)
    step(
        case,
        actor=actor,
        verb="resident-link.revoked",
        at=link.revoked_at or now(),
        target=link.party,
        payload={"party": link.party_id, "purpose": link.purpose, "link": link.pk},
    )
    return link


def named_in(message: str, privacy: Privacy) -> list[str]:
    """The identities of other parties that `message` contains, whole names before their parts."""
    found: list[str] = []
    remaining = message
    for value in privacy.withheld:
        reduced = redact(remaining, [value])
        if reduced != remaining:
            found.append(value)
            remaining = reduced
    return found


def _update_link(party: Party) -> ResidentLink | None:
    """The case link an update carries: none when staff revoked the party's latest one, so an update never
    quietly hands back a key that was taken away (send a new link for that)."""
    latest = ResidentLink.objects.filter(party=party, purpose=LinkPurpose.CASE).order_by("-created_at", "-id").first()
    if latest is not None and latest.revoked_at is not None:
        return None
    return links.current(party, LinkPurpose.CASE)


@transaction.atomic
def complainant_update_send(
    *, actor: Any, case: Case | str, party_id: int, message: str, version: int | None = None
) -> Contact:
    """Email an update the officer wrote to a complainant (or their advocate), with their case link, and
    record it as contact made to update them: that meets the pack's duty to keep them informed.

    Refused when the message names anyone else on the case (a resident is never told who else is
    involved), or when we hold no email address for them."""
    case = locked_case(case, actor=actor, capability="case.work", doing="send an update", version=version)
    party = _party(case, party_id)
    allowed = links.MAY_HAVE[LinkPurpose.CASE]
    if party.role not in allowed:
        raise InvalidInput(
            f"updates go to a complainant or their advocate, not to a {PartyRole(party.role).label.lower()}",
            fields={"party": "not a complainant or advocate"},
        )
    written = text(message, "message", max_length=UPDATE_MAX_LENGTH)
    email = links.email_of(party)
    if not email:
        raise InvalidInput(
            f"we hold no email address for {party.person.name}: add it to their details, or tell them another way "
            "and record the contact",
            fields={"party": "no email address"},
        )
    named = named_in(written, Privacy(party))
    if named:
        shown = ", ".join(f"“{value}”" for value in named)
        raise InvalidInput(
            f"the update names someone else on the case: take out {shown} "
            f"({party.person.name} must never be told who else is involved)",
            fields={"message": "names someone else on the case"},
        )
    contact = services.contact_record(
        actor=actor,
        case=case.reference,
        method=ContactMethod.EMAIL,
        outcome=ContactOutcome.MADE,
        purpose=ContactPurpose.UPDATE,
        party_id=party.pk,
        notes=written,
        at=timezone.now(),
    )
    link = _update_link(party)
    notify.send(
        case=case,
        party=party,
        to=email,
        kind=NotificationKind.UPDATE,
        subject=f"An update on your case {case.reference}",
        template="staff_update",
        context={"party": party, "officer": officer_name(case), "message": written},
        link=link,
    )
    return contact
