"""Police disclosures: anyone working the case may record one; only the named role may read it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction

from casework.accounts.roles import roles_of
from casework.cases.models import Case, PoliceDisclosure
from casework.cases.services.base import append, locked_case, not_future, now, step, text
from casework.errors import NotAllowed


@transaction.atomic
def police_disclosure_record(
    *,
    actor: Any,
    case: Case | str,
    force: str,
    content: str,
    received_at: datetime,
    police_reference: str = "",
    version: int | None = None,
) -> PoliceDisclosure:
    case = locked_case(
        case, actor=actor, capability="police-disclosure.record", doing="record a police disclosure", version=version
    )
    disclosure = PoliceDisclosure.objects.create(
        case=case,
        received_at=not_future(received_at, "received_at"),
        force=text(force, "force", max_length=100),
        police_reference=police_reference.strip(),
        content=text(content, "content"),
        recorded_by=actor,
    )
    # The event names the force only: the history is read more widely than the disclosure may be.
    step(
        case,
        actor=actor,
        verb="police-disclosure.recorded",
        at=now(),
        target=disclosure,
        payload={"force": disclosure.force},
    )
    return disclosure


@transaction.atomic
def police_disclosures_read(*, actor: Any, case: Case | str) -> list[PoliceDisclosure]:
    """The case's police disclosures for a reader in the named role; every read is recorded."""
    case = locked_case(
        case, actor=actor, capability="police-disclosure.read", doing="read police disclosures", version=None
    )
    held = {role.value for role in roles_of(actor)}
    disclosures = [d for d in PoliceDisclosure.objects.filter(case=case) if d.readable_by in held]
    if not disclosures and PoliceDisclosure.objects.filter(case=case).exists():
        raise NotAllowed("these police disclosures are restricted to another role")
    for disclosure in disclosures:
        append(
            case,
            actor=actor,
            verb="police-disclosure.read",
            at=now(),
            target=disclosure,
            payload={"force": disclosure.force},
        )
    return disclosures
