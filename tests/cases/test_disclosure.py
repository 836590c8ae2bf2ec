"""Output meant for an alleged perpetrator never contains a complainant's identity (the canary test)."""

import json

import pytest

from casework.cases import services
from casework.cases.disclosure import for_alleged_perpetrator, redact
from casework.cases.models import Party
from casework.cases.services.intake import AddressInput, PartyInput, PersonInput
from casework.errors import InvalidInput, NotFound
from tests.factories import report

CANARY = "Zephyrine Quillfeather"
CANARY_PHONE = "07700 900 463"
CANARY_EMAIL = "zq.canary@example.net"
CANARY_STREET = "7 Larkspur Mews"


@pytest.fixture
def canary_case(people):
    complainant = PartyInput(
        person=PersonInput(
            name=CANARY,
            phone=CANARY_PHONE,
            email=CANARY_EMAIL,
            address=AddressInput(line1=CANARY_STREET, postcode="ZZ9 9ZZ"),
        ),
        role="complainant",
    )
    witness = PartyInput(person=PersonInput(name="Ottoline Brackenbury"), role="witness")
    perpetrator = PartyInput(person=PersonInput(name="Sam Sample"), role="alleged-perpetrator")
    case = services.case_open(
        actor=people.contact_centre,
        report=report(
            summary=f"{CANARY} (call {CANARY_PHONE.replace(' ', '')}) says Sam Sample plays music at 3am; "
            f"Zephyrine's neighbour Ottoline heard it too. Reply to {CANARY_EMAIL}.",
            location=f"Outside {CANARY_STREET}",
            parties=[complainant, witness, perpetrator],
        ),
    )
    services.incident_record(
        actor=people.officer,
        case=case.reference,
        occurred_at=case.opened_at,
        description="Mrs QUILLFEATHER was shouted at on the stairs by Sam Sample.",
        location=CANARY_STREET,
        source="phone",
    )
    return case


def _perpetrator(case):
    return Party.objects.get(case=case, role="alleged-perpetrator")


def test_the_summary_for_the_alleged_perpetrator_keeps_what_happened_and_withholds_who_said_so(canary_case, people):
    summary = for_alleged_perpetrator(
        actor=people.officer, case=canary_case.reference, party_id=_perpetrator(canary_case).pk
    )
    text = json.dumps(summary)

    for secret in (
        CANARY,
        "Zephyrine",
        "Quillfeather",
        "QUILLFEATHER",
        "Ottoline",
        "Brackenbury",
        CANARY_EMAIL,
        "Larkspur",
    ):
        assert secret.lower() not in text.lower()
    assert "900463" not in text.replace(" ", "")
    assert "plays music at 3am" in text
    assert summary["to"] == "Sam Sample"


def test_the_summary_is_only_for_an_alleged_perpetrator(canary_case, people):
    complainant = Party.objects.get(case=canary_case, role="complainant")

    with pytest.raises(InvalidInput, match="not an alleged perpetrator"):
        for_alleged_perpetrator(actor=people.officer, case=canary_case.reference, party_id=complainant.pk)


def test_someone_who_cannot_see_the_case_learns_nothing_from_the_error(canary_case, people):
    with pytest.raises(NotFound) as refused:
        for_alleged_perpetrator(
            actor=people.outsider, case=canary_case.reference, party_id=_perpetrator(canary_case).pk
        )

    assert CANARY not in str(refused.value)
    assert str(refused.value) == f"no case {canary_case.reference}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Call Alex Example today", "Call [withheld] today"),
        ("alex said so", "[withheld] said so"),
        ("ring 07700900001", "ring [withheld]"),
        ("ring +44 7700 900001", "ring [withheld]"),
        ("ring +44 (0)7700 900 001 now", "ring [withheld] now"),
        ("ring 0044 7700 900001", "ring [withheld]"),
        ("ring 447700900001", "ring [withheld]"),
        ("Alexander is someone else", "Alexander is someone else"),
    ],
)
def test_redaction_matches_whole_words_whatever_the_case_and_phone_spacing(text, expected):
    assert redact(text, ["Alex Example", "Example", "Alex", "07700 900001"]) == expected
