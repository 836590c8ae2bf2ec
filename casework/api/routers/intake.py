"""Intake: triage a report (nothing written), find cases it may duplicate, open a case, add a repeat."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from casework.api.auth import actor
from casework.api.capabilities import needs
from casework.api.render import Created, created, duplicate, record_written, triage_result
from casework.api.schemas.common import Reference
from casework.api.schemas.intake import (
    AddressIn,
    DuplicateOut,
    DuplicatesIn,
    PartyIn,
    PersonIn,
    ReportIn,
    TriageOut,
)
from casework.api.schemas.records import IncidentWritten
from casework.cases import services
from casework.cases.selectors import duplicate_candidates
from casework.cases.services.intake import AddressInput, PartyInput, PersonInput, ReportInput, triage_report

router = Router(tags=["intake"])


def address_input(given: AddressIn | None) -> AddressInput | None:
    return AddressInput(**given.dict()) if given is not None else None


def person_input(given: PersonIn | None) -> PersonInput | None:
    if given is None:
        return None
    values = given.dict(exclude={"address"})
    return PersonInput(**values, address=address_input(given.address))


def party_input(given: PartyIn) -> PartyInput:
    person = person_input(given.person)
    assert person is not None  # noqa: S101 - the schema requires it
    return PartyInput(
        person=person,
        role=given.role,
        consent_to_share=given.consent_to_share,
        consent_to_court_use=given.consent_to_court_use,
        anonymity_requested=given.anonymity_requested,
        under_18=given.under_18,
        guardian=person_input(given.guardian),
    )


def report_input(given: ReportIn) -> ReportInput:
    values = given.dict(exclude={"address", "parties", "open_anyway"})
    return ReportInput(
        **values,
        address=address_input(given.address),
        parties=[party_input(p) for p in given.parties],
    )


@router.post("/reports/triage", response=TriageOut)
@needs("case.open", "triage a report")
def triage(request: HttpRequest, report: ReportIn) -> dict[str, Any]:
    """How the active pack triages a report: ASB or not, types, priority, owner role, special routes.
    Nothing is written."""
    return triage_result(triage_report(report_input(report)))


@router.post("/reports/duplicates", response=list[DuplicateOut])
@needs("case.find-duplicates", "look for duplicate cases")
def duplicates(request: HttpRequest, search: DuplicatesIn) -> list[dict[str, Any]]:
    """Open cases at the same address or naming the same people, to add the report to instead."""
    found = duplicate_candidates(address=address_input(search.address), names=search.names)
    return [duplicate(case) for case in found]


@router.post("/cases/{reference}/reports", response={201: IncidentWritten})
@needs("case.add-report", "add a report to a case", case_in_sight=False)
def case_add_report(request: HttpRequest, reference: Reference, report: ReportIn) -> Created:
    """Add a repeat report to an open case (found with /reports/duplicates) instead of opening another."""
    incident = services.case_add_report(actor=actor(request), reference=reference, report=report_input(report))
    return created(record_written("incident", incident))
