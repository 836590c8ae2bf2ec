"""Emails residents get without anyone sending them: when staff open a case for a complainant who asked to be
contacted by email (the reference, their officer and a link), when the action plan is sent, when the case
closes, and when their case gets a new officer.

A receiver on every new case event (connected in apps.py) emails each follower of the case: each party
with a live link to follow it (links.followers), so never an alleged perpetrator, and never someone whose
link staff revoked. The email is written inside the step's transaction and handed to the mail server when
it commits (notify.send): a step that fails sends nothing. Everything staff wrote that an email repeats
passes through privacy.Privacy for that reader, and nothing a member of staff noted for themselves (a
closure note, a reassignment reason) is repeated at all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from casework.cases.choices import ActionOwner, ContactMethod, PartyRole
from casework.cases.models import ActionPlanItem, Case, CaseEvent, Party
from casework.cases.packs import pack_named
from casework.residents import access, links, notify
from casework.residents.models import LinkPurpose, NotificationKind, ResidentLink
from casework.residents.privacy import Privacy
from casework.residents.selectors import CLOSED_BECAUSE
from casework.residents.staff import link_email, officer_name

#: Whose actions each part of the plan lists, as the resident reads it.
PLAN_PARTS = [
    (ActionOwner.COMPLAINANT, "What you agreed to do"),
    (ActionOwner.LANDLORD, "What we will do"),
    (ActionOwner.AGENCY, "What other organisations will do"),
]

Email = Callable[[CaseEvent, Party, ResidentLink, dict[str, Any]], None]


def _plan_sent(event: CaseEvent, party: Party, link: ResidentLink, shared: dict[str, Any]) -> None:
    if "items" not in shared:
        shared["items"] = list(ActionPlanItem.objects.filter(case_id=event.case_id).order_by("id"))
    shown = Privacy(party)
    parts = []
    for owner, heading in PLAN_PARTS:
        actions = [
            {"action": shown(item.action), "by": shown(item.owner_name), "due": item.due, "done": item.done_at}
            for item in shared["items"]
            if item.for_whom == owner
        ]
        if actions:
            parts.append({"heading": heading, "actions": actions})
    _send(
        event,
        party,
        link,
        kind=NotificationKind.ACTION_PLAN_SENT,
        subject=f"Your action plan for case {event.case.reference}",
        template="event_action_plan",
        context={"parts": parts},
    )


def _closed(event: CaseEvent, party: Party, link: ResidentLink, shared: dict[str, Any]) -> None:
    case = event.case
    closure = pack_named(case.pack_id).closure
    reason = str((event.payload or {}).get("reason", ""))
    _send(
        event,
        party,
        link,
        kind=NotificationKind.CASE_CLOSED,
        subject=f"Your case {case.reference} is closed",
        template="event_case_closed",
        context={
            "because": CLOSED_BECAUSE.get(reason, ""),
            # The closure survey feeds the regulator's TP12, which every landlord reports, so it is offered on
            # every closed case (as the case page does), whether or not the pack's policy names a survey; it
            # is the complainant's to answer, not their advocate's.
            "survey": party.role == PartyRole.COMPLAINANT,
            "complaints_route": closure.complaints_route,
        },
    )


def _officer(event: CaseEvent, party: Party, link: ResidentLink, shared: dict[str, Any]) -> None:
    _send(
        event,
        party,
        link,
        kind=NotificationKind.OFFICER_CHANGED,
        subject=f"A new officer for your case {event.case.reference}",
        template="event_officer_changed",
        context={},
    )


#: event verb -> the email each follower gets.
EMAILS: dict[str, Email] = {
    "action-plan.sent": _plan_sent,
    "case.closed": _closed,
    "owner.changed": _officer,
}


def _send(
    event: CaseEvent,
    party: Party,
    link: ResidentLink,
    *,
    kind: str,
    subject: str,
    template: str,
    context: dict[str, Any],
) -> None:
    case: Case = event.case
    notify.send(
        case=case,
        party=party,
        to=link.email,
        kind=kind,
        subject=subject,
        template=template,
        context={"party": party, "officer": officer_name(case), **context},
        link=link,
    )


def _opened_by_staff(event: CaseEvent) -> None:
    """A case staff opened: each complainant who asked to be contacted by email is sent the reference, their
    officer's name and a link to follow the case, so they become a follower. (The public form sends its own
    confirmation, so a case the online service opened is left alone; staff send links to anyone else.)"""
    case: Case = event.case
    if access.is_online_service(case.created_by):
        return
    complainants = Party.objects.filter(
        case_id=case.pk, role=PartyRole.COMPLAINANT, person__preferred_contact=ContactMethod.EMAIL
    ).select_related("person")
    for party in complainants:
        if links.email_of(party):
            link_email(case, party, links.issue(party=party, purpose=LinkPurpose.CASE))


def case_event_recorded(sender: Any, instance: CaseEvent, created: bool, raw: bool = False, **kwargs: Any) -> None:
    """Email the case's followers about an event that changes what they were told (post_save, CaseEvent)."""
    if not created or raw:
        return
    if instance.verb == "case.opened":
        _opened_by_staff(instance)
        return
    email = EMAILS.get(instance.verb)
    if email is None:
        return
    shared: dict[str, Any] = {}
    for party in links.followers(instance.case_id):
        if not links.email_of(party):
            continue  # their email address was taken off their details since: nowhere to write to
        email(instance, party, links.current(party, LinkPurpose.CASE), shared)
