"""What is recorded on a case: inputs for each step and the records they make."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema

from casework.api.schemas.common import (
    AtIn,
    Day,
    LongText,
    Moment,
    StaffRef,
    Text20,
    Text30,
    Text50,
    Text100,
    Text200,
    VersionIn,
    Written,
)
from casework.api.schemas.intake import PartyIn

# -- parties --------------------------------------------------------------------------------------


class PartyAddIn(VersionIn):
    party: PartyIn


class AdvocateIn(VersionIn):
    advocate_id: int | None = Field(description="The advocate party, or null to remove the nomination")
    resident_asked: bool = Field(description="Confirms the resident asked for this: only they may nominate")


class PersonOut(Schema):
    id: int
    name: str
    email: str
    phone: str
    preferred_contact: str
    safe_contact_times: str
    date_of_birth: date | None
    vulnerabilities: str
    support_needs: str
    language: str
    communication_needs: str
    organisation: str


class PartyOut(Schema):
    id: int
    role: str
    person: PersonOut
    consent_to_share: bool
    consent_to_court_use: bool
    anonymity_requested: bool
    under_18: bool
    guardian: PersonOut | None
    advocate_id: int | None


class PartyWritten(Schema):
    case: Written
    party: PartyOut


# -- incidents and evidence -----------------------------------------------------------------------


class IncidentIn(VersionIn):
    occurred_at: Moment
    description: LongText
    source: Text20 = Field(description="phone, diary, app, police, email, in-person, web, officer")
    location: Text200 = ""
    impact: LongText = ""
    reported_by_id: int | None = None


class IncidentOut(Schema):
    id: int
    occurred_at: datetime
    location: str
    description: str
    impact: str
    source: str
    reported_by_id: int | None
    recorded_at: datetime
    recorded_by: StaffRef | None


class IncidentWritten(Schema):
    case: Written
    incident: IncidentOut


class EvidenceIn(VersionIn):
    """The form fields sent with the file (multipart/form-data)."""

    description: LongText = ""
    incident_id: int | None = None


class EvidenceOut(Schema):
    id: int
    original_name: str
    content_type: str
    size: int
    sha256: str
    description: str
    incident_id: int | None
    uploaded_at: datetime
    uploaded_by: StaffRef | None
    download: str = Field(description="Where to fetch the file, with the same authentication")

    @staticmethod
    def resolve_download(evidence: Any) -> str:
        return f"/api/v1/cases/{evidence.case.reference}/evidence/{evidence.pk}/file"


class EvidenceWritten(Schema):
    case: Written
    evidence: EvidenceOut


# -- risk, action plan, interventions -------------------------------------------------------------


class RiskAssessmentIn(AtIn):
    answers: dict[Text100, Text200 | list[Text200]] = Field(
        description="Question id or number → option label (a list for a multiple-choice question)"
    )


class RiskAssessmentOut(Schema):
    id: int
    score: int
    band: str
    answers: dict[str, Any]
    breakdown: list[dict[str, Any]]
    assessed_at: datetime
    assessed_by: StaffRef | None


class RiskAssessmentWritten(Schema):
    case: Written
    risk_assessment: RiskAssessmentOut


class ActionIn(VersionIn):
    for_whom: Text20 = Field(description="complainant, landlord or agency")
    action: LongText
    owner_name: Text200 = ""
    due: Day | None = None


class ActionOut(Schema):
    id: int
    for_whom: str
    action: str
    owner_name: str
    due: date | None
    done_at: datetime | None
    added_at: datetime


class ActionWritten(Schema):
    case: Written
    action: ActionOut


class SendIn(AtIn):
    method: Text20 = Field(description="phone, email, letter, in-person, home-visit, text, video")


class InterventionIn(VersionIn):
    kind: Text100 = Field(description="An intervention id from the pack")
    reason: LongText
    proportionality: LongText = ""
    preconditions_confirmed: list[Text100] = Field(default_factory=list, max_length=50)
    against_id: int | None = None


class DecisionIn(VersionIn):
    decision: Text20 = Field(description="approved or rejected")
    reason: LongText


class ApprovalOut(Schema):
    approver_role: str
    approver: StaffRef | None
    decision: str
    reason: str
    decided_at: datetime


class InterventionOut(Schema):
    id: int
    kind: str
    status: str
    reason: str
    proportionality: str
    preconditions_confirmed: list[str]
    against_id: int | None
    proposed_at: datetime
    proposed_by: StaffRef | None
    started_at: datetime | None
    approvals: list[ApprovalOut]


class InterventionWritten(Schema):
    case: Written
    intervention: InterventionOut


# -- meetings and contact -------------------------------------------------------------------------


class ConferenceIn(VersionIn):
    held_at: Moment
    attendees: LongText
    summary: LongText
    decisions: LongText = ""


class ConferenceOut(Schema):
    id: int
    held_at: datetime
    attendees: str
    summary: str
    decisions: str
    recorded_by: StaffRef | None


class ConferenceWritten(Schema):
    case: Written
    conference: ConferenceOut


class ReviewIn(VersionIn):
    kind: Text20 = Field(description="review or manager-review")
    notes: LongText
    outcome: LongText = ""
    held_at: Moment | None = None


class ReviewOut(Schema):
    id: int
    kind: str
    held_at: datetime
    notes: str
    outcome: str
    held_by: StaffRef | None


class ReviewWritten(Schema):
    case: Written
    review: ReviewOut


class ContactIn(AtIn):
    method: Text20
    outcome: Text20 = Field(description="made, no-answer, left-message, wrong-details")
    purpose: Text20 = Field("contact", description="contact, update, appointment, interview")
    party_id: int | None = None
    notes: LongText = ""


class ContactOut(Schema):
    id: int
    party_id: int | None
    method: str
    outcome: str
    purpose: str
    notes: str
    at: datetime
    by: StaffRef | None


class ContactWritten(Schema):
    case: Written
    contact: ContactOut


# -- police disclosures ---------------------------------------------------------------------------


class DisclosureIn(VersionIn):
    force: Text100
    content: LongText
    received_at: Moment
    police_reference: Text100 = ""


class DisclosureRecorded(Schema):
    """What the recorder gets back: not the content, which only the named role may read."""

    id: int
    force: str
    received_at: datetime
    readable_by: str


class DisclosureRecordedWritten(Schema):
    case: Written
    police_disclosure: DisclosureRecorded


class DisclosureOut(Schema):
    id: int
    received_at: datetime
    force: str
    police_reference: str
    content: str
    readable_by: str
    recorded_by: StaffRef | None


# -- changes to the case itself -------------------------------------------------------------------


class AcknowledgeIn(AtIn):
    method: Text20


class StepIn(AtIn):
    kind: Text100 = Field(description="A pack event kind without a step of its own (see GET /pack: recordable_steps)")
    note: LongText = ""


class PriorityIn(VersionIn):
    priority: Text50
    reason: LongText


class TypesIn(VersionIn):
    types: list[Text100] = Field(max_length=20)
    reason: LongText


class ReassignIn(VersionIn):
    owner_id: int = Field(description="A member of staff's id (GET /staff)")
    reason: LongText
    owner_role: Text100 | None = Field(None, description="A pack role id; defaults to the new owner's pack role")


class LinkIn(VersionIn):
    other: Text50 = Field(description="The other case's reference")
    kind: Text20 = Field(description="related, or duplicate (this case duplicates the other)")
    reason: LongText = ""


class ClosureProposeIn(VersionIn):
    reason: Text30 = Field(description="A closure reason (GET /pack: vocabularies.closure_reason)")
    note: LongText = ""


class ClosureAgreeIn(VersionIn):
    note: LongText = ""


class CloseIn(ClosureProposeIn):
    pass


class ReopenIn(VersionIn):
    reason: LongText
