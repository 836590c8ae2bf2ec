"""Where each of the pack's next steps is done in the web app: the form for the event the step records.

The case page lists the pack's next steps (engine.Replay.next_steps); each names the event that takes
it. Events with a service of their own have their own form; the rest are recorded by the generic step
form (services.case_step_record).
"""

from __future__ import annotations

from django.urls import reverse

from casework.cases.services.records import recordable_kinds
from casework.domain.packs import PolicyPack

#: event kind -> URL name of the form that records it (each takes the case reference).
EVENT_FORMS = {
    "complainant.contacted": "web:contact",
    "complainant.contact-attempted": "web:contact",
    "risk.assessed": "web:risk",
    "action-plan.sent": "web:action-plan",
    "priority.changed": "web:priority",
    "owner.changed": "web:reassign",
    "incident.reported": "web:incident",
    "case-conference.held": "web:conference",
    "intervention.proposed": "web:intervention-propose",
    "intervention.approved": "web:interventions",
    "intervention.rejected": "web:interventions",
    "intervention.started": "web:interventions",
    "review.held": "web:review",
    "manager-review.held": "web:review",
    "closure.proposed": "web:closure",
    "closure.agreed": "web:closure",
    "case.closed": "web:closure",
    "case.reopened": "web:reopen",
}


def step_link(reference: str, pack: PolicyPack, event: str) -> str:
    """The URL of the form that records `event` on case `reference`."""
    if event in recordable_kinds(pack):
        return reverse("web:step", args=[reference, event])
    name = EVENT_FORMS.get(event)
    if name is None:
        return reverse("web:case", args=[reference])
    return reverse(name, args=[reference])
