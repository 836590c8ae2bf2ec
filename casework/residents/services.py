"""What a resident does through their link: add to their diary, send a file, ask for an ASB Case Review, answer
the closure survey, and ask for a new link when theirs no longer works.

Each goes through the ordinary case service, acting as the online service with a grant for the link's case
only (access.acting_for), so a resident's entry meets the same rules and lands in the same history as an
officer's. What is different is the wording: a refusal is put in the resident's words, at the field they
filled in, and never names anyone else. Every write counts against a per-link hourly limit.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction

from casework.cases import services
from casework.cases.choices import PartyRole, SurveySource
from casework.cases.models import Case, CaseReviewRequest, Evidence, Incident, Party, SurveyResponse
from casework.cases.services.feedback import REQUESTED_BY
from casework.errors import CaseworkError, InvalidInput, NotAllowed, StepBlocked
from casework.residents import access, links, notify, throttle
from casework.residents.models import LinkPurpose, NotificationKind, ResidentLink, SentEvidence

#: How many diary entries, files and requests one link may send in an hour (settings say how many).
POSTS_SCOPE = "resident-post"
#: "Get a new link" asks from one network address in an hour, and emails about one case in an hour: enough
#: for someone who lost their email twice, too few to guess references or fill someone's inbox.
NEW_LINK_SCOPE = "new-link"
NEW_LINK_REQUESTS_PER_HOUR = 5
NEW_LINK_EMAILS_PER_CASE_PER_HOUR = 3

#: The longest "where" an incident keeps (Incident.location).
WHERE_MAX = 200


class TooManyRequests(CaseworkError):  # noqa: N818  (named like casework.errors)
    """More than the hourly limit came through one link, or from one network address."""

    code = "too-many-requests"
    status = 429


class CaseClosed(StepBlocked):
    """The case is closed, so it takes no new diary entries or files: a new problem is a new report."""

    def __init__(self) -> None:
        super().__init__(
            "Your case is closed, so we cannot add anything to it. If it is happening again, report it as a new "
            "problem.",
            reasons=("the case is closed",),
        )


def _count(link: ResidentLink) -> None:
    if not throttle.allow(POSTS_SCOPE, f"link-{link.pk}", settings.CASEWORK_RESIDENT_POSTS_PER_HOUR):
        raise TooManyRequests(
            "You have sent us a lot through this link in the last hour. Please wait an hour and try again, "
            "or contact your officer."
        )


def _open_case(link: ResidentLink) -> None:
    if not link.case.is_open:
        raise CaseClosed


def _closed_refusal(error: StepBlocked) -> CaseworkError:
    # The case services say "case ASB-… is closed: reopen it first", which is an officer's next step.
    return CaseClosed() if "the case is closed" in error.reasons else error


def _needs_case_link(link: ResidentLink, doing: str) -> None:
    if link.purpose != LinkPurpose.CASE:
        raise NotAllowed(f"This link is for your diary only, so you cannot {doing} with it.")


def diary_add(
    link: ResidentLink, *, occurred_at: datetime, what_happened: str, how_it_affected_you: str, where: str = ""
) -> Incident:
    """Record a diary entry as an incident on the case (source "diary", reported by the link's party), which
    also counts as a diary sheet returned."""
    _open_case(link)
    if len(where.strip()) > WHERE_MAX:
        raise InvalidInput(f"Where it happened must be {WHERE_MAX} characters or fewer", fields={"where": "too long"})
    if not what_happened.strip():
        raise InvalidInput("Tell us what happened", fields={"what_happened": "required"})
    _count(link)
    try:
        return services.incident_record(
            actor=access.acting_for(link),
            case=link.case.reference,
            occurred_at=occurred_at,
            description=what_happened,
            impact=how_it_affected_you,
            location=where,
            source="diary",
            reported_by_id=link.party_id,
        )
    except StepBlocked as error:
        raise _closed_refusal(error) from None
    except InvalidInput as error:
        if "occurred_at" in error.fields:
            raise InvalidInput(
                "The date and time it happened cannot be in the future", fields={"occurred_at": "in the future"}
            ) from None
        raise


def _file_refusal(error: InvalidInput) -> InvalidInput:
    problem = error.fields.get("file", "")
    if problem == "type not allowed":
        return InvalidInput(
            "We checked what this file really is, and it is not a kind of file we can accept. Send a photo, "
            "sound recording, video, PDF, Word document or text file",
            fields={"file": problem},
        )
    if problem == "empty":
        return InvalidInput("The file you chose is empty", fields={"file": problem})
    if problem == "too large":
        return InvalidInput(error.message[:1].upper() + error.message[1:], fields={"file": problem})
    return error


def evidence_send(
    link: ResidentLink, *, name: str, content: bytes, content_type: str, description: str = ""
) -> Evidence:
    """Store a file a resident sent as evidence on their case (sniffed, size-limited, SHA-256, private), and
    note which party sent it through which link."""
    _needs_case_link(link, "send files")
    _open_case(link)
    _count(link)  # counted before the transaction: a refused file still counts against the limit
    try:
        with transaction.atomic():
            evidence = services.evidence_add(
                actor=access.acting_for(link),
                case=link.case.reference,
                name=(name or "file").strip()[-255:] or "file",
                content=content,
                content_type=content_type,
                description=description,
            )
            SentEvidence.objects.create(evidence=evidence, party_id=link.party_id, link=link)
    except StepBlocked as error:
        raise _closed_refusal(error) from None
    except InvalidInput as error:
        raise _file_refusal(error) from None
    return evidence


def case_review_ask(link: ResidentLink) -> CaseReviewRequest:
    """Record a request for an ASB Case Review from the complainant (or their advocate) the link is for, with
    whether the pack's threshold is met today."""
    _needs_case_link(link, "ask for an ASB Case Review")
    if link.party.role not in REQUESTED_BY:
        raise NotAllowed("Only the person who reported the problem, or their advocate, can ask for a review.")
    _count(link)
    try:
        return services.case_review_request(
            actor=access.acting_for(link), case=link.case.reference, party_id=link.party_id
        )
    except StepBlocked as error:
        if any("still waiting for its outcome" in reason for reason in error.reasons):
            raise StepBlocked(
                "You have already asked for a review. We will tell you the outcome before you can ask again.",
                reasons=error.reasons,
            ) from None
        raise


def survey_answer(link: ResidentLink, *, satisfaction: str, comments: str = "") -> SurveyResponse:
    """Record the complainant's answer to the closure survey (counted in the regulator's TP12, source online)."""
    _needs_case_link(link, "answer the survey")
    if link.party.role != PartyRole.COMPLAINANT:
        raise NotAllowed("The survey is for the person who reported the problem.")
    _count(link)
    try:
        return services.survey_record(
            actor=access.acting_for(link),
            case=link.case.reference,
            satisfaction=satisfaction,
            comments=comments,
            source=SurveySource.ONLINE,
            party_id=link.party_id,
        )
    except StepBlocked:
        raise StepBlocked(
            "Your case is still open. We will ask you this when it is closed.", reasons=("the case is open",)
        ) from None
    except InvalidInput as error:
        if error.fields.get("party") == "already answered":
            raise InvalidInput(
                "You have already answered. Thank you.", fields={"satisfaction": "already answered"}
            ) from None
        if "satisfaction" in error.fields:
            raise InvalidInput(
                "Choose how satisfied or dissatisfied you are", fields={"satisfaction": "not a choice"}
            ) from None
        raise


def new_link_request(*, reference: str, email: str, client_key: str) -> None:
    """Email a fresh link to the case page when `email` is exactly the address we hold for a complainant or
    advocate on case `reference`. The caller says the same thing whether or not anything matched, so this
    tells nobody which references exist or whose email is on them."""
    if not throttle.allow(NEW_LINK_SCOPE, client_key, NEW_LINK_REQUESTS_PER_HOUR):
        raise TooManyRequests("You have asked for a new link several times in the last hour. Please wait an hour.")
    reference = reference.strip().upper()
    wanted = email.strip().casefold()
    if not reference or not wanted:
        return
    parties = [
        party
        for party in Party.objects.filter(
            case__reference=reference, role__in=links.MAY_HAVE[LinkPurpose.CASE]
        ).select_related("person", "case")
        if links.email_of(party).casefold() == wanted
    ]
    if not parties:
        return
    # One address can be a resident's and their own advocate's only by mistake: one email is enough.
    party = parties[0]
    if not throttle.allow(NEW_LINK_SCOPE + "-case", reference, NEW_LINK_EMAILS_PER_CASE_PER_HOUR):
        return  # the resident already has fresh links in their inbox; say nothing different
    _send_new_link(party)


@transaction.atomic
def _send_new_link(party: Party) -> None:
    link = links.issue(party=party, purpose=LinkPurpose.CASE)
    case: Case = party.case
    notify.send(
        case=case,
        party=party,
        to=link.email,
        kind=NotificationKind.NEW_LINK,
        subject=f"Your new link to case {case.reference}",
        template="case_new_link",
        context={"party": party, "expires_at": link.expires_at},
        link=link,
    )
