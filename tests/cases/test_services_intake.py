"""Intake: opening a case from a report (casework/cases/services/intake.py)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from casework.cases import services
from casework.cases.models import Case, CaseEvent, CaseLink, Enquiry, Incident, Person
from casework.cases.packs import pack_named
from casework.cases.services.intake import AddressInput, PartyInput, PersonInput
from casework.domain.events import LONDON
from casework.errors import Conflict, InvalidInput, NotFound
from tests.cases.helpers import everything, footprint, open_case, reload, verbs
from tests.factories import another_report, organisation, report

REFERENCE = re.compile(r"^ASB-(\d{4})-(\d{6})$")


# -- triage from the pack -----------------------------------------------------------------------------


def test_a_report_is_triaged_by_the_active_pack(people):
    case = services.case_open(actor=people.contact_centre, report=report(types=["Harassment"], priority=None))

    assert case.pack_id == "places-for-people"
    assert case.pack_version == pack_named("places-for-people").version
    assert case.type_ids == ["harassment"]
    assert case.priority == "high"
    assert case.owner_role == "tenancy-enforcement-manager"
    assert case.owner == people.enforcement
    assert case.team == people.team
    assert case.stage == "report-received"
    assert case.is_open
    assert case.version == 2  # created, then re-derived from its first events


def test_the_officer_picks_the_priority_where_the_pack_lets_them(people):
    case = services.case_open(actor=people.contact_centre, report=report(priority="low"))

    assert case.priority == "low"
    assert case.owner_role == "community-housing-manager"


def test_officer_decides_types_need_a_priority(people):
    before = everything()

    with pytest.raises(InvalidInput) as refused:
        services.case_open(actor=people.contact_centre, report=report(priority=None))

    assert refused.value.fields == {"priority": "required"}
    assert "medium" in refused.value.message
    assert "low" in refused.value.message
    assert everything() == before


def test_a_priority_the_officer_cannot_choose_is_refused(people):
    with pytest.raises(InvalidInput) as refused:
        services.case_open(actor=people.contact_centre, report=report(priority="high"))

    assert "priority" in refused.value.fields


@pytest.mark.parametrize("pack_id", ["places-for-people", "co-op-homes", "believe-housing"])
def test_hate_related_reports_are_always_the_most_urgent_priority(people, pack_id):
    organisation(pack_id)
    pack = pack_named(pack_id)
    least_urgent = pack.priorities[-1].id
    types = {"places-for-people": ["noise-nuisance"], "co-op-homes": ["noise"], "believe-housing": ["noise"]}

    case = services.case_open(
        actor=people.contact_centre,
        report=another_report(types=types[pack_id], priority=least_urgent, hate_related=True),
    )

    assert case.priority == pack.most_urgent_priority
    assert case.hate_related
    opened = case.events.get(verb="case.opened")
    assert opened.payload["hate_related"] is True
    assert opened.payload["priority"] == pack.most_urgent_priority


def test_a_hate_type_makes_the_case_hate_related_and_routes_it(people):
    case = services.case_open(actor=people.contact_centre, report=report(types=["hate-crime"], priority=None))

    assert case.hate_related
    assert case.priority == "high"
    assert "hate" in case.events.get(verb="case.opened").payload["routes"]


def test_a_report_that_is_not_asb_is_refused_with_the_packs_reason_and_advice(people):
    not_asb = next(entry for entry in pack_named("places-for-people").not_asb if entry.id == "footsteps")
    before = everything()

    with pytest.raises(InvalidInput) as refused:
        services.case_open(actor=people.contact_centre, report=report(types=["footsteps"], priority=None))

    assert refused.value.fields == {"types": "not ASB"}
    assert not_asb.reason in refused.value.message
    assert not_asb.advice in refused.value.message
    assert everything() == before


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"types": []}, "types"),
        ({"types": ["juggling"]}, "types"),
        ({"channel": "carrier-pigeon"}, "channel"),
        ({"summary": "   "}, "summary"),
        ({"address": None, "location": ""}, "address"),
        ({"received_at": timezone.now() + timedelta(days=1)}, "received_at"),
        ({"address": AddressInput(line1="", postcode="ZZ1 1AA")}, "address.line1"),
        (
            {"parties": [PartyInput(person=PersonInput(name="Kid Example"), role="witness", under_18=True)]},
            "guardian",
        ),
        ({"parties": [PartyInput(person=PersonInput(name="Someone"), role="bystander")]}, "role"),
        ({"parties": [PartyInput(person=PersonInput(name="  "), role="witness")]}, "name"),
    ],
)
def test_a_report_that_cannot_be_recorded_names_the_field_and_writes_nothing(people, overrides, field):
    before = everything()

    with pytest.raises(InvalidInput) as refused:
        services.case_open(actor=people.contact_centre, report=another_report(**overrides))

    assert field in refused.value.fields
    assert everything() == before


def test_a_report_of_an_incident_in_the_future_is_refused(people):
    before = everything()

    with pytest.raises(InvalidInput) as refused:
        services.case_open(
            actor=people.contact_centre, report=another_report(occurred_at=timezone.now() + timedelta(days=3))
        )

    assert "occurred_at" in refused.value.fields
    assert everything() == before


# -- allocation -------------------------------------------------------------------------------------------


def test_a_case_goes_to_the_holder_of_the_owning_pack_role_with_fewest_open_cases(people):
    # The officer and the outsider both hold community-housing-manager; the colleague holds another role.
    open_case(people.contact_centre, owner=people.officer)
    open_case(people.contact_centre, owner=people.officer)
    open_case(people.contact_centre, owner=people.outsider)

    case = open_case(people.contact_centre)

    assert case.owner == people.outsider
    assert case.team == people.other_team


def test_allocation_ties_go_to_the_longest_serving_holder(people):
    case = open_case(people.contact_centre)

    assert case.owner == people.officer


def test_inactive_staff_are_not_allocated_cases(people):
    people.officer.is_active = False
    people.officer.save()

    case = open_case(people.contact_centre)

    assert case.owner == people.outsider


def test_a_named_owner_gets_the_case(people):
    case = open_case(people.contact_centre, owner=people.colleague)

    assert case.owner == people.colleague
    assert case.events.get(verb="case.opened").payload["owner"] == "colleague"


def test_an_unknown_named_owner_is_refused(people):
    before = everything()

    with pytest.raises(InvalidInput) as refused:
        services.case_open(actor=people.contact_centre, report=another_report(owner_id=987654))

    assert refused.value.fields == {"owner": "unknown member of staff"}
    assert everything() == before


# -- references ---------------------------------------------------------------------------------------------


def test_references_are_numbered_by_year_without_gaps(people):
    first = open_case(people.contact_centre)
    with pytest.raises(InvalidInput):  # refused after its number was drawn: the number is not used up
        services.case_open(
            actor=people.contact_centre,
            report=another_report(
                parties=[PartyInput(person=PersonInput(name="Kid Example"), role="witness", under_18=True)]
            ),
        )
    second = open_case(people.contact_centre)

    year = timezone.now().astimezone(LONDON).year
    numbers = [REFERENCE.match(c.reference) for c in (first, second)]
    assert all(numbers)
    assert [int(m.group(1)) for m in numbers] == [year, year]
    assert int(numbers[1].group(2)) == int(numbers[0].group(2)) + 1


def test_the_reference_year_is_the_london_year_the_report_was_received(people):
    new_years_eve = datetime(2025, 12, 31, 23, 30, tzinfo=LONDON)
    new_year = datetime(2026, 1, 1, 0, 30, tzinfo=LONDON)

    old = open_case(people.contact_centre, received_at=new_years_eve)
    new = open_case(people.contact_centre, received_at=new_year)

    assert old.reference == "ASB-2025-000001"
    assert new.reference == "ASB-2026-000001"
    assert old.opened_at == new_years_eve


# -- duplicates -------------------------------------------------------------------------------------------------


def _existing(people, **address):
    address = {"line1": "12 Example Street", "postcode": "ZZ1 1AA", "uprn": "100012345678", **address}
    return services.case_open(actor=people.contact_centre, report=report(address=AddressInput(**address)))


@pytest.mark.parametrize(
    "where",
    [
        AddressInput(line1="Flat A, 12 Example St", postcode="ZZ2 2BB", uprn="100012345678"),
        AddressInput(line1="12 example street", postcode="zz11aa"),
        AddressInput(line1="12 EXAMPLE STREET ", postcode=" Zz1  1aA"),
    ],
    ids=["same-uprn", "same-first-line-and-postcode", "any-case-and-spacing"],
)
def test_a_report_at_the_address_of_an_open_case_is_a_conflict_listing_it(people, where):
    existing = _existing(people)
    before = everything()

    with pytest.raises(Conflict) as refused:
        services.case_open(actor=people.contact_centre, report=another_report(address=where))

    assert existing.reference in refused.value.message
    assert refused.value.fields == {"duplicates": existing.reference}
    assert everything() == before


def test_a_report_naming_a_party_of_an_open_case_is_a_conflict_listing_it(people):
    existing = _existing(people)
    before = everything()
    named = another_report(parties=[PartyInput(person=PersonInput(name="  sam SAMPLE "), role="alleged-perpetrator")])

    with pytest.raises(Conflict) as refused:
        services.case_open(actor=people.contact_centre, report=named)

    assert refused.value.fields == {"duplicates": existing.reference}
    assert everything() == before


def test_every_candidate_is_listed(people):
    first = _existing(people)
    second = services.case_open(
        actor=people.contact_centre,
        report=another_report(parties=[PartyInput(person=PersonInput(name="Sam Sample"), role="witness")]),
        open_anyway=True,
    )

    with pytest.raises(Conflict) as refused:
        services.case_open(actor=people.contact_centre, report=report())

    assert set(refused.value.fields["duplicates"].split(",")) == {first.reference, second.reference}


def test_a_report_elsewhere_about_other_people_is_not_a_duplicate(people):
    _existing(people)

    case = services.case_open(actor=people.contact_centre, report=another_report())

    assert case.pk


def test_a_closed_case_is_not_a_duplicate(people):
    organisation("believe-housing")
    closed = services.case_open(
        actor=people.contact_centre, report=report(types=["noise"], priority="five-working-days")
    )
    services.case_close(actor=people.officer, case=closed.reference, reason="resolved")

    case = services.case_open(actor=people.contact_centre, report=report(types=["noise"], priority="five-working-days"))

    assert case.address_id == closed.address_id


def test_open_anyway_opens_a_second_case_at_the_same_address(people):
    existing = _existing(people)

    case = services.case_open(actor=people.contact_centre, report=report(), open_anyway=True)

    assert case.reference != existing.reference
    assert case.address_id == existing.address_id  # one address, two cases
    assert Person.objects.filter(name="Alex Example").count() == 2


# -- repeat reports and links ------------------------------------------------------------------------------


def test_a_repeat_report_is_added_to_the_open_case(people):
    case = open_case(people.contact_centre, owner=people.officer)
    version = reload(case).version

    incident = services.case_add_report(
        actor=people.contact_centre,
        reference=case.reference,
        report=another_report(summary="It happened again last night.", channel="web"),
    )

    assert incident.case == case
    assert incident.description == "It happened again last night."
    assert incident.source == "web"
    event = case.events.order_by("-id").first()
    assert (event.verb, event.actor, event.payload["repeat_report"]) == (
        "incident.reported",
        people.contact_centre,
        True,
    )
    assert event.target_id == incident.pk
    assert reload(case).version == version + 1


def test_a_repeat_report_needs_a_summary(people):
    case = open_case(people.contact_centre, owner=people.officer)
    before = footprint(case)

    with pytest.raises(InvalidInput) as refused:
        services.case_add_report(actor=people.officer, reference=case.reference, report=another_report(summary=""))

    assert refused.value.fields == {"summary": "required"}
    assert footprint(case) == before


def test_a_repeat_report_by_an_unknown_channel_is_refused(people):
    case = open_case(people.contact_centre, owner=people.officer)
    before = footprint(case)

    with pytest.raises(InvalidInput) as refused:
        services.case_add_report(
            actor=people.officer, reference=case.reference, report=another_report(channel="carrier-pigeon")
        )

    assert "channel" in refused.value.fields
    assert footprint(case) == before


def test_a_repeat_report_of_an_incident_in_the_future_is_refused(people):
    case = open_case(people.contact_centre, owner=people.officer)
    before = footprint(case)

    with pytest.raises(InvalidInput) as refused:
        services.case_add_report(
            actor=people.officer,
            reference=case.reference,
            report=another_report(occurred_at=timezone.now() + timedelta(days=3)),
        )

    assert "occurred_at" in refused.value.fields
    assert footprint(case) == before


def test_a_repeat_report_for_a_case_that_is_not_open_is_not_found(people):
    with pytest.raises(NotFound):
        services.case_add_report(actor=people.officer, reference="ASB-2026-999999", report=another_report())
    assert not Incident.objects.exists()


def test_cases_are_linked_with_a_reason(people):
    case = open_case(people.officer, owner=people.officer)
    other = open_case(people.officer, owner=people.officer)

    link = services.case_link(
        actor=people.officer, case=case.reference, other=other.reference, kind="related", reason=" Same block "
    )

    assert (link.from_case, link.to_case, link.kind, link.reason, link.linked_by) == (
        case,
        other,
        "related",
        "Same block",
        people.officer,
    )
    event = case.events.get(verb="case.linked")
    assert event.payload == {"to": other.reference, "kind": "related"}
    assert event.actor == people.officer


@pytest.mark.parametrize(
    ("kind", "other", "field"),
    [("related", "self", "other"), ("cousin", "other", "kind"), ("related", "linked", "other")],
    ids=["to-itself", "unknown-kind", "already-linked"],
)
def test_a_link_that_cannot_be_made_is_refused(people, kind, other, field):
    case = open_case(people.officer, owner=people.officer)
    another = open_case(people.officer, owner=people.officer)
    services.case_link(actor=people.officer, case=case.reference, other=another.reference, kind="related")
    targets = {"self": case.reference, "other": another.reference, "linked": another.reference}
    if other == "linked":  # the reverse of an existing link is the same link
        case, another = another, case
        targets["linked"] = another.reference
    before = footprint(case), CaseLink.objects.count()

    with pytest.raises(InvalidInput) as refused:
        services.case_link(actor=people.officer, case=case.reference, other=targets[other], kind=kind)

    assert field in refused.value.fields
    assert (footprint(case), CaseLink.objects.count()) == before


def test_a_link_to_a_case_the_user_cannot_see_is_not_found(people):
    case = open_case(people.officer, owner=people.officer)
    hidden = open_case(people.outsider, owner=people.outsider)
    before = footprint(case)

    with pytest.raises(NotFound):
        services.case_link(actor=people.officer, case=case.reference, other=hidden.reference, kind="related")

    assert footprint(case) == before


def test_opening_writes_the_opening_events_by_the_person_who_logged_it(people):
    received = timezone.now() - timedelta(hours=3)

    case = services.case_open(actor=people.contact_centre, report=report(received_at=received))

    events = list(CaseEvent.objects.filter(case=case).order_by("id"))
    assert [e.verb for e in events] == ["case.opened", "incident.reported"]
    assert {e.actor for e in events} == {people.contact_centre}
    assert all(e.at == received for e in events)
    assert case.created_by == people.contact_centre
    assert verbs(case) == ["case.opened", "incident.reported"]
    assert Case.objects.get(pk=case.pk).parties.count() == 2


def test_a_report_that_is_not_asb_is_recorded_as_an_enquiry_with_the_advice_given(people):
    enquiry = services.enquiry_record(actor=people.contact_centre, report=report(types=["footsteps"], priority=None))

    assert enquiry.types == ["footsteps"]
    assert enquiry.reason
    assert enquiry.advice
    assert enquiry.reporter_name == "Alex Example"
    assert enquiry.address is not None
    assert enquiry.address.postcode == "ZZ1 1AA"
    assert not Case.objects.exists()


def test_an_asb_report_cannot_be_filed_away_as_an_enquiry(people):
    with pytest.raises(InvalidInput, match="open a case instead"):
        services.enquiry_record(actor=people.contact_centre, report=report())
    assert not Enquiry.objects.exists()
