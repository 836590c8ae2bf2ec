"""Recording on a case: parties, incidents, evidence, risk assessments, contacts, conferences, reviews."""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.http import FileResponse, HttpRequest
from ninja import File, Form, Query, Router, UploadedFile

from casework.api.auth import actor
from casework.api.capabilities import needs, seen_case
from casework.api.pagination import Page, PageParams, page_of
from casework.api.render import Created, created, record_written
from casework.api.routers.intake import party_input
from casework.api.schemas.common import Reference
from casework.api.schemas.records import (
    AdvocateIn,
    ConferenceIn,
    ConferenceOut,
    ConferenceWritten,
    ContactIn,
    ContactOut,
    ContactWritten,
    EvidenceIn,
    EvidenceOut,
    EvidenceWritten,
    IncidentIn,
    IncidentOut,
    IncidentWritten,
    PartyAddIn,
    PartyOut,
    PartyWritten,
    ReviewIn,
    ReviewOut,
    ReviewWritten,
    RiskAssessmentIn,
    RiskAssessmentOut,
    RiskAssessmentWritten,
)
from casework.cases import services
from casework.cases.models import CaseConference, Contact, Evidence, Incident, Party, Review, RiskAssessment
from casework.domain.risk import Answer
from casework.downloads import private_download
from casework.errors import InvalidInput, NotFound

router = Router(tags=["case records"])

# -- parties --------------------------------------------------------------------------------------


@router.get("/cases/{reference}/parties", response=Page[PartyOut])
@needs("case.view", "see cases")
def parties(request: HttpRequest, reference: Reference, paging: Query[PageParams]) -> dict[str, Any]:
    found = Party.objects.filter(case=seen_case(request)).select_related("person", "guardian").order_by("id")
    return page_of(found, paging)


@router.post("/cases/{reference}/parties", response={201: PartyWritten})
@needs("case.work", "add a party")
def party_add(request: HttpRequest, reference: Reference, given: PartyAddIn) -> Created:
    """Add a complainant, alleged perpetrator, witness, advocate, household member or agency."""
    party = services.party_add(
        actor=actor(request), case=reference, party=party_input(given.party), version=given.version
    )
    return created(record_written("party", party))


@router.post("/cases/{reference}/parties/{party_id}/advocate", response=PartyWritten)
@needs("case.work", "record an advocate")
def advocate_nominate(request: HttpRequest, reference: Reference, party_id: int, given: AdvocateIn) -> dict[str, Any]:
    """Record the advocate a resident nominated (only on the resident's own instruction)."""
    resident = services.advocate_nominate(
        actor=actor(request),
        case=reference,
        resident_id=party_id,
        advocate_id=given.advocate_id,
        resident_asked=given.resident_asked,
        version=given.version,
    )
    return record_written("party", resident)


@router.get("/cases/{reference}/parties/{party_id}/perpetrator-summary", response=dict[str, Any])
@needs("case.work", "prepare a summary for the other party")
def perpetrator_summary(request: HttpRequest, reference: Reference, party_id: int) -> dict[str, Any]:
    """A summary for an alleged perpetrator: what is alleged and what we are doing, never who reported it."""
    from casework.cases.disclosure import for_alleged_perpetrator  # the lead's module; imported when used

    return for_alleged_perpetrator(actor=actor(request), case=reference, party_id=party_id)


# -- incidents and evidence -----------------------------------------------------------------------


@router.get("/cases/{reference}/incidents", response=Page[IncidentOut])
@needs("case.view", "see cases")
def incidents(request: HttpRequest, reference: Reference, paging: Query[PageParams]) -> dict[str, Any]:
    found = Incident.objects.filter(case=seen_case(request)).select_related("recorded_by")
    return page_of(found.order_by("-occurred_at", "-id"), paging)


@router.post("/cases/{reference}/incidents", response={201: IncidentWritten})
@needs("case.work", "record an incident")
def incident_record(request: HttpRequest, reference: Reference, given: IncidentIn) -> Created:
    """Record an incident; one from a diary sheet also counts as diary sheets returned."""
    incident = services.incident_record(actor=actor(request), case=reference, **given.dict())
    return created(record_written("incident", incident))


@router.get("/cases/{reference}/evidence", response=Page[EvidenceOut])
@needs("case.view", "see cases")
def evidence(request: HttpRequest, reference: Reference, paging: Query[PageParams]) -> dict[str, Any]:
    found = Evidence.objects.filter(case=seen_case(request)).select_related("case", "uploaded_by")
    return page_of(found.order_by("-uploaded_at", "-id"), paging)


@router.post("/cases/{reference}/evidence", response={201: EvidenceWritten})
@needs("case.work", "add evidence")
def evidence_add(
    request: HttpRequest,
    reference: Reference,
    file: File[UploadedFile],
    about: Form[EvidenceIn],
) -> Created:
    """Upload a file as evidence (multipart/form-data). It is stored privately, named by its SHA-256."""
    limit = settings.CASEWORK_EVIDENCE_MAX_BYTES
    if file.size is not None and file.size > limit:
        # Refused before reading it into memory; the service applies the same limit to what it is given.
        raise InvalidInput(f"the file is larger than {limit // (1024 * 1024)} MB", fields={"file": "too large"})
    stored = services.evidence_add(
        actor=actor(request),
        case=reference,
        name=(file.name or "evidence")[-255:],
        content=file.read(),
        content_type=(file.content_type or "application/octet-stream").split(";")[0].strip(),
        description=about.description,
        incident_id=about.incident_id,
        version=about.version,
    )
    return created(record_written("evidence", stored))


@router.get("/cases/{reference}/evidence/{evidence_id}/file")
@needs("case.view", "see cases")
def evidence_file(request: HttpRequest, reference: Reference, evidence_id: int) -> FileResponse:
    """The file itself, streamed to someone who may see the case. There is no public URL."""
    stored = Evidence.objects.filter(case=seen_case(request), pk=evidence_id).first()
    if stored is None:
        raise NotFound(f"no evidence {evidence_id} on case {reference}")
    return private_download(stored.file.open("rb"), stored.original_name, stored.content_type)


# -- risk, contact, meetings ----------------------------------------------------------------------


@router.get("/cases/{reference}/risk-assessments", response=Page[RiskAssessmentOut])
@needs("case.view", "see cases")
def risk_assessments(request: HttpRequest, reference: Reference, paging: Query[PageParams]) -> dict[str, Any]:
    found = RiskAssessment.objects.filter(case=seen_case(request)).select_related("assessed_by")
    return page_of(found.order_by("-assessed_at", "-id"), paging)


@router.post("/cases/{reference}/risk-assessments", response={201: RiskAssessmentWritten})
@needs("case.work", "record a risk assessment")
def risk_assessment_record(request: HttpRequest, reference: Reference, given: RiskAssessmentIn) -> Created:
    """Answer the pack's risk matrix. Where the matrix sets priority, the band's priority follows."""
    # Question ids or numbers as given; the service's scoring accepts either.
    answers = cast(dict[str | int, Answer], given.answers)
    assessment = services.risk_assessment_record(
        actor=actor(request), case=reference, answers=answers, at=given.at, version=given.version
    )
    return created(record_written("risk_assessment", assessment))


@router.get("/cases/{reference}/contacts", response=Page[ContactOut])
@needs("case.view", "see cases")
def contacts(request: HttpRequest, reference: Reference, paging: Query[PageParams]) -> dict[str, Any]:
    found = Contact.objects.filter(case=seen_case(request)).select_related("by")
    return page_of(found.order_by("-at", "-id"), paging)


@router.post("/cases/{reference}/contacts", response={201: ContactWritten})
@needs("case.work", "record contact")
def contact_record(request: HttpRequest, reference: Reference, given: ContactIn) -> Created:
    """Record contact with the complainant, or an attempt (both count towards the closure rules)."""
    contact = services.contact_record(actor=actor(request), case=reference, **given.dict())
    return created(record_written("contact", contact))


@router.get("/cases/{reference}/conferences", response=Page[ConferenceOut])
@needs("case.view", "see cases")
def conferences(request: HttpRequest, reference: Reference, paging: Query[PageParams]) -> dict[str, Any]:
    found = CaseConference.objects.filter(case=seen_case(request)).select_related("recorded_by")
    return page_of(found.order_by("-held_at", "-id"), paging)


@router.post("/cases/{reference}/conferences", response={201: ConferenceWritten})
@needs("case.work", "record a case conference")
def case_conference_hold(request: HttpRequest, reference: Reference, given: ConferenceIn) -> Created:
    conference = services.case_conference_hold(actor=actor(request), case=reference, **given.dict())
    return created(record_written("conference", conference))


@router.get("/cases/{reference}/reviews", response=Page[ReviewOut])
@needs("case.view", "see cases")
def reviews(request: HttpRequest, reference: Reference, paging: Query[PageParams]) -> dict[str, Any]:
    found = Review.objects.filter(case=seen_case(request)).select_related("held_by")
    return page_of(found.order_by("-held_at", "-id"), paging)


@router.post("/cases/{reference}/reviews", response={201: ReviewWritten})
@needs("case.work", "record a review")
def review_hold(request: HttpRequest, reference: Reference, given: ReviewIn) -> Created:
    """Record a case review, or a manager review (managers only)."""
    review = services.review_hold(actor=actor(request), case=reference, **given.dict())
    return created(record_written("review", review))
