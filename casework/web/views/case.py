"""The case page: everything on one case, what the pack allows next (and why not), and its evidence files.

Read-only: every change is made on a step's own page, which this page links to. The page reads the case
through `casefile.case_file`, so its query count stays the same however long the case's history grows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.text import Truncator

from casework.cases.casefile import CaseFile, case_file
from casework.cases.choices import (
    ActionOwner,
    CaseReviewOutcome,
    Channel,
    ClosureReason,
    ContactMethod,
    ContactOutcome,
    Decision,
    IncidentSource,
    LinkKind,
    ObligationState,
    PartyRole,
    Satisfaction,
    SurveySource,
)
from casework.cases.models import CaseEvent, Evidence
from casework.cases.permissions import has_capability
from casework.cases.selectors import case_for
from casework.cases.services.base import ALLOWED_WHEN_CLOSED
from casework.cases.services.records import recordable_kinds
from casework.domain.packs import PolicyPack
from casework.downloads import private_download
from casework.errors import NotFound
from casework.residents.casepage import residents_online
from casework.web.decorators import staff_view
from casework.web.step_links import step_link
from casework.web.templatetags.casework import verb_label
from casework.web.views import residents_staff

#: The capability a next step's form needs, where it is not ordinary case work.
STEP_CAPABILITIES = {
    "owner.changed": "case.reassign",
    "intervention.approved": "intervention.approve",
    "intervention.rejected": "intervention.approve",
    "case.reopened": "case.reopen",
    "closure.proposed": "case.close",
    "closure.agreed": "case.close",
    "case.closed": "case.close",
}

#: GOV.UK tag colour by how urgent a priority is (0 is the pack's most urgent).
PRIORITY_TAGS = ["govuk-tag--red", "govuk-tag--orange", "govuk-tag--yellow"]


@dataclass(frozen=True)
class Action:
    label: str
    url: str


@dataclass(frozen=True)
class StepLink:
    label: str
    url: str | None
    allowed: bool
    reasons: tuple[str, ...]
    to_label: str


@dataclass(frozen=True)
class TimelineEntry:
    event: CaseEvent
    description: str


@staff_view()
def case_page(request: HttpRequest, reference: str) -> HttpResponse:
    file = case_file(request.user, reference)
    case, pack = file.case, file.pack
    context = {
        "file": file,
        "case": case,
        "pack": pack,
        "priority_tag": _priority_tag(pack, case.priority),
        "stage": file.stage,
        "next_steps": _next_steps(request.user, file),
        "actions": _actions(request.user, file),
        "other_steps": _other_steps(request.user, file),
        "timeline": [TimelineEntry(e, describe(e, file)) for e in reversed(file.timeline)],
        "latest_risk": file.latest_risk,
        "latest_band": file.band_label(file.latest_risk.band) if file.latest_risk else "",
        "risk_url": _risk_url(file),
        "can_work": has_capability(request.user, "case.work"),
        "can_approve": has_capability(request.user, "intervention.approve"),
        "can_close": has_capability(request.user, "case.close"),
        "can_reopen": has_capability(request.user, "case.reopen"),
        "can_reassign": has_capability(request.user, "case.reassign"),
        "letters": file.letters,
        "plan_sent": next((e for e in reversed(file.timeline) if e.verb == "action-plan.sent"), None),
        "closed_event": next((e for e in reversed(file.timeline) if e.verb == "case.closed"), None),
        "closing": next((s for s in file.next_steps if s.event == "case.closed"), None),
        "residents": residents_online(file),
    }
    return render(request, "web/case/page.html", context)


@staff_view()
def evidence_download(request: HttpRequest, reference: str, evidence_id: int) -> FileResponse:
    """The file itself, to someone who may see the case; there is no public URL for it."""
    case = case_for(request.user, reference)
    stored = Evidence.objects.filter(case=case, pk=evidence_id).first()
    if stored is None:
        raise NotFound(f"no evidence {evidence_id} on case {reference}")
    return private_download(stored.file.open("rb"), stored.original_name, stored.content_type)


urlpatterns = [
    path("", case_page, name="case"),
    path("evidence/<int:evidence_id>", evidence_download, name="evidence"),
]


# -- what the user may do next --------------------------------------------------------------------


def _stage_label(pack: PolicyPack, stage: str) -> str:
    return next((s.label for s in pack.path.stages if s.id == stage), stage)


def _next_steps(user: Any, file: CaseFile) -> list[StepLink]:
    reference, pack = file.case.reference, file.pack
    links = []
    for step in file.next_steps:
        may = has_capability(user, STEP_CAPABILITIES.get(step.event, "case.work"))
        links.append(
            StepLink(
                label=step.label,
                url=step_link(reference, pack, step.event) if step.allowed and may else None,
                allowed=step.allowed,
                reasons=step.reasons,
                to_label=_stage_label(pack, step.to),
            )
        )
    return links


def _actions(user: Any, file: CaseFile) -> list[Action]:
    """What may always be done on the case (not a step of the pack's path), for the user's role."""
    reference = file.case.reference

    def url(name: str) -> str:
        return reverse(name, args=[reference])

    actions: list[Action] = []
    work = has_capability(user, "case.work")
    if work:
        actions.append(Action("Record a contact", url("web:contact")))
    if work and not file.is_closed:
        if any(o.kind == "acknowledge" and o.state == ObligationState.PENDING for o in file.obligations):
            actions.append(Action("Acknowledge the report", url("web:acknowledge")))
        actions += [
            Action("Record an incident", url("web:incident")),
            Action("Add evidence", url("web:evidence-add")),
            Action("Add a party", url("web:party-add")),
            Action("Change priority", url("web:priority")),
            Action("Change types", url("web:types")),
            Action("Link a case", url("web:link")),
        ]
    if has_capability(user, "case.reassign") and not file.is_closed:
        actions.append(Action("Reallocate the case", url("web:reassign")))
    if file.police_disclosures is not None:
        # Only for the role that may read them (docs/permissions.md); everyone else sees the force on the timeline.
        actions.append(Action(f"Police disclosures ({file.police_disclosures})", url("web:police")))
    elif has_capability(user, "police-disclosure.record") and not file.is_closed:
        # Caseworkers record what the police disclose; only the named role reads it back.
        actions.append(Action("Record a police disclosure", url("web:police")))
    return actions


def _other_steps(user: Any, file: CaseFile) -> list[Action]:
    """The pack's other steps recorded with a note (diary sheets sent, perpetrator letter…)."""
    if not has_capability(user, "case.work"):
        return []
    kinds = recordable_kinds(file.pack)
    if file.is_closed:
        kinds = [k for k in kinds if k in ALLOWED_WHEN_CLOSED]
    return [Action(verb_label(kind), reverse("web:step", args=[file.case.reference, kind])) for kind in kinds]


def _risk_url(file: CaseFile) -> str:
    if file.pack.risk_matrix is None:
        return step_link(file.case.reference, file.pack, "risk.assessed")
    return reverse("web:risk", args=[file.case.reference])


def _priority_tag(pack: PolicyPack, priority: str) -> str:
    rank = next((n for n, p in enumerate(pack.priorities) if p.id == priority), None)
    if rank is None:
        return "govuk-tag--grey"
    return PRIORITY_TAGS[rank] if rank < len(PRIORITY_TAGS) else "govuk-tag--blue"


# -- the timeline in words ------------------------------------------------------------------------


def _choice(choices: Any, value: object) -> str:
    return str(choices(value).label) if value in choices.values else str(value or "")


def _label(entries: Any, wanted: object) -> str:
    return next((str(e.label) for e in entries if e.id == wanted), str(wanted or ""))


def _short(text: object, length: int = 160) -> str:
    return Truncator(str(text or "").strip()).chars(length)


def _joined(*parts: str) -> str:
    return ". ".join(p.rstrip(".") for p in parts if p)


Describe = Callable[[dict[str, Any], Any, CaseFile], str]


def _opened(p: dict[str, Any], record: Any, file: CaseFile) -> str:
    types = ", ".join(_label(file.pack.types, t) for t in p.get("types", []))
    priority = _label(file.pack.priorities, p.get("priority")) if p.get("priority") else ""
    channel = _choice(Channel, p.get("channel"))
    return _joined(f"By {channel.lower()}" if channel else "", types, f"Priority: {priority}" if priority else "")


def _priority(p: dict[str, Any], record: Any, file: CaseFile) -> str:
    to = _label(file.pack.priorities, p.get("priority"))
    moved = f"{_label(file.pack.priorities, p['from'])} to {to}" if p.get("from") else f"Now {to}"
    return _joined(moved, _short(p.get("reason")))


def _types(p: dict[str, Any], record: Any, file: CaseFile) -> str:
    return _joined("Now " + ", ".join(_label(file.pack.types, t) for t in p.get("types", [])), _short(p.get("reason")))


def _owner(p: dict[str, Any], record: Any, file: CaseFile) -> str:
    role = _label(file.pack.roles, p.get("role")) if p.get("role") else ""
    team = f", team {p['team']}" if p.get("team") else ""
    return _joined(f"Given to {p.get('owner', '')} ({role}{team})", _short(p.get("reason")))


def _risk(p: dict[str, Any], record: Any, file: CaseFile) -> str:
    if "band" not in p:
        return _short(p.get("note"))
    return f"{file.band_label(str(p['band']))} (score {p.get('score')})"


def _contact(p: dict[str, Any], record: Any, file: CaseFile) -> str:
    if record is not None:
        how = f"{record.get_method_display()}: {record.get_outcome_display().lower()}"
        return _joined(how, _short(record.notes))
    return _joined(_choice(ContactMethod, p.get("method")), _choice(ContactOutcome, p.get("outcome")))


def _method(p: dict[str, Any], record: Any, file: CaseFile) -> str:
    method = _choice(ContactMethod, p.get("method"))
    return _joined(f"By {method.lower()}" if method else "", _short(p.get("note")))


def _incident(p: dict[str, Any], record: Any, file: CaseFile) -> str:
    repeat = "Repeat report" if p.get("repeat_report") else ""
    if record is not None:
        return _joined(repeat, f"{record.get_source_display()}: {_short(record.description)}")
    return _joined(repeat, _choice(IncidentSource, p.get("source")))


def _evidence(p: dict[str, Any], record: Any, file: CaseFile) -> str:
    return record.original_name if record is not None else ""


def _party(p: dict[str, Any], record: Any, file: CaseFile) -> str:
    role = _choice(PartyRole, p.get("role"))
    return f"{record.person.name}, {role.lower()}" if record is not None else role


def _advocate(p: dict[str, Any], record: Any, file: CaseFile) -> str:
    if record is None:
        return ""
    if record.advocate is None:
        return f"{record.person.name} has no advocate now"
    return f"{record.advocate.person.name} for {record.person.name}"


def _action_item(p: dict[str, Any], record: Any, file: CaseFile) -> str:
    if record is None:
        return _choice(ActionOwner, p.get("for_whom"))
    return f"For the {record.get_for_whom_display().lower()}: {_short(record.action)}"


def _plan_sent(p: dict[str, Any], record: Any, file: CaseFile) -> str:
    count = p.get("actions")
    actions = f"{count} action{'s' if count != 1 else ''}" if count is not None else ""
    return _joined(_method(p, record, file), actions)


def _conference(p: dict[str, Any], record: Any, file: CaseFile) -> str:
    return _short(record.summary) if record is not None else ""


def _review(p: dict[str, Any], record: Any, file: CaseFile) -> str:
    return _joined(_short(record.notes), _short(record.outcome)) if record is not None else ""


def _intervention(p: dict[str, Any], record: Any, file: CaseFile) -> str:
    label = _label(file.pack.interventions, p.get("intervention"))
    if "decision" not in p:
        return label
    decision = _choice(Decision, p.get("decision")).lower()
    role = _label(file.pack.roles, p.get("role"))
    return _joined(f"{label}: {decision} as the {role}", _short(p.get("reason")))


def _closure(p: dict[str, Any], record: Any, file: CaseFile) -> str:
    reason = _choice(ClosureReason, p.get("reason")) if p.get("reason") else ""
    return _joined(reason, _short(p.get("note")))


def _reopened(p: dict[str, Any], record: Any, file: CaseFile) -> str:
    return _short(p.get("reason"))


def _linked(p: dict[str, Any], record: Any, file: CaseFile) -> str:
    return f"{_choice(LinkKind, p.get('kind'))}: {p.get('to', '')}"


def _police(p: dict[str, Any], record: Any, file: CaseFile) -> str:
    # The force only: the content is for the role it was disclosed to (docs/permissions.md).
    return f"From {p['force']}" if p.get("force") else ""


def _survey(p: dict[str, Any], record: Any, file: CaseFile) -> str:
    return _joined(_choice(Satisfaction, p.get("satisfaction")), _choice(SurveySource, p.get("source")))


def _case_review(p: dict[str, Any], record: Any, file: CaseFile) -> str:
    if "outcome" in p:
        return _choice(CaseReviewOutcome, p.get("outcome"))
    if "threshold_met" in p:
        return "Threshold met" if p.get("threshold_met") else "Threshold not met"
    return ""


DESCRIPTIONS: dict[str, Describe] = {
    "case.opened": _opened,
    "priority.changed": _priority,
    "types.changed": _types,
    "owner.changed": _owner,
    "risk.assessed": _risk,
    "complainant.contacted": _contact,
    "complainant.contact-attempted": _contact,
    "acknowledged": _method,
    "complainant.updated": _method,
    "interview.held": _method,
    "appointment.offered": _method,
    "incident.reported": _incident,
    "evidence.added": _evidence,
    "party.added": _party,
    "advocate.nominated": _advocate,
    "action-plan.item-added": _action_item,
    "action-plan.item-done": _action_item,
    "action-plan.sent": _plan_sent,
    "case-conference.held": _conference,
    "review.held": _review,
    "manager-review.held": _review,
    "intervention.proposed": _intervention,
    "intervention.approval-given": _intervention,
    "intervention.approved": _intervention,
    "intervention.rejected": _intervention,
    "intervention.started": _intervention,
    "closure.proposed": _closure,
    "closure.agreed": _closure,
    "case.closed": _closure,
    "case.reopened": _reopened,
    "case.linked": _linked,
    "police-disclosure.recorded": _police,
    "police-disclosure.read": _police,
    "survey.returned": _survey,
    "case-review.requested": _case_review,
    "case-review.decided": _case_review,
    **residents_staff.DESCRIPTIONS,
}


def describe(event: CaseEvent, file: CaseFile) -> str:
    """A line saying what the event recorded, in words (never its raw payload)."""
    payload = event.payload if isinstance(event.payload, dict) else {}
    describer = DESCRIPTIONS.get(event.verb)
    if describer is None:
        return _short(payload.get("note"))
    return describer(payload, file.record_for(event), file)
