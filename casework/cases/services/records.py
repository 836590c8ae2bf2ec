"""Recording the work on a case: contacts, incidents, evidence, parties, the action plan, meetings."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from casework.cases.choices import (
    ActionOwner,
    ContactMethod,
    ContactOutcome,
    ContactPurpose,
    IncidentSource,
    PartyRole,
    ReviewKind,
)
from casework.cases.engine import Replay
from casework.cases.models import ActionPlanItem, Case, CaseConference, Contact, Evidence, Incident, Party, Review
from casework.cases.packs import pack_named
from casework.cases.services.base import check_step, choice, locked_case, not_future, now, step, text, when
from casework.cases.services.intake import PartyInput, add_party
from casework.cases.sniffing import sniff
from casework.domain.packs import PolicyPack
from casework.errors import InvalidInput, NotFound

#: Pack event kinds that have a service of their own, so the generic step recorder refuses them.
RECORDED_ELSEWHERE = {
    "case.opened",
    "complainant.contacted",
    "complainant.contact-attempted",
    "risk.assessed",
    "action-plan.sent",
    "priority.changed",
    "owner.changed",
    "incident.reported",
    "case-conference.held",
    "intervention.proposed",
    "intervention.approved",
    "intervention.rejected",
    "intervention.started",
    "review.held",
    "manager-review.held",
    "closure.proposed",
    "closure.agreed",
    "case.closed",
    "case.reopened",
    # A request needs its threshold worked out and a request row, so the Case Review report counts it.
    "case-review.requested",
}


def recordable_kinds(pack: PolicyPack) -> list[str]:
    """The pack event kinds `case_step_record` takes: those with no service of their own, and a risk
    assessment where the pack has no matrix to score (the organisation assesses risk on its own form)."""
    elsewhere = RECORDED_ELSEWHERE - ({"risk.assessed"} if pack.risk_matrix is None else set())
    return sorted(pack.event_kinds - elsewhere)


def _party(case: Case, party_id: int | None, field: str = "party") -> Party | None:
    if party_id is None:
        return None
    party = Party.objects.filter(case=case, pk=party_id).select_related("person").first()
    if party is None:
        raise InvalidInput(
            f"{field} {party_id} is not a party on case {case.reference}", fields={field: "not on this case"}
        )
    return party


@transaction.atomic
def case_acknowledge(
    *, actor: Any, case: Case | str, method: str, at: datetime | None = None, version: int | None = None
) -> Case:
    """Acknowledge the report to the complainant (meets the pack's acknowledgement duty)."""
    case = locked_case(case, actor=actor, capability="case.work", doing="acknowledge a report", version=version)
    choice(method, "method", ContactMethod.values)
    step(case, actor=actor, verb="acknowledged", at=when(at, case), payload={"method": method})
    return case


@transaction.atomic
def contact_record(
    *,
    actor: Any,
    case: Case | str,
    method: str,
    outcome: str,
    purpose: str = ContactPurpose.CONTACT,
    party_id: int | None = None,
    notes: str = "",
    at: datetime | None = None,
    version: int | None = None,
) -> Contact:
    """Record contact with the complainant, or a failed attempt (both count towards closure rules)."""
    case = locked_case(case, actor=actor, capability="case.work", doing="record contact", version=version)
    choice(method, "method", ContactMethod.values)
    choice(outcome, "outcome", ContactOutcome.values)
    choice(purpose, "purpose", ContactPurpose.values)
    moment = when(at, case)
    contact = Contact.objects.create(
        case=case,
        party=_party(case, party_id),
        method=method,
        outcome=outcome,
        purpose=purpose,
        notes=notes.strip(),
        at=moment,
        by=actor,
    )
    made = outcome == ContactOutcome.MADE
    verb = "complainant.contacted" if made else "complainant.contact-attempted"
    extra: list[tuple[str, dict[str, Any]]] = []
    if made and purpose == ContactPurpose.UPDATE:
        extra.append(("complainant.updated", {"method": method}))
    elif made and purpose == ContactPurpose.INTERVIEW:
        extra.append(("interview.held", {"method": method}))
    elif purpose == ContactPurpose.APPOINTMENT:
        extra.append(("appointment.offered", {"method": method}))
    step(
        case,
        actor=actor,
        verb=verb,
        at=moment,
        target=contact,
        payload={"method": method, "outcome": outcome, "purpose": purpose},
        extra=extra,
    )
    return contact


@transaction.atomic
def incident_record(
    *,
    actor: Any,
    case: Case | str,
    occurred_at: datetime,
    description: str,
    source: str,
    location: str = "",
    impact: str = "",
    reported_by_id: int | None = None,
    version: int | None = None,
) -> Incident:
    """Record an incident (a diary sheet counts as one, and as diary sheets returned)."""
    case = locked_case(case, actor=actor, capability="case.work", doing="record an incident", version=version)
    choice(source, "source", IncidentSource.values)
    incident = Incident.objects.create(
        case=case,
        occurred_at=not_future(occurred_at, "occurred_at"),
        location=location.strip(),
        description=text(description, "description"),
        impact=impact.strip(),
        reported_by=_party(case, reported_by_id, "reported_by"),
        source=source,
        recorded_at=now(),
        recorded_by=actor,
    )
    extra: list[tuple[str, dict[str, Any]]] = [("diary.returned", {})] if source == IncidentSource.DIARY else []
    step(
        case,
        actor=actor,
        verb="incident.reported",
        at=now(),
        target=incident,
        payload={"source": source, "occurred_at": incident.occurred_at.isoformat()},
        extra=extra,
    )
    return incident


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB" if n >= 1024 * 1024 else f"{n / 1024:g} KB"


def _limits() -> tuple[int, set[str]]:
    return settings.CASEWORK_EVIDENCE_MAX_BYTES, set(settings.CASEWORK_EVIDENCE_CONTENT_TYPES)


@transaction.atomic
def evidence_add(
    *,
    actor: Any,
    case: Case | str,
    name: str,
    content: bytes,
    content_type: str,
    description: str = "",
    incident_id: int | None = None,
    version: int | None = None,
) -> Evidence:
    """Store a file privately with its SHA-256, within the size and type limits in settings; the type is
    worked out from the content, never taken from the name or the declared type."""
    case = locked_case(case, actor=actor, capability="case.work", doing="add evidence", version=version)
    max_bytes, types = _limits()
    if not content:
        raise InvalidInput("the file is empty", fields={"file": "empty"})
    if len(content) > max_bytes:
        raise InvalidInput(f"the file is larger than the {_size(max_bytes)} allowed", fields={"file": "too large"})
    # The declared type is only the uploader's claim: the bytes decide what is stored.
    actual = sniff(content)
    if actual is None or actual not in types:
        shown = actual or f"unrecognised content (declared {content_type!r})"
        raise InvalidInput(
            f"files of type {shown} cannot be stored as evidence (allowed: {', '.join(sorted(types))})",
            fields={"file": "type not allowed"},
        )
    content_type = actual
    incident = None
    if incident_id is not None:
        incident = Incident.objects.filter(case=case, pk=incident_id).first()
        if incident is None:
            raise InvalidInput(
                f"incident {incident_id} is not on case {case.reference}", fields={"incident": "not on this case"}
            )
    digest = hashlib.sha256(content).hexdigest()
    evidence = Evidence(
        case=case,
        incident=incident,
        original_name=text(name, "name", max_length=255),
        content_type=content_type,
        size=len(content),
        sha256=digest,
        description=description.strip(),
        uploaded_at=now(),
        uploaded_by=actor,
    )
    try:
        evidence.file.save(digest, ContentFile(content), save=False)
        evidence.save()
        step(
            case,
            actor=actor,
            verb="evidence.added",
            at=evidence.uploaded_at,
            target=evidence,
            payload={"sha256": digest, "size": len(content), "content_type": content_type},
        )
    except BaseException:
        # Nothing half-recorded: a refused step leaves no stray file behind.
        evidence.file.delete(save=False)
        raise
    return evidence


@transaction.atomic
def party_add(*, actor: Any, case: Case | str, party: PartyInput, version: int | None = None) -> Party:
    """Add a complainant, alleged perpetrator, witness, advocate, household member or agency."""
    case = locked_case(case, actor=actor, capability="case.work", doing="add a party", version=version)
    added = add_party(case, party)
    step(case, actor=actor, verb="party.added", at=now(), target=added, payload={"role": added.role})
    return added


@transaction.atomic
def advocate_nominate(
    *,
    actor: Any,
    case: Case | str,
    resident_id: int,
    advocate_id: int | None,
    resident_asked: bool,
    version: int | None = None,
) -> Party:
    """Record the advocate a resident nominated (one each). Only the resident may change it, so staff
    record it only on the resident's instruction, and say so."""
    case = locked_case(case, actor=actor, capability="case.work", doing="record an advocate", version=version)
    if not resident_asked:
        raise InvalidInput(
            "only the resident can nominate or change their advocate: confirm they asked for this",
            fields={"resident_asked": "required"},
        )
    resident = Party.objects.filter(case=case, pk=resident_id).first()
    if resident is None:
        raise InvalidInput(
            f"party {resident_id} is not on case {case.reference}", fields={"resident": "not on this case"}
        )
    if resident.role in {PartyRole.ADVOCATE, PartyRole.AGENCY}:
        raise InvalidInput("an advocate is nominated by a resident", fields={"resident": "not a resident"})
    advocate = _party(case, advocate_id, "advocate") if advocate_id is not None else None
    if advocate is not None and advocate.role != PartyRole.ADVOCATE:
        raise InvalidInput(
            "the nominee must be added to the case as an advocate first", fields={"advocate": "not an advocate"}
        )
    resident.advocate = advocate
    resident.save(update_fields=["advocate"])
    step(
        case,
        actor=actor,
        verb="advocate.nominated",
        at=now(),
        target=resident,
        payload={"advocate": advocate.pk if advocate else None},
    )
    return resident


@transaction.atomic
def action_plan_item_add(
    *,
    actor: Any,
    case: Case | str,
    for_whom: str,
    action: str,
    owner_name: str = "",
    due: date | None = None,
    version: int | None = None,
) -> ActionPlanItem:
    """Add an action to the plan: for the complainant, for us, or for an agency."""
    case = locked_case(case, actor=actor, capability="case.work", doing="change the action plan", version=version)
    choice(for_whom, "for_whom", ActionOwner.values)
    item = ActionPlanItem.objects.create(
        case=case,
        for_whom=for_whom,
        action=text(action, "action"),
        owner_name=owner_name.strip(),
        due=due,
        added_at=now(),
        added_by=actor,
    )
    step(
        case, actor=actor, verb="action-plan.item-added", at=item.added_at, target=item, payload={"for_whom": for_whom}
    )
    return item


@transaction.atomic
def action_plan_item_complete(
    *, actor: Any, case: Case | str, item_id: int, at: datetime | None = None, version: int | None = None
) -> ActionPlanItem:
    case = locked_case(case, actor=actor, capability="case.work", doing="change the action plan", version=version)
    item = ActionPlanItem.objects.filter(case=case, pk=item_id).first()
    if item is None:
        raise NotFound(f"no action {item_id} on case {case.reference}")
    if item.done_at is not None:
        raise InvalidInput("that action is already done", fields={"item": "already done"})
    item.done_at = when(at, case)
    item.save(update_fields=["done_at"])
    step(case, actor=actor, verb="action-plan.item-done", at=item.done_at, target=item)
    return item


@transaction.atomic
def action_plan_send(
    *, actor: Any, case: Case | str, method: str, at: datetime | None = None, version: int | None = None
) -> Case:
    """Send the agreed written action plan to the complainant (it must have at least one action)."""
    case = locked_case(case, actor=actor, capability="case.work", doing="send the action plan", version=version)
    choice(method, "method", ContactMethod.values)
    replay = Replay(case)
    check_step(case, replay, "action-plan.sent")
    if not ActionPlanItem.objects.filter(case=case).exists():
        raise InvalidInput(
            "the action plan has no actions yet: add what the complainant and we will do",
            fields={"action_plan": "empty"},
        )
    step(
        case,
        actor=actor,
        verb="action-plan.sent",
        at=when(at, case),
        payload={"method": method, "actions": ActionPlanItem.objects.filter(case=case).count()},
        replay=replay,
    )
    return case


@transaction.atomic
def case_conference_hold(
    *,
    actor: Any,
    case: Case | str,
    held_at: datetime,
    attendees: str,
    summary: str,
    decisions: str = "",
    version: int | None = None,
) -> CaseConference:
    case = locked_case(case, actor=actor, capability="case.work", doing="record a case conference", version=version)
    conference = CaseConference.objects.create(
        case=case,
        held_at=when(held_at, case, field="held_at"),
        attendees=text(attendees, "attendees"),
        summary=text(summary, "summary"),
        decisions=decisions.strip(),
        recorded_by=actor,
    )
    step(case, actor=actor, verb="case-conference.held", at=conference.held_at, target=conference)
    return conference


@transaction.atomic
def review_hold(
    *,
    actor: Any,
    case: Case | str,
    kind: str,
    notes: str,
    outcome: str = "",
    held_at: datetime | None = None,
    version: int | None = None,
) -> Review:
    """Record a case review, or a manager review (managers only)."""
    case = locked_case(case, actor=actor, capability="case.work", doing="record a review", version=version)
    choice(kind, "kind", ReviewKind.values)
    if kind == ReviewKind.MANAGER_REVIEW:
        from casework.cases.permissions import require

        require(actor, "intervention.approve", "record a manager review")
    review = Review.objects.create(
        case=case,
        kind=kind,
        held_at=when(held_at, case, field="held_at"),
        notes=text(notes, "notes"),
        outcome=outcome.strip(),
        held_by=actor,
    )
    verb = "manager-review.held" if kind == ReviewKind.MANAGER_REVIEW else "review.held"
    step(case, actor=actor, verb=verb, at=review.held_at, target=review)
    return review


@transaction.atomic
def case_step_record(
    *, actor: Any, case: Case | str, kind: str, note: str = "", at: datetime | None = None, version: int | None = None
) -> Case:
    """Record any other step the pack names (appointment offered, diary sheets sent, perpetrator letter…)."""
    case = locked_case(case, actor=actor, capability="case.work", doing="record this step", version=version)
    pack = pack_named(case.pack_id)
    allowed = recordable_kinds(pack)
    if kind not in allowed:
        raise InvalidInput(
            f"{kind!r} cannot be recorded here under {pack.pack.name}: "
            f"use its own step, or one of {', '.join(allowed)}",
            fields={"kind": "not a step recorded this way"},
        )
    step(case, actor=actor, verb=kind, at=when(at, case), payload={"note": note.strip()} if note.strip() else {})
    return case
