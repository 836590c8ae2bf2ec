"""The public report form's service: a resident's report, in their words, opened as a case (or answered as
not ASB) through the ordinary intake services, acknowledged by email with a link to follow it.

Everything happens in one transaction under the online service's account (`access.reporting()`, which may
only open a case or record an enquiry; then a grant on the new case alone to acknowledge it): the case, its
parties, the advocate's nomination, the link, the email's Notification row and the acknowledgement all
commit together or not at all, and the email itself leaves only once they have (notify.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.utils import timezone

from casework.accounts.models import Organisation
from casework.cases import services
from casework.cases.choices import Channel, ContactMethod, ObligationState, PartyRole
from casework.cases.models import Case, Enquiry, Obligation, Party
from casework.cases.packs import active_pack
from casework.cases.permissions import grant
from casework.cases.services.intake import AddressInput, PartyInput, PersonInput, ReportInput, triage_report
from casework.domain import residents as plain
from casework.domain.events import LONDON
from casework.errors import InvalidInput
from casework.residents import access, links, notify
from casework.residents.models import LinkPurpose, NotificationKind
from casework.residents.staff import officer_name

#: Who is reporting: the person affected, someone reporting for them, or nobody we can name.
MYSELF = "myself"
SOMEONE_ELSE = "someone-else"
ANONYMOUS = "anonymous"
WHO = (MYSELF, SOMEONE_ELSE, ANONYMOUS)

#: How someone reporting for a resident stands to them: the channel the case records it came by.
RELATIONSHIPS = (Channel.ADVOCATE, Channel.THIRD_PARTY)

#: How a resident may ask us to contact them, and what each needs us to hold.
CONTACT_BY = (ContactMethod.EMAIL, ContactMethod.PHONE, ContactMethod.TEXT, ContactMethod.LETTER)

#: The longest each piece of text may be, the same on the form and here (a post that skips the form).
LIMITS = {
    "summary": 5000,
    "impact": 2000,
    "involved_description": 1000,
    "location": 200,
    "address_line1": 200,
    "address_postcode": 10,
    "name": 200,
    "email": 254,
    "phone": 30,
    "safe_contact_times": 200,
    "reporter_name": 200,
    "reporter_role": 200,
    "reporter_email": 254,
    "reporter_phone": 30,
    "involved_name": 200,
}

#: Pack duties whose date tells a resident when we will be in touch first, in the order we look.
FIRST_CONTACT_KINDS = ("first-contact", "acknowledge")

#: What the acknowledgement needs on the new case, and no more.
_ACKNOWLEDGE = frozenset({"case.view", "case.work"})


@dataclass
class PublicReport:
    """What the public form collects. Names match the form's fields, so a refusal lands at the field."""

    who: str
    summary: str
    occurred_on: date | None
    problems: list[str] = field(default_factory=list)
    entries: list[str] = field(default_factory=list)
    occurred_time: time | None = None
    address_line1: str = ""
    address_postcode: str = ""
    location: str = ""
    lives_there: bool = False
    impact: str = ""
    involved_name: str = ""
    involved_description: str = ""
    # The person affected: the one reporting (MYSELF), or the resident they report for (SOMEONE_ELSE).
    name: str = ""
    email: str = ""
    phone: str = ""
    preferred_contact: str = ""
    safe_contact_times: str = ""
    # Only when reporting for someone else.
    relationship: str = ""
    reporter_name: str = ""
    reporter_role: str = ""
    reporter_email: str = ""
    reporter_phone: str = ""
    consent: bool = False


@dataclass(frozen=True)
class Outcome:
    """What the resident is told: a case (reference, officer, when we will be in touch, whether we
    emailed) or, for what the pack does not treat as ASB, its reason and advice (an enquiry, no case)."""

    case: Case | None = None
    enquiry: Enquiry | None = None
    officer: str = ""
    next_contact: date | None = None
    emailed: bool = False
    anonymous: bool = False

    @property
    def is_asb(self) -> bool:
        return self.case is not None


@transaction.atomic
def report_submit(*, report: PublicReport) -> Outcome:
    """Open a case from the public form (or record an enquiry when the pack says it is not ASB) and, when
    we have an email address, send the reference and a link and record the acknowledgement. All or nothing.

    The online service acts (access.reporting()); the duplicate check is skipped (open_anyway): a resident
    cannot choose between other people's cases, so staff link duplicates when they triage the new one.
    """
    _check(report)
    pack = active_pack()
    try:
        chosen = plain.chosen(pack, report.problems, report.entries)
    except ValueError:
        raise InvalidInput("choose the problems from the list", fields={"problems": "unknown choice"}) from None
    if not chosen.types:
        raise InvalidInput("choose what the problem is", fields={"problems": "required"})
    intake = ReportInput(
        types=list(chosen.types),
        hate_related=chosen.hate_related,
        channel=report.relationship if report.who == SOMEONE_ELSE else Channel.WEB,
        summary=_summary(report, chosen.described),
        occurred_at=_occurred_at(report),
        address=_address(report),
        location=report.location.strip(),
        anonymous=report.who == ANONYMOUS,
        impact=report.impact.strip(),
        parties=_parties(report),
    )
    result = triage_report(intake, pack.id)
    if not result.is_asb:
        enquiry = services.enquiry_record(actor=access.reporting(), report=intake)
        return Outcome(enquiry=enquiry, anonymous=intake.anonymous)
    if result.priority is None:
        # The pack leaves this priority to an officer. Until one reviews the case it runs at the most
        # urgent the pack allows for what was reported: its first duties fall due soonest, so a serious
        # report is never left waiting on a guess that it is minor. The officer lowers it with a reason.
        intake = replace(intake, priority=min(result.priority_choices, key=pack.priority_rank))
    case = services.case_open(actor=access.reporting(), report=intake, open_anyway=True)
    parties = {party.role: party for party in Party.objects.filter(case=case).select_related("person")}
    worker = grant(access.online_service(), case_id=case.pk, capabilities=_ACKNOWLEDGE)
    complainant = parties.get(PartyRole.COMPLAINANT)
    advocate = parties.get(PartyRole.ADVOCATE)
    if complainant is not None and advocate is not None:
        # The reporter confirmed the resident agreed to them reporting this and to our contacting them:
        # recorded as the resident's nomination of them, the one advocate a resident may have, so it is in
        # the case's history (advocate.nominated) and the staff case page shows who speaks for whom.
        services.advocate_nominate(
            actor=worker, case=case, resident_id=complainant.pk, advocate_id=advocate.pk, resident_asked=True
        )
    emailed = _acknowledge(case, worker, complainant, advocate)
    case.refresh_from_db()
    return Outcome(
        case=case,
        officer=_officer(case),
        next_contact=next_contact(case),
        emailed=emailed,
        anonymous=case.anonymous,
    )


def next_contact(case: Case) -> date | None:
    """When the pack says we will first be in touch: the first pending first-contact (else acknowledgement)
    duty's date, in London."""
    for kind in FIRST_CONTACT_KINDS:
        duty = (
            Obligation.objects.filter(case=case, kind=kind, state=ObligationState.PENDING)
            .order_by("due_date", "due_at")
            .first()
        )
        if duty is not None:
            if duty.due_date is not None:
                return duty.due_date
            if duty.due_at is not None:
                return duty.due_at.astimezone(LONDON).date()
    return None


# -- checking what was sent ---------------------------------------------------------------------------


def _check(report: PublicReport) -> None:
    for name, limit in LIMITS.items():
        value = getattr(report, name)
        if len(value or "") > limit:
            raise InvalidInput(f"{name} is longer than {limit:,} characters", fields={name: "too long"})
    if report.who not in WHO:
        raise InvalidInput("choose who is reporting", fields={"who": "required"})
    if not report.summary.strip():
        raise InvalidInput("tell us what happened", fields={"summary": "required"})
    if report.occurred_on is None:
        raise InvalidInput("enter the date it last happened", fields={"occurred_on": "required"})
    if not (report.address_line1.strip() and report.address_postcode.strip()) and not report.location.strip():
        raise InvalidInput("enter the address, or describe where it happened", fields={"address_line1": "required"})
    if report.who == ANONYMOUS:
        return
    if not report.name.strip():
        whose = "your" if report.who == MYSELF else "their"
        raise InvalidInput(f"enter {whose} name, or choose to report anonymously", fields={"name": "required"})
    if report.preferred_contact and report.preferred_contact not in CONTACT_BY:
        raise InvalidInput("choose how we should contact you", fields={"preferred_contact": "unknown"})
    needs: dict[str, tuple[str, str, str]] = {
        ContactMethod.EMAIL: (report.email, "email", "an email address"),
        ContactMethod.PHONE: (report.phone, "phone", "a phone number"),
        ContactMethod.TEXT: (report.phone, "phone", "a mobile number"),
    }
    if report.preferred_contact in needs:
        value, name, what = needs[report.preferred_contact]
        if not value.strip():
            raise InvalidInput(f"enter {what} to be contacted that way", fields={name: "required"})
    if report.preferred_contact == ContactMethod.LETTER and not (report.lives_there and report.address_line1.strip()):
        raise InvalidInput(
            "for letters, give the address and say it is where the person affected lives",
            fields={"lives_there": "required for letters"},
        )
    if report.who == SOMEONE_ELSE:
        if report.relationship not in RELATIONSHIPS:
            raise InvalidInput("choose how you know the person affected", fields={"relationship": "required"})
        if not report.reporter_name.strip():
            raise InvalidInput("enter your own name", fields={"reporter_name": "required"})
        if not report.consent:
            raise InvalidInput(
                "confirm the person affected agreed to you reporting this for them", fields={"consent": "required"}
            )


def _occurred_at(report: PublicReport) -> datetime:
    if report.occurred_on is None:  # _check refused this already; here for the type checker
        raise InvalidInput("enter the date it last happened", fields={"occurred_on": "required"})
    now = timezone.now()
    # With no time given, midday (or now, earlier today) stands for "some time that day"; the summary
    # says the time was not given, so nobody reads it as noon.
    moment = datetime.combine(report.occurred_on, report.occurred_time or time(12), tzinfo=LONDON)
    if moment > now and report.occurred_time is None and report.occurred_on == now.astimezone(LONDON).date():
        moment = now
    if moment > now:
        raise InvalidInput("the date it happened must be today or in the past", fields={"occurred_on": "future"})
    return moment


def _address(report: PublicReport) -> AddressInput | None:
    if not (report.address_line1.strip() and report.address_postcode.strip()):
        return None
    return AddressInput(line1=report.address_line1.strip(), postcode=report.address_postcode.strip())


def _summary(report: PublicReport, described: tuple[str, ...]) -> str:
    """The resident's own words, then what the form asked that the case has no field of its own for."""
    lines = [report.summary.strip(), "", "Reported online as: " + "; ".join(described) + "."]
    if report.occurred_time is None:
        lines.append("Time it happened: not given.")
    if report.involved_description.strip():
        lines.append("Who is involved: " + report.involved_description.strip())
    if report.who == SOMEONE_ELSE:
        role = f" ({report.reporter_role.strip()})" if report.reporter_role.strip() else ""
        lines.append(
            f"Reported for the person affected by {report.reporter_name.strip()}{role}, "
            "who confirmed that the person affected agreed to it."
        )
    return "\n".join(lines)


def _parties(report: PublicReport) -> list[PartyInput]:
    parties: list[PartyInput] = []
    if report.who != ANONYMOUS:
        affected = PersonInput(
            name=report.name.strip(),
            email=report.email.strip(),
            phone=report.phone.strip(),
            preferred_contact=report.preferred_contact,
            safe_contact_times=report.safe_contact_times.strip(),
            address=_address(report) if report.lives_there else None,
        )
        parties.append(PartyInput(person=affected, role=PartyRole.COMPLAINANT))
    if report.who == SOMEONE_ELSE:
        reporter = PersonInput(
            name=report.reporter_name.strip(),
            email=report.reporter_email.strip(),
            phone=report.reporter_phone.strip(),
            organisation=report.reporter_role.strip(),
        )
        parties.append(PartyInput(person=reporter, role=PartyRole.ADVOCATE))
    if report.involved_name.strip():
        parties.append(
            PartyInput(person=PersonInput(name=report.involved_name.strip()), role=PartyRole.ALLEGED_PERPETRATOR)
        )
    return parties


# -- telling them we have it --------------------------------------------------------------------------


def _officer(case: Case) -> str:
    return officer_name(case) or "an officer"


def _acknowledge(case: Case, worker: Any, complainant: Party | None, advocate: Party | None) -> bool:
    """Email the reference and a link to follow the case (to the person affected, else their advocate),
    a receipt without the link to an advocate who is not the one following it, and record the
    acknowledgement. False when we hold no email address to send to (anonymous, or none given)."""
    follower = next((p for p in (complainant, advocate) if p is not None and links.email_of(p)), None)
    if follower is None:
        return False
    context = {"officer": _officer(case), "next_contact": next_contact(case)}
    subject = f"We have your report: {case.reference}"
    link = links.issue(party=follower, purpose=LinkPurpose.CASE)
    notify.send(
        case=case,
        party=follower,
        to=link.email,
        kind=NotificationKind.REPORT_RECEIVED,
        subject=subject,
        template="report_received",
        context={
            **context,
            "reader": follower,
            "following": True,
            "opening": _opening(follower, advocate),
            "own": follower.role == PartyRole.COMPLAINANT,
        },
        link=link,
    )
    if advocate is not None and advocate != follower and links.email_of(advocate):
        notify.send(
            case=case,
            party=advocate,
            to=links.email_of(advocate),
            kind=NotificationKind.REPORT_RECEIVED,
            subject=subject,
            template="report_received",
            context={
                **context,
                "reader": advocate,
                "following": False,
                "opening": _opening(advocate, advocate),
                "own": False,
            },
        )
    services.case_acknowledge(actor=worker, case=case, method=ContactMethod.EMAIL)
    return True


def _opening(reader: Party, advocate: Party | None) -> str:
    if advocate is None:
        return "Thank you for your report. We have received it and opened a case."
    if reader.role == PartyRole.COMPLAINANT:
        return "We have received the report made for you and opened a case."
    return "Thank you for the report you made. We have received it and opened a case."


def organisation_phone() -> str:
    """The organisation's phone number for residents' pages ("call us instead"), or blank."""
    organisation = Organisation.objects.filter(pk=1).only("letterhead_phone").first()
    return organisation.letterhead_phone if organisation else ""
