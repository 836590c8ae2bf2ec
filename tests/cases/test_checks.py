"""Text the database would refuse is refused first, naming the field, with nothing written."""

import pytest

from casework.cases import services
from casework.cases.models import Case, Person
from casework.cases.services.intake import AddressInput, PartyInput, PersonInput
from casework.errors import InvalidInput
from tests.factories import report


def test_text_longer_than_its_column_is_refused_naming_the_field(people):
    too_long = report(parties=[PartyInput(person=PersonInput(name="Alex", phone="0" * 31), role="complainant")])

    with pytest.raises(InvalidInput) as refused:
        services.case_open(actor=people.contact_centre, report=too_long)

    assert refused.value.fields == {"phone": "at most 30 characters"}
    assert Case.objects.count() == 0
    assert Person.objects.count() == 0


def test_a_nul_character_is_refused_rather_than_reaching_the_database(people):
    hostile = report(address=AddressInput(line1="12 Example Street", postcode="ZZ1 1AA", town="Nul\x00town"))

    with pytest.raises(InvalidInput, match="town contains a character that cannot be stored"):
        services.case_open(actor=people.contact_centre, report=hostile)

    assert Case.objects.count() == 0
