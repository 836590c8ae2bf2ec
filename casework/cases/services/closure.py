"""Closing a case the pack's way (propose, agree, close) and reopening it."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from casework.accounts.roles import can_act_as
from casework.cases.choices import ClosureReason, ContactOutcome
from casework.cases.models import Case, Contact
from casework.cases.packs import pack_named
from casework.cases.services.base import choice, locked_case, now, step, text
from casework.domain.packs import PolicyPack
from casework.errors import NotAllowed, StepBlocked


@transaction.atomic
def case_closure_propose(
    *, actor: Any, case: Case | str, reason: str, note: str = "", version: int | None = None
) -> Case:
    case = locked_case(case, actor=actor, capability="case.close", doing="propose closure", version=version)
    choice(reason, "reason", ClosureReason.values)
    step(case, actor=actor, verb="closure.proposed", at=now(), payload={"reason": reason, "note": note.strip()})
    return case


def agreement_refused(actor: Any, pack: PolicyPack) -> str | None:
    """Why `actor` may not agree a closure under this pack, or None: the pack's `closure.agreed_by` role
    (or a more senior staff role) agrees, where it names one. Pages read it to offer the step."""
    agreed_by = pack.closure.agreed_by
    if agreed_by is not None and not can_act_as(actor, pack.staff_role(agreed_by)):
        return f"closure is agreed by the {pack.role_label(agreed_by)} under {pack.pack.name}"
    return None


@transaction.atomic
def case_closure_agree(*, actor: Any, case: Case | str, note: str = "", version: int | None = None) -> Case:
    """Agree closure: the pack's `closure.agreed_by` role (or more senior) where it names one."""
    case = locked_case(case, actor=actor, capability="case.close", doing="agree closure", version=version)
    refused = agreement_refused(actor, pack_named(case.pack_id))
    if refused is not None:
        raise NotAllowed(refused)
    step(case, actor=actor, verb="closure.agreed", at=now(), payload={"note": note.strip()})
    return case


def contact_attempts_since_last_contact(case: Case) -> tuple[int, int]:
    """(attempts, distinct methods) since the complainant was last reached: what the closure rule counts,
    and what the closure page shows beside it."""
    attempts = 0
    methods: set[str] = set()
    for contact in Contact.objects.filter(case=case).order_by("-at", "-id"):
        if contact.outcome == ContactOutcome.MADE:
            break
        attempts += 1
        methods.add(contact.method)
    return attempts, len(methods)


@transaction.atomic
def case_close(*, actor: Any, case: Case | str, reason: str, note: str = "", version: int | None = None) -> Case:
    """Close the case with a reason. For no contact, the pack's required attempts must have been made."""
    case = locked_case(case, actor=actor, capability="case.close", doing="close a case", version=version)
    choice(reason, "reason", ClosureReason.values)
    rules = pack_named(case.pack_id).closure
    if reason == ClosureReason.NO_CONTACT and (rules.contact_attempts_required or rules.contact_methods_required):
        attempts, methods = contact_attempts_since_last_contact(case)
        if attempts < rules.contact_attempts_required or methods < rules.contact_methods_required:
            why = (
                f"closing for no contact needs {rules.contact_attempts_required} attempts by "
                f"{rules.contact_methods_required} different methods since the last contact "
                f"({attempts} attempts by {methods} methods so far)"
            )
            raise StepBlocked(f"Close the case: not allowed yet — {why}", reasons=(why,))
    # The engine sets closed_at and closure_reason from this event, as it does the stage.
    step(case, actor=actor, verb="case.closed", at=now(), payload={"reason": reason, "note": note.strip()})
    return case


@transaction.atomic
def case_reopen(*, actor: Any, case: Case | str, reason: str, version: int | None = None) -> Case:
    """Reopen a closed case: its opening duties start again (docs/policy-packs.md)."""
    case = locked_case(case, actor=actor, capability="case.reopen", doing="reopen a case", version=version)
    why = text(reason, "reason")
    if case.is_open:
        raise StepBlocked(f"case {case.reference} is open", reasons=("the case is open",))
    # Reopening clears closed_at and closure_reason: the engine derives them from the events.
    step(case, actor=actor, verb="case.reopened", at=now(), payload={"reason": why})
    return case
