"""Reports coming in: what the caller said, triage's answer, and cases that may be the same problem."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from casework.api.schemas.common import (
    Day,
    LongText,
    Moment,
    Text10,
    Text12,
    Text20,
    Text30,
    Text50,
    Text100,
    Text200,
    Text254,
)


class AddressIn(Schema):
    line1: Text200
    postcode: Text10
    line2: Text200 = ""
    town: Text100 = ""
    uprn: Text12 = ""
    estate: Text100 = ""
    area: Text100 = ""
    ward: Text100 = ""


class PersonIn(Schema):
    name: Text200
    email: Text254 = ""
    phone: Text30 = ""
    preferred_contact: Text20 = ""
    safe_contact_times: Text200 = ""
    date_of_birth: Day | None = None
    vulnerabilities: LongText = ""
    support_needs: LongText = ""
    language: Text50 = ""
    communication_needs: LongText = ""
    organisation: Text200 = ""
    address: AddressIn | None = None


class PartyIn(Schema):
    person: PersonIn
    role: Text30 = Field(description="complainant, alleged-perpetrator, witness, advocate, household-member, agency")
    consent_to_share: bool = False
    consent_to_court_use: bool = False
    anonymity_requested: bool = False
    under_18: bool = False
    guardian: PersonIn | None = None


class ReportIn(Schema):
    types: list[Text100] = Field(description="The pack's ASB type ids, labels or synonyms", max_length=20)
    channel: Text20 = Field(description="How the report reached us: phone, email, letter, in-person, web…")
    summary: LongText = Field(description="What was reported, in the reporter's words")
    received_at: Moment | None = None
    occurred_at: Moment | None = None
    address: AddressIn | None = None
    location: Text200 = ""
    hate_related: bool = False
    anonymous: bool = False
    impact: LongText = ""
    priority: Text50 | None = Field(None, description="The officer's choice, where the pack lets them choose")
    parties: list[PartyIn] = Field(default_factory=list, max_length=50)
    owner_id: int | None = Field(None, description="Give the case to this member of staff (else the pack decides)")


class OpenCaseIn(ReportIn):
    open_anyway: bool = Field(
        False, description="Open a new case even though open cases at the same address or with the same people exist"
    )


class RouteOut(Schema):
    route: str
    process: str
    advice: str | None


class TriageOut(Schema):
    is_asb: bool
    reason: str | None = Field(description="Why this is not ASB under the pack")
    advice: str | None = Field(description="What to do instead, when it is not ASB")
    types: list[str]
    priority: str | None = Field(description="None when the officer must choose from priority_choices")
    priority_choices: list[str]
    owner_role: str | None
    routes: list[RouteOut]
    hate_related: bool
    needs_officer_decision: bool


class DuplicatesIn(Schema):
    address: AddressIn | None = None
    names: list[Text200] = Field(default_factory=list, max_length=50)


class DuplicateOut(Schema):
    """Enough to recognise the case and add the report to it; nothing about the people in it."""

    reference: str
    opened_at: datetime
    address: str
    location: str
    types: list[str]
