"""Interventions with their approval chain: propose one from the pack, approve or refuse it, start it.

Who may approve is the service's rule (docs/permissions.md); the page only leaves out the approval form
for those it would refuse, and shows the service's refusal if someone posts it anyway.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from casework.cases import services
from casework.cases.casefile import ApprovalStep, approval_chain
from casework.cases.choices import InterventionStatus, PartyRole
from casework.cases.models import Case, Intervention, InterventionApproval
from casework.cases.permissions import has_capability
from casework.cases.services.interventions import approval_refused
from casework.domain.packs import PolicyPack
from casework.domain.packs.schema import Intervention as InterventionRule
from casework.web.decorators import staff_view
from casework.web.forms.steps_plan import InterventionDecisionForm, InterventionProposeForm, StepForm
from casework.web.views.common import case_and_pack
from casework.web.views.plan_common import attempt, done, page


@dataclass
class InterventionRow:
    intervention: Intervention
    label: str
    rule: InterventionRule | None
    chain: list[ApprovalStep] = field(default_factory=list)
    decide_form: InterventionDecisionForm | None = None
    may_start: bool = False
    proposed_by_you: bool = False


def _may_decide(user: Any, intervention: Intervention, rule: InterventionRule, pack: PolicyPack) -> bool:
    """Whether to offer this user the approval form: the service's own conditions, read to hide a button."""
    if intervention.status != InterventionStatus.PROPOSED or not has_capability(user, "intervention.approve"):
        return False
    return approval_refused(user, intervention, rule, pack) is None


def _may_start(user: Any, intervention: Intervention, rule: InterventionRule | None) -> bool:
    if intervention.status != InterventionStatus.APPROVED or not has_capability(user, "case.work"):
        return False
    return not (rule is not None and rule.legal) or has_capability(user, "intervention.approve")


def _rows(
    request: HttpRequest, case: Case, pack: PolicyPack, bound: InterventionDecisionForm | None, bound_id: int | None
) -> list[InterventionRow]:
    found = (
        case.interventions.select_related("proposed_by", "against__person")
        .prefetch_related(Prefetch("approvals", queryset=InterventionApproval.objects.select_related("approver")))
        .order_by("proposed_at", "id")
    )
    rows = []
    for intervention in found:
        rule = pack.intervention(intervention.kind)
        row = InterventionRow(intervention, rule.label if rule else intervention.kind, rule)
        row.proposed_by_you = intervention.proposed_by_id == request.user.pk
        if rule is not None:
            row.chain = approval_chain(pack, intervention)
            if intervention.pk == bound_id:
                row.decide_form = bound
            elif _may_decide(request.user, intervention, rule, pack):
                row.decide_form = InterventionDecisionForm(
                    prefix=f"decide-{intervention.pk}", initial={"version": case.version}
                )
        row.may_start = _may_start(request.user, intervention, rule)
        rows.append(row)
    return rows


def _list(
    request: HttpRequest,
    case: Case,
    pack: PolicyPack,
    *,
    decide_form: InterventionDecisionForm | None = None,
    decided: int | None = None,
    start_form: StepForm | None = None,
) -> HttpResponse:
    return page(
        request,
        "web/steps/plan/interventions.html",
        case=case,
        pack=pack,
        title="Interventions",
        forms=[start_form, decide_form],
        rows=_rows(request, case, pack, decide_form, decided),
        may_propose=has_capability(request.user, "case.work") and case.is_open,
    )


@staff_view()
def interventions(request: HttpRequest, reference: str) -> HttpResponse:
    case, pack = case_and_pack(request, reference)
    return _list(request, case, pack)


@require_POST
@staff_view()
def intervention_decide(request: HttpRequest, reference: str, intervention: int) -> HttpResponse:
    """Approve or refuse; a refusal by the service (you proposed it, not your role…) is shown on the page."""
    case, pack = case_and_pack(request, reference)
    form = InterventionDecisionForm(request.POST, prefix=f"decide-{intervention}")
    if form.is_valid():
        decided = attempt(
            form,
            case,
            lambda: services.intervention_decide(
                actor=request.user,
                case=case.reference,
                intervention_id=intervention,
                **form.values("decision", "reason", "version"),
            ),
            show_not_allowed=True,
        )
        if decided is not None:
            rule = pack.intervention(decided.kind)
            label = rule.label if rule else decided.kind
            outcome = {
                InterventionStatus.APPROVED: "approved",
                InterventionStatus.REJECTED: "refused",
            }.get(InterventionStatus(decided.status), "approval recorded: it needs a further approval")
            return done(request, f"{label}: {outcome}", case, "interventions")
    return _list(request, case, pack, decide_form=form, decided=intervention)


@require_POST
@staff_view()
def intervention_start(request: HttpRequest, reference: str, intervention: int) -> HttpResponse:
    case, pack = case_and_pack(request, reference, "case.work", "start an intervention")
    form = StepForm(request.POST)
    if form.is_valid():
        started = attempt(
            form,
            case,
            lambda: services.intervention_start(
                actor=request.user,
                case=case.reference,
                intervention_id=intervention,
                version=form.cleaned_data["version"],
            ),
            show_not_allowed=True,
        )
        if started is not None:
            rule = pack.intervention(started.kind)
            return done(request, f"{rule.label if rule else started.kind} started", case, "interventions")
    return _list(request, case, pack, start_form=form)


@staff_view()
def intervention_propose(request: HttpRequest, reference: str) -> HttpResponse:
    case, pack = case_and_pack(request, reference, "case.work", "propose an intervention")
    perpetrators = [
        (party.pk, party.person.name)
        for party in case.parties.filter(role=PartyRole.ALLEGED_PERPETRATOR).select_related("person").order_by("id")
    ]
    if request.method == "POST":
        form = InterventionProposeForm(pack.interventions, perpetrators, request.POST)
        if form.is_valid():
            proposed = attempt(
                form,
                case,
                lambda: services.intervention_propose(
                    actor=request.user,
                    case=case.reference,
                    preconditions_confirmed=form.preconditions_confirmed(),
                    against_id=form.cleaned_data["against"],
                    **form.values("kind", "reason", "proportionality", "version"),
                ),
            )
            if proposed is not None:
                return done(request, _proposed_message(pack, proposed), case, "interventions")
    else:
        form = InterventionProposeForm(pack.interventions, perpetrators, initial={"version": case.version})
    return page(
        request,
        "web/steps/plan/intervention_propose.html",
        case=case,
        pack=pack,
        title="Propose an intervention",
        forms=[form],
        form=form,
        has_perpetrators=bool(perpetrators),
    )


def _proposed_message(pack: PolicyPack, proposed: Intervention) -> str:
    rule = pack.intervention(proposed.kind)
    if rule is None or not rule.approvals:
        return f"{rule.label if rule else proposed.kind} proposed: it needs no approval, so it can start"
    approvers = " then ".join(pack.role_label(role) for role in rule.approvals)
    return f"{rule.label} proposed: it needs the approval of the {approvers}"
