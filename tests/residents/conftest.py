"""Residents' tests use the case tests' organisation and staff, and a case with people to keep apart."""

from __future__ import annotations

import pytest

from casework.cases import services
from casework.cases.models import Party
from casework.cases.services.intake import AddressInput, PartyInput, PersonInput
from tests.cases.conftest import _empty_evidence_storage, org, people  # noqa: F401  (fixtures)
from tests.factories import report

#: Distinctive identities: a resident's page or email that shows another party's shows one of these.
COMPLAINANT = "Marigold Fenwick-Osei"
COMPLAINANT_EMAIL = "marigold.fo@example.org"
WITNESS = "Ottoline Brackenbury"
WITNESS_EMAIL = "ottoline.b@example.org"
WITNESS_PHONE = "07700 900 517"
PERPETRATOR = "Zephyrine Quillfeather"
PERPETRATOR_PHONE = "07700 900 463"
PERPETRATOR_STREET = "7 Larkspur Mews"


@pytest.fixture
def resident_case(people):  # noqa: F811  (the fixture imported above)
    """An open case with a complainant (with an email), a witness (with an email) and an alleged perpetrator."""
    return services.case_open(
        actor=people.contact_centre,
        report=report(
            summary=f"Loud music from {PERPETRATOR_STREET} every night; {PERPETRATOR} shouts at callers.",
            parties=[
                PartyInput(
                    person=PersonInput(
                        name=COMPLAINANT,
                        email=COMPLAINANT_EMAIL,
                        address=AddressInput(line1="12 Example Street", postcode="ZZ1 1AA"),
                    ),
                    role="complainant",
                ),
                PartyInput(person=PersonInput(name=WITNESS, email=WITNESS_EMAIL, phone=WITNESS_PHONE), role="witness"),
                PartyInput(
                    person=PersonInput(
                        name=PERPETRATOR,
                        phone=PERPETRATOR_PHONE,
                        address=AddressInput(line1=PERPETRATOR_STREET, postcode="ZZ1 1AB"),
                    ),
                    role="alleged-perpetrator",
                ),
            ],
        ),
    )


def party(case, role: str) -> Party:
    return Party.objects.select_related("person").get(case=case, role=role)
