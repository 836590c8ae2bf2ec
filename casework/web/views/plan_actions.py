"""The action plan editor: what the complainant, we and agencies will do; marking actions done; sending it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from casework.cases import selectors, services
from casework.cases.choices import ContactMethod
from casework.cases.engine import today
from casework.cases.models import Case, CaseEvent
from casework.domain.packs import PolicyPack
from casework.web.decorators import staff_view
from casework.web.forms.steps_plan import ActionPlanItemForm, ActionPlanSendForm, StepForm
from casework.web.views.common import case_and_pack
from casework.web.views.plan_common import attempt, blocked_reasons, done, page

DOING = "change the action plan"


def _editor(
    request: HttpRequest,
    case: Case,
    pack: PolicyPack,
    *,
    add_form: ActionPlanItemForm | None = None,
    send_form: ActionPlanSendForm | None = None,
    done_form: StepForm | None = None,
) -> HttpResponse:
    add_form = add_form or ActionPlanItemForm(prefix="add", initial={"version": case.version})
    send_form = send_form or ActionPlanSendForm(prefix="send", initial={"version": case.version})
    duties = selectors.with_status(case.obligations.filter(kind="action-plan").order_by("occurrence"), today())
    return page(
        request,
        "web/steps/plan/action_plan.html",
        case=case,
        pack=pack,
        title="Action plan",
        forms=[done_form, add_form, send_form],
        items=list(case.action_plan.order_by("added_at", "id")),
        add_form=add_form,
        send_form=send_form,
        sent=_sent(case),
        duties=list(duties),
        send_blocked=blocked_reasons(case, ["action-plan.sent"]).get("action-plan.sent", ()),
    )


def _sent(case: Case) -> list[dict[str, Any]]:
    """Each time the plan was sent: when, how, with how many actions, and who recorded it."""
    methods = dict(ContactMethod.choices)
    events = CaseEvent.objects.filter(case=case, verb="action-plan.sent").select_related("actor").order_by("at", "id")
    return [
        {
            "event": event,
            "method": methods.get(event.payload.get("method", ""), ""),
            "actions": event.payload.get("actions"),
        }
        for event in events
    ]


def _back_to_editor(request: HttpRequest, message: str, case: Case) -> HttpResponseRedirect:
    # The plan is built an action at a time, so adding or ticking one comes back here, not to the case.
    messages.success(request, message)
    return HttpResponseRedirect(reverse("web:action-plan", args=[case.reference]) + "#actions")


@staff_view()
def action_plan(request: HttpRequest, reference: str) -> HttpResponse:
    """The plan, and (on POST) adding an action to it."""
    case, pack = case_and_pack(request, reference, "case.work", DOING)
    if request.method != "POST":
        return _editor(request, case, pack)
    form = ActionPlanItemForm(request.POST, prefix="add")
    if form.is_valid():
        item = attempt(
            form,
            case,
            lambda: services.action_plan_item_add(
                actor=request.user,
                case=case.reference,
                **form.values("for_whom", "action", "owner_name", "due", "version"),
            ),
        )
        if item is not None:
            return _back_to_editor(request, "Action added to the plan", case)
    return _editor(request, case, pack, add_form=form)


@require_POST
@staff_view()
def action_plan_done(request: HttpRequest, reference: str, item: int) -> HttpResponse:
    case, pack = case_and_pack(request, reference, "case.work", DOING)
    form = StepForm(request.POST)
    if form.is_valid():
        completed = attempt(
            form,
            case,
            lambda: services.action_plan_item_complete(
                actor=request.user, case=case.reference, item_id=item, version=form.cleaned_data["version"]
            ),
        )
        if completed is not None:
            return _back_to_editor(request, "Action marked as done", case)
    return _editor(request, case, pack, done_form=form)


@require_POST
@staff_view()
def action_plan_send(request: HttpRequest, reference: str) -> HttpResponse:
    case, pack = case_and_pack(request, reference, "case.work", "send the action plan")
    form = ActionPlanSendForm(request.POST, prefix="send")
    if form.is_valid():
        sent = attempt(
            form,
            case,
            lambda: services.action_plan_send(
                actor=request.user, case=case.reference, **form.values("method", "at", "version")
            ),
        )
        if sent is not None:
            return done(request, "Action plan sent to the complainant", case, "action-plan")
    return _editor(request, case, pack, send_form=form)
