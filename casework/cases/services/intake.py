"""Intake: open a case from a report (triaged by the pack), add a repeat report to one, link cases."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q

from casework.accounts.models import Organisation
from casework.cases.choices import Channel, IncidentSource, LinkKind, PartyRole
from casework.cases.models import (
    Address,
    Case,
    CaseLink,
    CaseType,
    Enquiry,
    Incident,
    Party,
    Person,
    ReferenceCounter,
)
from casework.cases.models.people import normalise_postcode
from casework.cases.packs import active_pack, pack_named
from casework.cases.permissions import require
from casework.cases.services.base import (
    append,
    check_version,
    choice,
    finish,
    locked_case,
    not_future,
    now,
    step,
    text,
    when,
)
from casework.domain.events import LONDON
from casework.domain.triage import Report, TriageError, TriageResult, triage
from casework.errors import Conflict, InvalidInput, NotFound


@dataclass
class PersonInput:
    name: str
    email: str = ""
    phone: str = ""
    preferred_contact: str = ""
    safe_contact_times: str = ""
    date_of_birth: Any = None
    vulnerabilities: str = ""
    support_needs: str = ""
    language: str = ""
    communication_needs: str = ""
    organisation: str = ""
    address: AddressInput | None = None


@dataclass
class AddressInput:
    line1: str
    postcode: str
    line2: str = ""
    town: str = ""
    uprn: str = ""
    estate: str = ""
    area: str = ""
    ward: str = ""


@dataclass
class PartyInput:
    person: PersonInput
    role: str
    consent_to_share: bool = False
    consent_to_court_use: bool = False
    anonymity_requested: bool = False
    under_18: bool = False
    guardian: PersonInput | None = None


@dataclass
class ReportInput:
    """Everything a report says: what, when, where, who, and how it reached us."""

    types: list[str]
    channel: str
    summary: str
    received_at: datetime | None = None
    occurred_at: datetime | None = None
    address: AddressInput | None = None
    location: str = ""
    hate_related: bool = False
    anonymous: bool = False
    impact: str = ""
    priority: str | None = None
    parties: list[PartyInput] = field(default_factory=list)
    owner_id: int | None = None


def triage_report(report: ReportInput, pack_id: str | None = None) -> TriageResult:
    """The pack's triage of a report, or InvalidInput naming the field it cannot use."""
    pack = pack_named(pack_id or Organisation.current().pack_id)
    if not report.types:
        raise InvalidInput("choose at least one type of behaviour", fields={"types": "required"})
    try:
        return triage(Report(report.types, report.hate_related, report.channel), pack, report.priority)
    except TriageError as error:
        raise InvalidInput(str(error), fields={error.field: str(error)}) from None


def address_for(given: AddressInput) -> Address:
    """An existing address with the same UPRN, or the same first line and postcode; else a new one."""
    line1 = text(given.line1, "address.line1", max_length=200)
    postcode = text(given.postcode, "address.postcode", max_length=10)
    address = Address(
        line1=line1,
        line2=given.line2.strip(),
        town=given.town.strip(),
        postcode=postcode,
        uprn=given.uprn.strip(),
        estate=given.estate.strip(),
        area=given.area.strip(),
        ward=given.ward.strip(),
    )
    match = Q(line1__iexact=line1, postcode=normalise_postcode(postcode))
    if address.uprn:
        match |= Q(uprn=address.uprn)
    existing = Address.objects.filter(match).order_by("id").first()
    if existing is not None:
        return existing
    address.save()
    return address


def person_for(given: PersonInput) -> Person:
    person = Person(
        name=text(given.name, "name", max_length=200),
        email=given.email.strip(),
        phone=given.phone.strip(),
        preferred_contact=given.preferred_contact.strip(),
        safe_contact_times=given.safe_contact_times.strip(),
        date_of_birth=given.date_of_birth,
        vulnerabilities=given.vulnerabilities.strip(),
        support_needs=given.support_needs.strip(),
        language=given.language.strip(),
        communication_needs=given.communication_needs.strip(),
        organisation=given.organisation.strip(),
        address=address_for(given.address) if given.address else None,
    )
    person.save()
    return person


def add_party(case: Case, given: PartyInput) -> Party:
    choice(given.role, "role", PartyRole.values)
    if given.under_18 and given.guardian is None:
        raise InvalidInput(
            "a party under 18 needs a parent or guardian recorded", fields={"guardian": "required under 18"}
        )
    return Party.objects.create(
        case=case,
        person=person_for(given.person),
        role=given.role,
        consent_to_share=given.consent_to_share,
        consent_to_court_use=given.consent_to_court_use,
        anonymity_requested=given.anonymity_requested,
        under_18=given.under_18,
        guardian=person_for(given.guardian) if given.guardian else None,
    )


def _next_reference(year: int) -> str:
    counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"ASB-{year}-{counter.last:06d}"


def _allocate(owner_role: str, owner_id: int | None) -> Any:
    """The named officer, else the holder of the owning pack role with the fewest open cases."""
    users = get_user_model().objects.filter(is_active=True)
    if owner_id is not None:
        owner = users.filter(pk=owner_id, staff__isnull=False).first()
        if owner is None:
            raise InvalidInput(f"no member of staff {owner_id}", fields={"owner": "unknown member of staff"})
        return owner
    return (
        users.filter(staff__pack_role=owner_role)
        .annotate(open_cases=Count("cases_owned", filter=Q(cases_owned__is_open=True)))
        .order_by("open_cases", "id")
        .first()
    )


@transaction.atomic
def case_open(*, actor: Any, report: ReportInput, open_anyway: bool = False) -> Case:
    """Open a case from a report: triaged by the active pack, numbered, allocated, with its first duties.

    When open cases at the same address or with the same people exist and `open_anyway` is false, nothing
    is written and a Conflict lists them, so one problem stays one case.
    """
    require(actor, "case.open", "open a case")
    organisation = Organisation.current()
    pack = pack_named(organisation.pack_id)
    result = triage_report(report, pack.id)
    if not result.is_asb:
        raise InvalidInput(
            f"this is not ASB under {pack.pack.name}: {result.reason} Advice: {result.advice}",
            fields={"types": "not ASB"},
        )
    if result.priority is None:
        raise InvalidInput("choose a priority: " + ", ".join(result.priority_choices), fields={"priority": "required"})
    choice(report.channel, "channel", Channel.values)
    summary = text(report.summary, "summary")
    if report.address is None and not report.location.strip():
        raise InvalidInput("say where it happened: an address or a location", fields={"address": "required"})
    if not open_anyway:
        from casework.cases.selectors import duplicate_candidates

        candidates = duplicate_candidates(address=report.address, names=[p.person.name for p in report.parties])
        if candidates:
            raise Conflict(
                "there are open cases that may be about the same problem: "
                + ", ".join(c.reference for c in candidates)
                + ". Add this report to one of them, or open a new case anyway",
                fields={"duplicates": ",".join(c.reference for c in candidates)},
            )
    received = report.received_at or now()
    if received.tzinfo is None:
        received = received.replace(tzinfo=LONDON)
    if received > now():
        raise InvalidInput("received_at is in the future", fields={"received_at": "cannot be in the future"})
    occurred = not_future(report.occurred_at, "occurred_at") if report.occurred_at else received
    owner_role = result.owner_role or pack.default_owner_role
    owner = _allocate(owner_role, report.owner_id)
    team = getattr(getattr(owner, "staff", None), "team", None) or getattr(getattr(actor, "staff", None), "team", None)
    case = Case.objects.create(
        reference=_next_reference(received.astimezone(LONDON).year),
        pack_id=pack.id,
        pack_version=pack.version,
        priority=result.priority,
        stage=pack.path.initial,
        owner_role=owner_role,
        owner=owner,
        team=team,
        channel=report.channel,
        summary=summary,
        address=address_for(report.address) if report.address else None,
        location=report.location.strip(),
        anonymous=report.anonymous,
        hate_related=result.hate_related,
        opened_at=received,
        created_by=actor,
    )
    CaseType.objects.bulk_create(CaseType(case=case, type_id=type_id) for type_id in result.types)
    parties = [add_party(case, given) for given in report.parties]
    append(
        case,
        actor=actor,
        verb="case.opened",
        at=received,
        payload={
            "priority": result.priority,
            "owner_role": owner_role,
            "types": list(result.types),
            "channel": report.channel,
            "hate_related": result.hate_related,
            "routes": [r.route for r in result.routes],
            "owner": owner.get_username() if owner else None,
        },
    )
    complainant = next((p for p in parties if p.role == PartyRole.COMPLAINANT), None)
    incident = Incident.objects.create(
        case=case,
        occurred_at=occurred,
        location=report.location.strip() or (str(case.address) if case.address else ""),
        description=summary,
        impact=report.impact.strip(),
        reported_by=complainant,
        source=_source_for(report.channel),
        recorded_at=now(),
        recorded_by=actor,
    )
    append(
        case, actor=actor, verb="incident.reported", at=received, target=incident, payload={"source": incident.source}
    )
    finish(case)
    return case


@transaction.atomic
def enquiry_record(*, actor: Any, report: ReportInput) -> Enquiry:
    """Record a report the pack's triage says is not ASB as an enquiry, with the reason and advice given.

    Refused when the report is ASB (open a case instead), so an ASB report can never be filed away here.
    """
    require(actor, "case.open", "record an enquiry")
    pack = active_pack()
    result = triage_report(report, pack.id)
    if result.is_asb:
        raise InvalidInput(
            "this report is ASB under the policy: open a case instead of recording an enquiry",
            fields={"types": "ASB"},
        )
    choice(report.channel, "channel", Channel.values)
    received = report.received_at or now()
    if received.tzinfo is None:
        received = received.replace(tzinfo=LONDON)
    reporter = next((p.person for p in report.parties if p.role == PartyRole.COMPLAINANT), None)
    return Enquiry.objects.create(
        pack_id=pack.id,
        received_at=not_future(received, "received_at"),
        channel=report.channel,
        types=list(result.types),
        summary=text(report.summary, "summary"),
        address=address_for(report.address) if report.address else None,
        location=report.location.strip(),
        reporter_name=reporter.name.strip() if reporter else "",
        reporter_contact=(reporter.phone or reporter.email).strip() if reporter else "",
        reason=result.reason or "",
        advice=result.advice or "",
        recorded_at=now(),
        recorded_by=actor,
    )


def _source_for(channel: str) -> str:
    sources: dict[str, str] = {
        Channel.PHONE: IncidentSource.PHONE,
        Channel.EMAIL: IncidentSource.EMAIL,
        Channel.APP: IncidentSource.APP,
        Channel.WEB: IncidentSource.WEB,
        Channel.IN_PERSON: IncidentSource.IN_PERSON,
    }
    return sources.get(channel, IncidentSource.PHONE)


@transaction.atomic
def case_add_report(*, actor: Any, reference: str, report: ReportInput, version: int | None = None) -> Incident:
    """Add a repeat report to an open case instead of opening another (intake's "link" answer).

    Intake may add to a case it cannot otherwise see only when that case is one the duplicate check offers
    for this report (same address or same people): a reference alone, guessed or not, is not enough.
    """
    require(actor, "case.add-report", "add a report to a case")
    from casework.cases.permissions import scope_to_visible
    from casework.cases.selectors import duplicate_candidates

    offered = {
        c.pk for c in duplicate_candidates(address=report.address, names=[p.person.name for p in report.parties])
    }
    case = (
        Case.objects.select_for_update()
        .filter(reference=reference, is_open=True)
        .filter(Q(pk__in=offered) | Q(pk__in=scope_to_visible(Case.objects.all(), actor).values("pk")))
        .first()
    )
    if case is None:
        raise NotFound(f"no open case {reference}")
    check_version(case, version)
    choice(report.channel, "channel", Channel.values)
    at = when(report.received_at, case, field="received_at")
    incident = Incident.objects.create(
        case=case,
        occurred_at=not_future(report.occurred_at, "occurred_at") if report.occurred_at else at,
        location=report.location.strip() or (str(case.address) if case.address else ""),
        description=text(report.summary, "summary"),
        impact=report.impact.strip(),
        source=_source_for(report.channel),
        recorded_at=now(),
        recorded_by=actor,
    )
    step(
        case,
        actor=actor,
        verb="incident.reported",
        at=at,
        target=incident,
        payload={"source": incident.source, "repeat_report": True},
    )
    return incident


@transaction.atomic
def case_link(
    *, actor: Any, case: Case | str, other: str, kind: str, reason: str = "", version: int | None = None
) -> CaseLink:
    """Link two cases as related, or mark this one a duplicate of the other."""
    case = locked_case(case, actor=actor, capability="case.work", doing="link cases", version=version)
    choice(kind, "kind", LinkKind.values)
    from casework.cases.permissions import scope_to_visible

    target = scope_to_visible(Case.objects.all(), actor).filter(reference=other).first()
    if target is None:
        raise NotFound(f"no case {other}", fields={"other": "no such case"})
    if target.pk == case.pk:
        raise InvalidInput("a case cannot be linked to itself", fields={"other": "the same case"})
    if CaseLink.objects.filter(Q(from_case=case, to_case=target) | Q(from_case=target, to_case=case)).exists():
        raise InvalidInput(
            f"{case.reference} and {target.reference} are already linked", fields={"other": "already linked"}
        )
    link = CaseLink.objects.create(from_case=case, to_case=target, kind=kind, reason=reason.strip(), linked_by=actor)
    step(case, actor=actor, verb="case.linked", at=now(), target=link, payload={"to": target.reference, "kind": kind})
    return link
