"""Police disclosures: recorded by caseworkers, read only by the named role (casework/cases/services/police.py)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from casework.cases import services
from casework.cases.models import CaseEvent, PoliceDisclosure
from casework.errors import InvalidInput, NotAllowed
from tests.cases.helpers import footprint, open_case

SECRET = "Intelligence: the neighbour has a conviction for threats to kill (canary 7f3a)"


@pytest.fixture
def case(people):
    return open_case(people.contact_centre, owner=people.officer)


def record(people, case, **overrides):
    values = {
        "force": " Northumbria Police ",
        "content": SECRET,
        "received_at": timezone.now() - timedelta(days=1),
        "police_reference": " NP/123 ",
    }
    return services.police_disclosure_record(actor=people.officer, case=case.reference, **{**values, **overrides})


def test_an_officer_records_a_disclosure(people, case):
    disclosure = record(people, case)

    assert (disclosure.force, disclosure.police_reference, disclosure.content) == (
        "Northumbria Police",
        "NP/123",
        SECRET,
    )
    assert (disclosure.readable_by, disclosure.recorded_by) == ("operations-manager", people.officer)
    event = case.events.get(verb="police-disclosure.recorded")
    assert (event.actor, event.target_id, event.payload) == (
        people.officer,
        disclosure.pk,
        {"force": "Northumbria Police"},
    )


def test_the_operations_manager_reads_disclosures_and_every_read_is_recorded(people, case):
    first = record(people, case)
    second = record(people, case, force="Durham Constabulary")

    read = services.police_disclosures_read(actor=people.operations, case=case.reference)
    services.police_disclosures_read(actor=people.operations, case=case.reference)

    assert {d.pk for d in read} == {first.pk, second.pk}
    reads = case.events.filter(verb="police-disclosure.read").order_by("id")
    assert [(e.actor, e.target_id) for e in reads] == [
        (people.operations, second.pk),
        (people.operations, first.pk),
        (people.operations, second.pk),
        (people.operations, first.pk),
    ]


@pytest.mark.parametrize("who", ["officer", "colleague", "enforcement", "manager", "contact_centre", "admin"])
def test_nobody_else_reads_disclosures(people, case, who):
    record(people, case)
    before = footprint(case)

    with pytest.raises(NotAllowed):
        services.police_disclosures_read(actor=getattr(people, who), case=case.reference)

    assert footprint(case) == before
    assert not CaseEvent.objects.filter(verb="police-disclosure.read").exists()


def test_a_disclosure_restricted_to_another_role_is_not_read(people, case):
    disclosure = record(people, case)
    PoliceDisclosure.objects.filter(pk=disclosure.pk).update(readable_by="housing-manager")

    with pytest.raises(NotAllowed, match="restricted to another role"):
        services.police_disclosures_read(actor=people.operations, case=case.reference)

    assert not CaseEvent.objects.filter(verb="police-disclosure.read").exists()


def test_no_event_payload_contains_the_disclosure(people, case):
    record(people, case)
    services.police_disclosures_read(actor=people.operations, case=case.reference)

    payloads = json.dumps(list(case.events.values_list("payload", flat=True)))
    assert "canary 7f3a" not in payloads
    assert "conviction" not in payloads
    assert "NP/123" not in payloads


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"content": "  "}, "content"),
        ({"force": ""}, "force"),
        ({"force": "x" * 101}, "force"),
        ({"received_at": timezone.now() + timedelta(days=1)}, "received_at"),
    ],
)
def test_a_disclosure_that_cannot_be_recorded_writes_nothing(people, case, overrides, field):
    before = footprint(case)

    with pytest.raises(InvalidInput) as refused:
        record(people, case, **overrides)

    assert field in refused.value.fields
    assert footprint(case) == before


def test_the_contact_centre_cannot_record_a_disclosure(people, case):
    before = footprint(case)

    with pytest.raises(NotAllowed):
        services.police_disclosure_record(
            actor=people.contact_centre, case=case.reference, force="Police", content=SECRET, received_at=timezone.now()
        )

    assert footprint(case) == before
