"""Closing a case the pack's way (propose, agree where the pack names who, close) and reopening it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from casework.cases import services
from casework.cases.choices import ClosureReason
from casework.cases.models import Case, CaseEvent
from casework.cases.permissions import has_capability
from casework.cases.services.closure import agreement_refused
from casework.cases.services.closure import contact_attempts_since_last_contact as contact_attempts
from casework.domain.packs import PolicyPack
from casework.web.decorators import staff_view
from casework.web.forms.steps_plan import CaseCloseForm, CaseReopenForm, ClosureAgreeForm, ClosureProposeForm
from casework.web.views.common import case_and_pack
from casework.web.views.plan_common import attempt, blocked_reasons, done, page

CLOSURE_STEPS = ("closure.proposed", "closure.agreed", "case.closed")


@dataclass(frozen=True)
class ClosureSoFar:
    """Where the case is on the way to closing, since it was (re)opened."""

    proposed: CaseEvent | None
    proposed_reason: str
    agreed: CaseEvent | None
    attempts: int
    methods: int


def _so_far(case: Case) -> ClosureSoFar:
    proposed = agreed = None
    steps = CaseEvent.objects.filter(case=case, verb__in=[*CLOSURE_STEPS, "case.reopened"]).select_related("actor")
    for event in steps.order_by("at", "id"):
        if event.verb in {"case.reopened", "case.closed"}:
            proposed = agreed = None  # closing or reopening starts the next closure afresh
        elif event.verb == "closure.proposed":
            proposed, agreed = event, None
        elif event.verb == "closure.agreed":
            agreed = event
    attempts, methods = contact_attempts(case)
    reason = dict(ClosureReason.choices).get(proposed.payload.get("reason", ""), "") if proposed else ""
    return ClosureSoFar(proposed, reason, agreed, attempts, methods)


def _may_agree(user: Any, pack: PolicyPack) -> bool:
    """Offered only where the pack names who agrees closure, and only to someone the service accepts."""
    return pack.closure.agreed_by is not None and agreement_refused(user, pack) is None


def _closure_page(
    request: HttpRequest,
    case: Case,
    pack: PolicyPack,
    *,
    propose_form: ClosureProposeForm | None = None,
    agree_form: ClosureAgreeForm | None = None,
    close_form: CaseCloseForm | None = None,
) -> HttpResponse:
    fresh = {"initial": {"version": case.version}}
    propose_form = propose_form or ClosureProposeForm(prefix="propose", **fresh)
    close_form = close_form or CaseCloseForm(prefix="close", **fresh)
    if agree_form is None and _may_agree(request.user, pack):
        agree_form = ClosureAgreeForm(prefix="agree", **fresh)
    rules = pack.closure
    return page(
        request,
        "web/steps/plan/closure.html",
        case=case,
        pack=pack,
        title="Closure" if case.is_open else "Case closed",
        forms=[propose_form, agree_form, close_form],
        rules=rules,
        agreed_by=pack.role_label(rules.agreed_by) if rules.agreed_by else None,
        so_far=_so_far(case),
        blocked=blocked_reasons(case, CLOSURE_STEPS) if case.is_open else {},
        closure_reason=ClosureReason(case.closure_reason).label if case.closure_reason else "",
        propose_form=propose_form,
        agree_form=agree_form,
        close_form=close_form,
        may_reopen=has_capability(request.user, "case.reopen"),
    )


@staff_view()
def closure(request: HttpRequest, reference: str) -> HttpResponse:
    case, pack = case_and_pack(request, reference, "case.close", "close a case")
    return _closure_page(request, case, pack)


@require_POST
@staff_view()
def closure_propose(request: HttpRequest, reference: str) -> HttpResponse:
    case, pack = case_and_pack(request, reference, "case.close", "propose closure")
    form = ClosureProposeForm(request.POST, prefix="propose")
    if form.is_valid():
        proposed = attempt(
            form,
            case,
            lambda: services.case_closure_propose(
                actor=request.user, case=case.reference, **form.values("reason", "note", "version")
            ),
        )
        if proposed is not None:
            return done(request, "Closure proposed", case, "closure")
    return _closure_page(request, case, pack, propose_form=form)


@require_POST
@staff_view()
def closure_agree(request: HttpRequest, reference: str) -> HttpResponse:
    case, pack = case_and_pack(request, reference, "case.close", "agree closure")
    form = ClosureAgreeForm(request.POST, prefix="agree")
    if form.is_valid():
        agreed = attempt(
            form,
            case,
            lambda: services.case_closure_agree(
                actor=request.user, case=case.reference, **form.values("note", "version")
            ),
            show_not_allowed=True,
        )
        if agreed is not None:
            return done(request, "Closure agreed", case, "closure")
    return _closure_page(request, case, pack, agree_form=form)


@require_POST
@staff_view()
def case_close(request: HttpRequest, reference: str) -> HttpResponse:
    case, pack = case_and_pack(request, reference, "case.close", "close a case")
    form = CaseCloseForm(request.POST, prefix="close")
    if form.is_valid():
        closed = attempt(
            form,
            case,
            lambda: services.case_close(
                actor=request.user, case=case.reference, **form.values("reason", "note", "version")
            ),
        )
        if closed is not None:
            return done(request, f"Case {case.reference} closed", case, "closure")
    return _closure_page(request, case, pack, close_form=form)


@staff_view()
def reopen(request: HttpRequest, reference: str) -> HttpResponse:
    case, pack = case_and_pack(request, reference, "case.reopen", "reopen a case")
    if request.method == "POST":
        form = CaseReopenForm(request.POST)
        if form.is_valid():
            reopened = attempt(
                form,
                case,
                lambda: services.case_reopen(
                    actor=request.user, case=case.reference, **form.values("reason", "version")
                ),
            )
            if reopened is not None:
                return done(request, f"Case {case.reference} reopened", case, "summary")
    else:
        form = CaseReopenForm(initial={"version": case.version})
    return page(
        request,
        "web/steps/plan/reopen.html",
        case=case,
        pack=pack,
        title="Reopen the case",
        forms=[form],
        form=form,
        closure_reason=ClosureReason(case.closure_reason).label if case.closure_reason else "",
    )
