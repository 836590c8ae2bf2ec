"""Output meant for an alleged perpetrator: what is alleged, never who alleged it.

Letters, subject access and any summary given to the other party go through here. Every other party's
identity — names (and each part of them), phone numbers, email addresses, addresses — is withheld from
free text, and no field that names a reporter is included at all (docs/permissions.md, "Confidentiality").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from casework.accounts.models import Organisation
from casework.cases.choices import InterventionStatus, PartyRole
from casework.cases.models import Case, Party
from casework.cases.packs import pack_named
from casework.cases.services.base import visible_case
from casework.errors import InvalidInput

WITHHELD = "[withheld]"
_SHORTEST_NAME_PART = 3


def identities(parties: Iterable[Party]) -> list[str]:
    """Every string that could identify these parties, longest first so whole names go before their parts."""
    found: set[str] = set()
    for party in parties:
        people = [party.person, *([party.guardian] if party.guardian else [])]
        for person in people:
            name = person.name.strip()
            if name:
                found.add(name)
                found.update(part for part in re.split(r"[\s\-']+", name) if len(part) >= _SHORTEST_NAME_PART)
            found.update(value for value in (person.email, person.phone, person.organisation) if value)
            if person.address is not None:
                found.update(value for value in (person.address.line1, person.address.postcode) if value)
    return sorted(found, key=len, reverse=True)


def redact(text: str, withheld: Iterable[str]) -> str:
    """`text` with every identifying string replaced, ignoring case and spacing inside phone numbers."""
    for value in withheld:
        pattern = re.escape(value)
        if re.fullmatch(r"[\d\s+()-]+", value):
            digits = re.sub(r"\D", "", value)
            pattern = r"[\s()-]*".join(re.escape(d) for d in digits)
            # A UK number is written "07700 900123" or "+44 (0)7700 900123" alike: withhold both ways.
            national = digits[1:] if digits.startswith("0") else digits[2:] if value.lstrip().startswith("+44") else ""
            if len(national) >= 9:
                rest = r"[\s()-]*".join(re.escape(d) for d in national)
                pattern = rf"(?:(?:\+|00)?44[\s-]*(?:\(0\)[\s-]*)?|0[\s()-]*){rest}"
        text = re.sub(rf"(?<!\w){pattern}(?!\w)", WITHHELD, text, flags=re.IGNORECASE)
    return text


def for_alleged_perpetrator(*, actor: Any, case: Case | str, party_id: int) -> dict[str, Any]:
    """A case summary for one alleged perpetrator: the behaviour alleged and what we are doing about it."""
    found = visible_case(case, actor=actor, capability="case.work", doing="prepare a summary for the other party")
    parties = list(Party.objects.filter(case=found).select_related("person__address", "guardian__address"))
    subject = next((p for p in parties if p.pk == party_id), None)
    if subject is None or subject.role != PartyRole.ALLEGED_PERPETRATOR:
        raise InvalidInput(
            f"party {party_id} is not an alleged perpetrator on case {found.reference}",
            fields={"party": "not an alleged perpetrator on this case"},
        )
    withheld = identities(p for p in parties if p.pk != subject.pk)
    pack = pack_named(found.pack_id)
    labels = {t.id: t.label for t in pack.types}
    kinds = {i.id: i.label for i in pack.interventions}
    return {
        "reference": found.reference,
        "landlord": Organisation.current().name,
        "to": subject.person.name,
        "behaviour": [labels.get(t, t) for t in found.type_ids],
        "incidents": [
            {
                "occurred_at": incident.occurred_at.isoformat(),
                "location": redact(incident.location, withheld),
                "what_happened": redact(incident.description, withheld),
            }
            for incident in found.incidents.order_by("occurred_at", "id")
        ],
        "actions": [
            {"action": kinds.get(i.kind, i.kind), "status": i.get_status_display()}
            for i in found.interventions.filter(
                against=subject, status__in=[InterventionStatus.APPROVED, InterventionStatus.STARTED]
            )
        ],
        "officer": found.owner.get_full_name() if found.owner else "",
    }
