"""The action plan and interventions: add and complete actions, send the plan; propose, decide, start."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Query, Router

from casework.api.auth import actor
from casework.api.capabilities import needs, seen_case
from casework.api.pagination import Page, PageParams, page_of
from casework.api.render import Created, case_written, created, record_written
from casework.api.schemas.common import AtIn, CaseWritten, Reference, VersionIn
from casework.api.schemas.records import (
    ActionIn,
    ActionOut,
    ActionWritten,
    DecisionIn,
    InterventionIn,
    InterventionOut,
    InterventionWritten,
    SendIn,
)
from casework.cases import services
from casework.cases.models import ActionPlanItem, Intervention, InterventionApproval

router = Router(tags=["action plan and interventions"])


@router.get("/cases/{reference}/action-plan", response=Page[ActionOut])
@needs("case.view", "see cases")
def action_plan(request: HttpRequest, reference: Reference, paging: Query[PageParams]) -> dict[str, Any]:
    return page_of(ActionPlanItem.objects.filter(case=seen_case(request)).order_by("id"), paging)


@router.post("/cases/{reference}/action-plan", response={201: ActionWritten})
@needs("case.work", "change the action plan")
def action_plan_item_add(request: HttpRequest, reference: Reference, given: ActionIn) -> Created:
    """Add an action: for the complainant, for us (landlord), or for an agency."""
    item = services.action_plan_item_add(actor=actor(request), case=reference, **given.dict())
    return created(record_written("action", item))


@router.post("/cases/{reference}/action-plan/{item_id}/done", response=ActionWritten)
@needs("case.work", "change the action plan")
def action_plan_item_complete(request: HttpRequest, reference: Reference, item_id: int, given: AtIn) -> dict[str, Any]:
    item = services.action_plan_item_complete(actor=actor(request), case=reference, item_id=item_id, **given.dict())
    return record_written("action", item)


@router.post("/cases/{reference}/action-plan/sent", response=CaseWritten)
@needs("case.work", "send the action plan")
def action_plan_send(request: HttpRequest, reference: Reference, given: SendIn) -> dict[str, Any]:
    """Send the agreed written plan to the complainant; it needs at least one action."""
    return case_written(services.action_plan_send(actor=actor(request), case=reference, **given.dict()))


@router.get("/cases/{reference}/interventions", response=Page[InterventionOut])
@needs("case.view", "see cases")
def interventions(request: HttpRequest, reference: Reference, paging: Query[PageParams]) -> dict[str, Any]:
    found = (
        Intervention.objects.filter(case=seen_case(request))
        .select_related("proposed_by")
        .prefetch_related(Prefetch("approvals", queryset=InterventionApproval.objects.select_related("approver")))
        .order_by("proposed_at", "id")
    )
    return page_of(found, paging)


@router.post("/cases/{reference}/interventions", response={201: InterventionWritten})
@needs("case.work", "propose an intervention")
def intervention_propose(request: HttpRequest, reference: Reference, given: InterventionIn) -> Created:
    """Propose an intervention from the pack; legal action needs a proportionality assessment."""
    intervention = services.intervention_propose(actor=actor(request), case=reference, **given.dict())
    return created(record_written("intervention", intervention))


@router.post("/cases/{reference}/interventions/{intervention_id}/decision", response=InterventionWritten)
@needs("intervention.approve", "approve interventions")
def intervention_decide(
    request: HttpRequest, reference: Reference, intervention_id: int, given: DecisionIn
) -> dict[str, Any]:
    """Approve or reject, at the next step of the pack's approval chain."""
    intervention = services.intervention_decide(
        actor=actor(request), case=reference, intervention_id=intervention_id, **given.dict()
    )
    return record_written("intervention", intervention)


@router.post("/cases/{reference}/interventions/{intervention_id}/start", response=InterventionWritten)
@needs("case.work", "start an intervention")
def intervention_start(
    request: HttpRequest, reference: Reference, intervention_id: int, given: VersionIn
) -> dict[str, Any]:
    """Start an approved intervention (legal action is started by a manager)."""
    intervention = services.intervention_start(
        actor=actor(request), case=reference, intervention_id=intervention_id, version=given.version
    )
    return record_written("intervention", intervention)
