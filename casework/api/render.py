"""Turning what the application layer returns into the API's response shapes, where more than the
schema's own attribute lookups is needed. Nothing here decides anything."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from ninja import Status

from casework.api.schemas.common import staff_ref
from casework.cases.choices import (
    ActionOwner,
    Channel,
    ClosureReason,
    ContactMethod,
    ContactOutcome,
    ContactPurpose,
    Decision,
    IncidentSource,
    LinkKind,
    PartyRole,
    ReviewKind,
)
from casework.cases.engine import Replay, today
from casework.cases.models import Case, CaseLink, Obligation
from casework.cases.selectors import with_status
from casework.cases.services.records import recordable_kinds
from casework.domain.packs import PolicyPack
from casework.domain.triage import TriageResult

Created = Status[dict[str, Any]]


def created(body: dict[str, Any]) -> Created:
    return Status(201, body)


def written(case: Case) -> dict[str, Any]:
    return {
        "reference": case.reference,
        "version": case.version,
        "stage": case.stage,
        "priority": case.priority,
        "is_open": case.is_open,
    }


def case_written(case: Case) -> dict[str, Any]:
    return {"case": written(case)}


def record_written(name: str, record: Any) -> dict[str, Any]:
    """A write's answer: the case's new version, and the record the step made."""
    return {"case": written(record.case), name: record}


def _team(team: Any) -> dict[str, Any] | None:
    return {"id": team.pk, "name": team.name} if team is not None else None


def case_row(case: Case) -> dict[str, Any]:
    return {
        "reference": case.reference,
        "version": case.version,
        "stage": case.stage,
        "priority": case.priority,
        "is_open": case.is_open,
        "types": [t.type_id for t in case.types.all()],
        "owner": staff_ref(case.owner),
        "owner_role": case.owner_role,
        "team": _team(case.team),
        "address": str(case.address) if case.address else "",
        "location": case.location,
        "opened_at": case.opened_at,
        "closed_at": case.closed_at,
        "has_overdue": bool(getattr(case, "has_overdue", False)),
    }


def _labelled(items: Any, wanted: str | None) -> dict[str, str] | None:
    if not wanted:
        return None
    label = next((item.label for item in items if item.id == wanted), wanted)
    return {"id": wanted, "label": label}


def obligation(row: Obligation) -> dict[str, Any]:
    return {
        "id": row.pk,
        "rule_id": row.rule_id,
        "kind": row.kind,
        "label": row.label,
        "occurrence": row.occurrence,
        "owner_role": row.owner_role,
        "owner": staff_ref(row.owner),
        "started_on": row.started_on,
        "due_date": row.due_date,
        "due_at": row.due_at,
        "state": row.state,
        "status": row.status,  # type: ignore[attr-defined]
        "met_at": row.met_at,
    }


def obligations_of(case: Case) -> list[dict[str, Any]]:
    rows = with_status(Obligation.objects.filter(case=case).select_related("owner"), today())
    return [obligation(row) for row in rows.order_by("due_date", "id")]


def _links(case: Case) -> list[dict[str, Any]]:
    links = CaseLink.objects.filter(from_case=case).select_related("to_case")
    back = CaseLink.objects.filter(to_case=case).select_related("from_case")
    return [
        *(
            {"reference": link.to_case.reference, "kind": link.kind, "direction": "to", "reason": link.reason}
            for link in links
        ),
        *(
            {"reference": link.from_case.reference, "kind": link.kind, "direction": "from", "reason": link.reason}
            for link in back
        ),
    ]


def case_detail(case: Case) -> dict[str, Any]:
    replay = Replay(case)
    pack = replay.pack
    address = case.address
    return {
        "reference": case.reference,
        "version": case.version,
        "pack_id": case.pack_id,
        "pack_version": case.pack_version,
        "stage": _labelled(pack.path.stages, case.stage),
        "priority": _labelled(pack.priorities, case.priority),
        "owner_role": _labelled(pack.roles, case.owner_role),
        "owner": staff_ref(case.owner),
        "team": _team(case.team),
        "types": [_labelled(pack.types, t.type_id) for t in case.types.all()],
        "channel": case.channel,
        "summary": case.summary,
        "address": address,
        "location": case.location,
        "anonymous": case.anonymous,
        "hate_related": case.hate_related,
        "risk_band": case.risk_band,
        "is_open": case.is_open,
        "opened_at": case.opened_at,
        "closed_at": case.closed_at,
        "closure_reason": case.closure_reason,
        "created_by": staff_ref(case.created_by),
        "next_steps": [
            {
                "step": s.step,
                "label": s.label,
                "to": s.to,
                "event": s.event,
                "allowed": s.allowed,
                "reasons": list(s.reasons),
            }
            for s in replay.next_steps()
        ],
        "obligations": obligations_of(case),
        "links": _links(case),
    }


def triage_result(result: TriageResult) -> dict[str, Any]:
    body = asdict(result)
    body["needs_officer_decision"] = result.needs_officer_decision
    return body


def duplicate(case: Case) -> dict[str, Any]:
    return {
        "reference": case.reference,
        "opened_at": case.opened_at,
        "address": str(case.address) if case.address else "",
        "location": case.location,
        "types": [t.type_id for t in case.types.all()],
    }


def work_item(row: Obligation) -> dict[str, Any]:
    return {
        "id": row.pk,
        "case": row.case.reference,
        "case_priority": row.case.priority,
        "label": row.label,
        "kind": row.kind,
        "due_date": row.due_date,
        "due_at": row.due_at,
        "status": row.status,  # type: ignore[attr-defined]
    }


def staff_member(user: Any) -> dict[str, Any]:
    profile = getattr(user, "staff", None)
    return {
        "id": user.pk,
        "name": user.get_full_name() or user.get_username(),
        "username": user.get_username(),
        "roles": sorted(group.name for group in user.groups.all()),
        "team": _team(profile.team) if profile else None,
        "pack_role": profile.pack_role if profile else "",
    }


def _choices(choices: Any) -> list[dict[str, str]]:
    return [{"id": value, "label": str(label)} for value, label in choices.choices]


VOCABULARIES = {
    "channel": Channel,
    "party_role": PartyRole,
    "incident_source": IncidentSource,
    "contact_method": ContactMethod,
    "contact_outcome": ContactOutcome,
    "contact_purpose": ContactPurpose,
    "action_owner": ActionOwner,
    "decision": Decision,
    "review_kind": ReviewKind,
    "link_kind": LinkKind,
    "closure_reason": ClosureReason,
}


def pack_summary(pack: PolicyPack) -> dict[str, Any]:
    matrix = pack.risk_matrix
    return {
        "id": pack.id,
        "name": pack.pack.name,
        "organisation": pack.pack.organisation,
        "version": pack.version,
        "priorities": [{"id": p.id, "label": p.label, "description": p.description} for p in pack.priorities],
        "types": [
            {
                "id": t.id,
                "label": t.label,
                "priority": t.priority,
                "priority_choices": t.priority_choices,
                "owner_role": t.owner_role,
                "hate_related": t.hate_related,
                "synonyms": t.synonyms,
            }
            for t in pack.types
        ],
        "not_asb": [{"id": n.id, "label": n.label, "reason": n.reason, "advice": n.advice} for n in pack.not_asb],
        "roles": [{"id": r.id, "label": r.label, "staff_role": r.staff_role} for r in pack.roles],
        "stages": [{"id": s.id, "label": s.label, "closed": s.closed} for s in pack.path.stages],
        "steps": [
            {"id": t.step, "label": t.label, "event": t.event, "from_stages": t.from_stages, "to": t.to}
            for t in pack.path.transitions
        ],
        "interventions": [
            {
                "id": i.id,
                "label": i.label,
                "legal": i.legal,
                "approvals": i.approvals,
                "preconditions": [{"id": p.id, "label": p.label} for p in i.preconditions],
            }
            for i in pack.interventions
        ],
        "risk_matrix": None
        if matrix is None
        else {
            "name": matrix.name,
            "effect": matrix.effect,
            "questions": [
                q.model_dump(include={"id", "number", "section", "text", "multiple", "options"})
                for q in matrix.questions
            ],
            "bands": [b.model_dump() for b in matrix.bands],
        },
        "recordable_steps": recordable_kinds(pack),
        "vocabularies": {name: _choices(choices) for name, choices in VOCABULARIES.items()},
    }
