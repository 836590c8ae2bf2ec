"""Interventions, from a warning to possession: propose, approve or reject (in the pack's order), start."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from casework.accounts.roles import can_act_as
from casework.cases.choices import Decision, InterventionStatus, PartyRole
from casework.cases.engine import Replay
from casework.cases.models import Case, Intervention, InterventionApproval, Party
from casework.cases.packs import pack_named
from casework.cases.permissions import require
from casework.cases.services.base import choice, locked_case, now, step, text
from casework.domain.packs import PolicyPack
from casework.domain.packs.schema import Intervention as InterventionRule
from casework.errors import InvalidInput, NotAllowed, NotFound


def _rule(pack: PolicyPack, kind: str) -> InterventionRule:
    rule = pack.intervention(kind)
    if rule is not None:
        return rule
    raise InvalidInput(
        f"{pack.pack.name} has no intervention {kind!r} (it has: {', '.join(i.id for i in pack.interventions)})",
        fields={"kind": "unknown intervention"},
    )


@transaction.atomic
def intervention_propose(
    *,
    actor: Any,
    case: Case | str,
    kind: str,
    reason: str,
    proportionality: str = "",
    preconditions_confirmed: list[str] | None = None,
    against_id: int | None = None,
    version: int | None = None,
) -> Intervention:
    """Propose an intervention. Legal action needs a proportionality assessment; every precondition the
    pack sets (mediation: both parties agree…) must be confirmed."""
    case = locked_case(case, actor=actor, capability="case.work", doing="propose an intervention", version=version)
    replay = Replay(case)
    rule = _rule(replay.pack, kind)
    why = text(reason, "reason")
    if rule.legal and not proportionality.strip():
        raise InvalidInput(
            f"{rule.label} is legal action: record the proportionality assessment",
            fields={"proportionality": "required for legal action"},
        )
    confirmed = set(preconditions_confirmed or [])
    missing = [p.label for p in rule.preconditions if p.id not in confirmed]
    if missing:
        raise InvalidInput(
            f"{rule.label} can only be proposed when: " + "; ".join(missing),
            fields={"preconditions_confirmed": "; ".join(missing)},
        )
    against = None
    if against_id is not None:
        against = Party.objects.filter(case=case, pk=against_id, role=PartyRole.ALLEGED_PERPETRATOR).first()
        if against is None:
            raise InvalidInput(
                f"party {against_id} is not an alleged perpetrator on this case",
                fields={"against": "not an alleged perpetrator"},
            )
    intervention = Intervention.objects.create(
        case=case,
        kind=rule.id,
        status=InterventionStatus.PROPOSED if rule.approvals else InterventionStatus.APPROVED,
        reason=why,
        proportionality=proportionality.strip(),
        preconditions_confirmed=sorted(confirmed & {p.id for p in rule.preconditions}),
        against=against,
        proposed_at=now(),
        proposed_by=actor,
    )
    step(
        case,
        actor=actor,
        verb="intervention.proposed",
        at=intervention.proposed_at,
        target=intervention,
        payload={"intervention": rule.id, "legal": rule.legal, "approvals": list(rule.approvals)},
        replay=replay,
    )
    return intervention


def outstanding_approvals(intervention: Intervention, rule: InterventionRule) -> list[str]:
    """The pack roles whose approval is still needed, in the pack's order."""
    given = [a.approver_role for a in intervention.approvals.all() if a.decision == Decision.APPROVED]
    return [role for role in rule.approvals if role not in given]


def approval_refused(actor: Any, intervention: Intervention, rule: InterventionRule, pack: PolicyPack) -> str | None:
    """Why `actor` may not give the approval a proposed intervention waits for next, or None if they may.

    `intervention_decide`'s rule; lists and pages read it too, to offer the step only to those it accepts.
    Approvers hold the next pack role's staff role or a more senior one, did not propose it, and decide once.
    """
    waiting = outstanding_approvals(intervention, rule)
    if not waiting:
        return "this intervention is waiting for no approval"
    if not can_act_as(actor, pack.staff_role(waiting[0])):
        return f"this needs the approval of the {pack.role_label(waiting[0])}"
    if intervention.proposed_by_id == actor.pk:
        return "you proposed this intervention: someone else must approve it"
    if any(approval.approver_id == actor.pk for approval in intervention.approvals.all()):
        return "you have already approved this intervention: the next approval must come from someone else"
    return None


@transaction.atomic
def intervention_decide(
    *, actor: Any, case: Case | str, intervention_id: int, decision: str, reason: str, version: int | None = None
) -> Intervention:
    """Approve or reject at the next step of the pack's approval chain. Approvers hold that pack role's
    staff role or a more senior one, did not propose it, and approve once each."""
    case = locked_case(
        case, actor=actor, capability="intervention.approve", doing="approve interventions", version=version
    )
    choice(decision, "decision", Decision.values)
    why = text(reason, "reason")
    intervention = Intervention.objects.filter(case=case, pk=intervention_id).first()
    if intervention is None:
        raise NotFound(f"no intervention {intervention_id} on case {case.reference}")
    replay = Replay(case)
    rule = _rule(replay.pack, intervention.kind)
    if intervention.status != InterventionStatus.PROPOSED:
        raise InvalidInput(
            f"this {rule.label.lower()} is {intervention.get_status_display().lower()}, not waiting for approval",
            fields={"intervention": "not waiting for approval"},
        )
    refused = approval_refused(actor, intervention, rule, replay.pack)
    if refused is not None:
        raise NotAllowed(refused)
    waiting = outstanding_approvals(intervention, rule)
    role = waiting[0]
    approval = InterventionApproval(
        intervention=intervention, approver_role=role, approver=actor, decision=decision, reason=why, decided_at=now()
    )
    if decision == Decision.REJECTED:
        verb = "intervention.rejected"
        intervention.status = InterventionStatus.REJECTED
    elif len(waiting) == 1:
        verb = "intervention.approved"
        intervention.status = InterventionStatus.APPROVED
    else:
        verb = "intervention.approval-given"
    step(
        case,
        actor=actor,
        verb=verb,
        at=approval.decided_at,
        target=intervention,
        payload={"intervention": rule.id, "role": role, "decision": decision, "reason": why},
        replay=replay,
    )
    approval.save()
    intervention.save(update_fields=["status"])
    return intervention


@transaction.atomic
def intervention_start(
    *, actor: Any, case: Case | str, intervention_id: int, version: int | None = None
) -> Intervention:
    """Start an approved intervention (or one the pack needs no approval for)."""
    case = locked_case(case, actor=actor, capability="case.work", doing="start an intervention", version=version)
    intervention = Intervention.objects.filter(case=case, pk=intervention_id).first()
    if intervention is None:
        raise NotFound(f"no intervention {intervention_id} on case {case.reference}")
    rule = _rule(pack_named(case.pack_id), intervention.kind)
    if intervention.status != InterventionStatus.APPROVED:
        raise InvalidInput(
            f"this {rule.label.lower()} is {intervention.get_status_display().lower()}: "
            "only an approved intervention can start",
            fields={"intervention": "not approved"},
        )
    if rule.legal:
        require(actor, "intervention.approve", "start legal action")
    intervention.status = InterventionStatus.STARTED
    intervention.started_at = now()
    step(
        case,
        actor=actor,
        verb="intervention.started",
        at=intervention.started_at,
        target=intervention,
        payload={"intervention": rule.id, "legal": rule.legal},
    )
    intervention.save(update_fields=["status", "started_at"])
    return intervention
