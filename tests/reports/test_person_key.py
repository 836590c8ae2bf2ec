"""Each party carries its person's match key (`Party.person_key`), which the repeat and NM01 queries group by."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest

from casework.cases.choices import PartyRole
from casework.cases.models import Party, Person
from tests.reports.builders import address, case, day, party

pytestmark = pytest.mark.django_db


def _key(made: Party) -> str:
    return Party.objects.get(pk=made.pk).person_key


def test_a_new_party_carries_its_persons_key(people):
    home = address()
    found = party(case(opened=day(2026, 3, 2), created_by=people.officer), PartyRole.COMPLAINANT, "Ann Lee", home=home)
    assert _key(found) == found.person.match_key == f"ann lee|a{home.pk}"


def test_someone_with_nothing_to_match_on_carries_their_own_id(people):
    found = party(case(opened=day(2026, 3, 2), created_by=people.officer), PartyRole.WITNESS, "Bo Day")
    assert _key(found) == f"|p{found.person_id}"


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda person: setattr(person, "address", address("9 Oak Road", "ZZ2 2BB")), id="address"),
        pytest.param(lambda person: setattr(person, "email", "Ann@Example.org"), id="email"),
        pytest.param(lambda person: setattr(person, "name", "Ann  LEE-Smith"), id="name"),
    ],
)
def test_every_party_follows_a_change_to_the_person(people, change):
    first = party(
        case(opened=day(2026, 3, 2), created_by=people.officer), PartyRole.COMPLAINANT, "Ann Lee", phone="07700 900123"
    )
    second = Party.objects.create(
        case=case(opened=day(2026, 4, 2), created_by=people.officer), person=first.person, role=PartyRole.COMPLAINANT
    )
    other = party(case(opened=day(2026, 4, 3), created_by=people.officer), PartyRole.COMPLAINANT, "Cy Dee")
    before = _key(other)
    person = Person.objects.get(pk=first.person_id)
    change(person)
    person.save()
    assert person.match_key != "ann lee|t07700900123"
    assert _key(first) == _key(second) == person.match_key
    assert _key(other) == before


def test_a_party_moved_to_another_person_takes_their_key(people):
    found = party(case(opened=day(2026, 3, 2), created_by=people.officer), PartyRole.COMPLAINANT, "Ann Lee")
    someone = Person.objects.create(name="Dee Fox", email="dee@example.org")
    found.person = someone
    found.save()
    assert _key(found) == "dee fox|edee@example.org"


def test_the_migration_fills_the_key_of_parties_recorded_before_it(people):
    from django.apps import apps
    from django.db import connection

    fill = importlib.import_module("casework.cases.migrations.0006_party_person_key").fill_person_keys
    home = address()
    found = party(case(opened=day(2026, 3, 2), created_by=people.officer), PartyRole.COMPLAINANT, "Ann Lee", home=home)
    Party.objects.update(person_key="")
    fill(apps, SimpleNamespace(connection=connection))  # the function reads only the editor's connection
    assert _key(found) == f"ann lee|a{home.pk}"
