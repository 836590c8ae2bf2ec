"""Changing what a case is and who has it: priority, types, owner. Each change carries its reason."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from casework.accounts.models import StaffProfile
from casework.cases.engine import Replay
from casework.cases.models import Case, CaseType
from casework.cases.packs import pack_named
from casework.cases.services.base import choice, locked_case, now, step, text
from casework.domain.packs.schema import AsbType
from casework.domain.triage import TriageError, match_type
from casework.errors import InvalidInput


@transaction.atomic
def case_priority_change(
    *, actor: Any, case: Case | str, priority: str, reason: str, version: int | None = None
) -> Case:
    """Raise or lower the priority; deadlines still open follow the new priority from today."""
    case = locked_case(case, actor=actor, capability="case.work", doing="change the priority", version=version)
    replay = Replay(case)
    choice(priority, "priority", [p.id for p in replay.pack.priorities])
    why = text(reason, "reason")
    if priority == replay.priority:
        raise InvalidInput(
            f"the case is already {replay.pack.priority_label(priority)} priority", fields={"priority": "unchanged"}
        )
    if case.hate_related and priority != replay.pack.most_urgent_priority:
        raise InvalidInput("a hate-related case stays at the most urgent priority", fields={"priority": "hate-related"})
    step(
        case,
        actor=actor,
        verb="priority.changed",
        at=now(),
        payload={"priority": priority, "from": replay.priority, "reason": why},
        replay=replay,
    )
    return case


@transaction.atomic
def case_types_change(
    *, actor: Any, case: Case | str, types: list[str], reason: str, version: int | None = None
) -> Case:
    """Change the ASB types (which decide the duties that apply); the priority changes only on purpose."""
    case = locked_case(case, actor=actor, capability="case.work", doing="change the types", version=version)
    replay = Replay(case)
    pack = replay.pack
    why = text(reason, "reason")
    if not types:
        raise InvalidInput("a case needs at least one type", fields={"types": "required"})
    matched = []
    for given in types:
        try:
            entry = match_type(pack, given)
        except TriageError as error:
            raise InvalidInput(str(error), fields={"types": str(error)}) from None
        if not isinstance(entry, AsbType):
            raise InvalidInput(
                f"{entry.label} is not ASB under {pack.pack.name}: {entry.reason}", fields={"types": "not ASB"}
            )
        matched.append(entry.id)
    matched = list(dict.fromkeys(matched))
    before = case.type_ids
    if sorted(before) == sorted(matched):
        raise InvalidInput("those are already the case's types", fields={"types": "unchanged"})
    CaseType.objects.filter(case=case).delete()
    CaseType.objects.bulk_create(CaseType(case=case, type_id=t) for t in matched)
    extra: list[tuple[str, dict[str, Any]]] = []
    if any(t.hate_related for t in pack.types if t.id in matched):
        case.hate_related = True
        if replay.priority != pack.most_urgent_priority:
            # Hate-related cases are always the most urgent priority, however they became hate-related.
            reason = "hate-related: always the most urgent priority"
            extra.append(
                ("priority.changed", {"priority": pack.most_urgent_priority, "from": replay.priority, "reason": reason})
            )
    step(
        case,
        actor=actor,
        verb="types.changed",
        at=now(),
        payload={"types": matched, "from": before, "reason": why},
        extra=extra,
        replay=replay,
    )
    return case


@transaction.atomic
def case_reassign(
    *,
    actor: Any,
    case: Case | str,
    owner_id: int,
    reason: str,
    owner_role: str | None = None,
    version: int | None = None,
) -> Case:
    """Give the case to another officer (and team); their pack role becomes the owning role unless named."""
    case = locked_case(case, actor=actor, capability="case.reassign", doing="reassign a case", version=version)
    pack = pack_named(case.pack_id)
    why = text(reason, "reason")
    owner = get_user_model().objects.filter(pk=owner_id, is_active=True).first()
    profile = StaffProfile.objects.filter(user_id=owner_id).select_related("team").first()
    if owner is None or profile is None:
        raise InvalidInput(f"no member of staff {owner_id}", fields={"owner": "unknown member of staff"})
    if owner.pk == case.owner_id:
        raise InvalidInput("the case is already theirs", fields={"owner": "unchanged"})
    role = owner_role or profile.pack_role or case.owner_role
    choice(role, "owner_role", [r.id for r in pack.roles])
    case.owner = owner
    case.team = profile.team or case.team
    step(
        case,
        actor=actor,
        verb="owner.changed",
        at=now(),
        payload={
            "role": role,
            "owner": owner.get_username(),
            "team": case.team.name if case.team else None,
            "reason": why,
        },
    )
    return case
