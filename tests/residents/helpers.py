"""What the residents' tests share: links for the fixture case's people, closing it, and the canary check."""

from __future__ import annotations

from casework.cases import services
from casework.residents import links
from casework.residents.models import LinkPurpose
from tests.residents.conftest import (
    PERPETRATOR,
    PERPETRATOR_PHONE,
    PERPETRATOR_STREET,
    WITNESS,
    WITNESS_EMAIL,
    WITNESS_PHONE,
    party,
)

#: The smallest file the sniffer takes for a PNG picture.
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
#: A PDF's opening bytes and a little body.
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
#: A Windows program's opening bytes: what a ".jpg" that is really a program starts with.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64

#: Every part of the alleged perpetrator's and the witness's identity the fixture case holds.
OTHERS = (
    PERPETRATOR,
    "Zephyrine",
    "Quillfeather",
    PERPETRATOR_PHONE,
    PERPETRATOR_PHONE.replace(" ", ""),
    PERPETRATOR_STREET,
    "ZZ1 1AB",
    WITNESS,
    "Ottoline",
    "Brackenbury",
    WITNESS_EMAIL,
    WITNESS_PHONE,
    WITNESS_PHONE.replace(" ", ""),
)


def case_link(case, role: str = "complainant"):
    return links.issue(party=party(case, role), purpose=LinkPurpose.CASE)


def diary_link(case, role: str = "witness"):
    return links.issue(party=party(case, role), purpose=LinkPurpose.DIARY)


def close(case, people, reason: str = "resolved") -> None:
    """Close a Places for People case: its path wants a risk assessment and a written action plan first."""
    services.risk_assessment_record(actor=people.officer, case=case.reference, answers={"1": "Daily"})
    if not case.action_plan.exists():
        services.action_plan_item_add(actor=people.officer, case=case.reference, for_whom="landlord", action="Visit")
    services.action_plan_send(actor=people.officer, case=case.reference, method="email")
    services.case_close(actor=people.officer, case=case.reference, reason=reason)


def assert_canary_free(text: str) -> None:
    """No part of another party's identity in `text` (the alleged perpetrator's, or the witness's)."""
    for secret in OTHERS:
        assert secret.casefold() not in text.casefold(), secret
