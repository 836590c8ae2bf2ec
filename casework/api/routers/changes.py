"""Steps on the case itself: acknowledge, any other pack step, priority, types, owner, links, closure."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from casework.api.auth import actor
from casework.api.capabilities import needs
from casework.api.render import Created, case_written, created, written
from casework.api.schemas.common import CaseWritten, Reference
from casework.api.schemas.records import (
    AcknowledgeIn,
    CloseIn,
    ClosureAgreeIn,
    ClosureProposeIn,
    LinkIn,
    PriorityIn,
    ReassignIn,
    ReopenIn,
    StepIn,
    TypesIn,
)
from casework.cases import services

router = Router(tags=["case steps"])


@router.post("/cases/{reference}/acknowledgement", response=CaseWritten)
@needs("case.work", "acknowledge a report")
def case_acknowledge(request: HttpRequest, reference: Reference, given: AcknowledgeIn) -> dict[str, Any]:
    """Acknowledge the report to the complainant (meets the pack's acknowledgement duty)."""
    return case_written(services.case_acknowledge(actor=actor(request), case=reference, **given.dict()))


@router.post("/cases/{reference}/steps", response=CaseWritten)
@needs("case.work", "record this step")
def case_step_record(request: HttpRequest, reference: Reference, given: StepIn) -> dict[str, Any]:
    """Record any other step the pack names (appointment offered, diary sheets sent…): see GET /pack."""
    return case_written(services.case_step_record(actor=actor(request), case=reference, **given.dict()))


@router.post("/cases/{reference}/priority", response=CaseWritten)
@needs("case.work", "change the priority")
def case_priority_change(request: HttpRequest, reference: Reference, given: PriorityIn) -> dict[str, Any]:
    return case_written(services.case_priority_change(actor=actor(request), case=reference, **given.dict()))


@router.post("/cases/{reference}/types", response=CaseWritten)
@needs("case.work", "change the types")
def case_types_change(request: HttpRequest, reference: Reference, given: TypesIn) -> dict[str, Any]:
    return case_written(services.case_types_change(actor=actor(request), case=reference, **given.dict()))


@router.post("/cases/{reference}/owner", response=CaseWritten)
@needs("case.reassign", "reassign a case")
def case_reassign(request: HttpRequest, reference: Reference, given: ReassignIn) -> dict[str, Any]:
    """Give the case to another member of staff (GET /staff lists them)."""
    return case_written(services.case_reassign(actor=actor(request), case=reference, **given.dict()))


@router.post("/cases/{reference}/links", response={201: CaseWritten})
@needs("case.work", "link cases")
def case_link(request: HttpRequest, reference: Reference, given: LinkIn) -> Created:
    """Link this case to another as related, or mark it a duplicate of the other."""
    link = services.case_link(actor=actor(request), case=reference, **given.dict())
    return created({"case": written(link.from_case)})


@router.post("/cases/{reference}/closure/proposal", response=CaseWritten)
@needs("case.close", "propose closure")
def case_closure_propose(request: HttpRequest, reference: Reference, given: ClosureProposeIn) -> dict[str, Any]:
    return case_written(services.case_closure_propose(actor=actor(request), case=reference, **given.dict()))


@router.post("/cases/{reference}/closure/agreement", response=CaseWritten)
@needs("case.close", "agree closure")
def case_closure_agree(request: HttpRequest, reference: Reference, given: ClosureAgreeIn) -> dict[str, Any]:
    """Agree closure, where the pack names who agrees it (that role, or someone more senior)."""
    return case_written(services.case_closure_agree(actor=actor(request), case=reference, **given.dict()))


@router.post("/cases/{reference}/closure", response=CaseWritten)
@needs("case.close", "close a case")
def case_close(request: HttpRequest, reference: Reference, given: CloseIn) -> dict[str, Any]:
    """Close the case with a reason; for no contact, the pack's contact attempts must have been made."""
    return case_written(services.case_close(actor=actor(request), case=reference, **given.dict()))


@router.post("/cases/{reference}/reopening", response=CaseWritten)
@needs("case.reopen", "reopen a case")
def case_reopen(request: HttpRequest, reference: Reference, given: ReopenIn) -> dict[str, Any]:
    """Reopen a closed case; its opening duties start again."""
    return case_written(services.case_reopen(actor=actor(request), case=reference, **given.dict()))
