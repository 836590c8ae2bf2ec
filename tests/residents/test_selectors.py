"""A resident's view of their case: status in plain words, officer, plan, next contact, contacts, what they sent,
and never anyone else's identity."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework.cases import services
from casework.cases.models import Obligation
from casework.cases.services.intake import PartyInput, PersonInput
from casework.residents import selectors
from casework.residents import services as resident_services
from tests.residents.conftest import PERPETRATOR, PERPETRATOR_STREET, WITNESS, party
from tests.residents.helpers import PNG, case_link, close, diary_link
from tests.residents.helpers import assert_canary_free as canary_free

pytestmark = pytest.mark.django_db


def test_an_open_case_in_plain_words(resident_case, people):
    view = selectors.resident_case(case_link(resident_case))
    assert view.reference == resident_case.reference
    assert view.is_open
    assert view.stage == "Incident report received"
    assert view.stage_meaning.startswith("We have your report")
    assert view.officer == f"{people.officer.first_name} {people.officer.last_name}"
    assert view.about == ["Noise Nuisance"]
    assert view.closed_at is None
    assert not view.survey_open
    assert view.complaints_route


def test_an_unowned_case_says_no_officer_yet(resident_case):
    type(resident_case).objects.filter(pk=resident_case.pk).update(owner=None)
    link = case_link(resident_case)
    link.case.refresh_from_db()
    assert selectors.resident_case(link).officer == "Not yet assigned"


def test_the_plan_in_three_parts_with_other_peoples_names_withheld(resident_case, people):
    ref = resident_case.reference
    services.action_plan_item_add(
        actor=people.officer, case=ref, for_whom="complainant", action="Keep the diary sheets", due=None
    )
    services.action_plan_item_add(
        actor=people.officer, case=ref, for_whom="landlord", action=f"Write to {PERPETRATOR} at {PERPETRATOR_STREET}"
    )
    services.action_plan_item_add(
        actor=people.officer, case=ref, for_whom="agency", action="Patrol the street", owner_name="Police"
    )
    services.action_plan_item_add(
        actor=people.officer,
        case=ref,
        for_whom="agency",
        action=f"Take a statement from {WITNESS}",
        owner_name=WITNESS,
    )
    view = selectors.resident_case(case_link(resident_case))
    assert [a.action for a in view.your_actions] == ["Keep the diary sheets"]
    assert view.our_actions[0].action == "Write to [withheld] at [withheld]"
    assert [(a.action, a.who) for a in view.others_actions] == [
        ("Patrol the street", "Police"),
        ("Take a statement from [withheld]", ""),
    ]
    canary_free(repr(view))


def test_the_report_is_shown_with_other_parties_withheld(resident_case):
    view = selectors.resident_case(case_link(resident_case))
    # The report that opened the case is the complainant's first incident, so it is not shown twice.
    assert view.summary == ""
    assert "Loud music from [withheld] every night" in view.diary[0].what_happened
    canary_free(repr(view))


def test_the_report_is_shown_to_an_advocate_with_other_parties_withheld(resident_case, people):
    services.party_add(
        actor=people.officer,
        case=resident_case.reference,
        party=PartyInput(person=PersonInput(name="Avery Advocate", email="avery@example.org"), role="advocate"),
    )
    view = selectors.resident_case(case_link(resident_case, "advocate"))
    assert view.diary == []
    assert view.summary.startswith("Loud music from [withheld]")
    assert view.may_ask_case_review
    canary_free(repr(view))


def test_next_contact_is_the_earliest_pending_contact_duty(resident_case):
    view = selectors.resident_case(case_link(resident_case))
    pending = (
        Obligation.objects.filter(case=resident_case, state="pending", kind__in=selectors.CONTACT_DUTIES)
        .order_by("due_date", "id")
        .first()
    )
    assert pending is not None
    assert view.next_contact is not None
    assert view.next_contact.due == pending.due_date
    assert view.next_contact.about == selectors.CONTACT_DUTIES[pending.kind]


def test_with_no_contact_duty_pending_there_is_no_date(resident_case):
    Obligation.objects.filter(case=resident_case).update(state="met")
    assert selectors.resident_case(case_link(resident_case)).next_contact is None


def test_contacts_with_the_viewer_never_their_notes_nor_contacts_with_others(resident_case, people):
    ref = resident_case.reference
    complainant = party(resident_case, "complainant")
    witness = party(resident_case, "witness")
    services.contact_record(
        actor=people.officer,
        case=ref,
        method="phone",
        outcome="made",
        party_id=complainant.pk,
        notes="Secret officer note",
    )
    services.contact_record(actor=people.officer, case=ref, method="letter", outcome="made")
    services.contact_record(actor=people.officer, case=ref, method="phone", outcome="no-answer", party_id=witness.pk)
    view = selectors.resident_case(case_link(resident_case))
    assert [(c.method, c.outcome) for c in view.contacts] == [("Letter", "Sent to you"), ("Phone", "We spoke to you")]
    assert "Secret officer note" not in repr(view)


def test_only_their_own_diary_entries_and_files(resident_case):
    complainant_link = case_link(resident_case)
    witness_link = diary_link(resident_case)
    at = timezone.now() - timedelta(hours=2)
    resident_services.diary_add(complainant_link, occurred_at=at, what_happened="Music again", how_it_affected_you="")
    resident_services.diary_add(witness_link, occurred_at=at, what_happened="Witness saw it", how_it_affected_you="")
    resident_services.evidence_send(complainant_link, name="noise.png", content=PNG, content_type="image/png")
    view = selectors.resident_case(complainant_link)
    told = [e.what_happened for e in view.diary]
    assert "Music again" in told
    assert "Witness saw it" not in told
    assert [(f.name, f.kind) for f in view.files] == [("noise.png", "Photo or picture")]
    witness_view = selectors.resident_diary(witness_link)
    assert [e.what_happened for e in witness_view.entries] == ["Witness saw it"]


def test_a_closed_case_says_when_and_why_and_opens_the_survey(resident_case, people):
    close(resident_case, people)
    link = case_link(resident_case)
    view = selectors.resident_case(link)
    assert not view.is_open
    assert view.stage == "Closed"
    assert view.closed_because == "the problem was resolved"
    assert view.closed_at is not None
    assert view.next_contact is None
    assert view.survey_open
    resident_services.survey_answer(link, satisfaction="fairly-satisfied")
    answered = selectors.resident_case(link)
    assert answered.survey_answered
    assert not answered.survey_open


def test_case_review_requests_and_their_outcome(resident_case, people):
    link = case_link(resident_case)
    request = resident_services.case_review_ask(link)
    view = selectors.resident_case(link)
    assert view.review_waiting is not None
    services.case_review_decide(
        actor=people.manager,
        case=resident_case.reference,
        request_id=request.pk,
        outcome="threshold-not-met",
        notes=f"Only one incident; {PERPETRATOR} has not been seen since",
    )
    view = selectors.resident_case(link)
    assert view.review_waiting is None
    assert view.reviews[0].outcome == "Your case did not meet the threshold for an ASB Case Review."
    canary_free(repr(view))


def test_the_case_page_reads_in_a_fixed_number_of_queries(resident_case, people):
    link = case_link(resident_case)
    ref = resident_case.reference
    complainant = party(resident_case, "complainant")

    def count() -> int:
        link.case.refresh_from_db()
        with CaptureQueriesContext(connection) as queries:
            selectors.resident_case(link)
        return len(queries)

    before = count()
    at = timezone.now() - timedelta(hours=1)
    for n in range(3):
        services.action_plan_item_add(actor=people.officer, case=ref, for_whom="landlord", action=f"Action {n}")
        services.contact_record(actor=people.officer, case=ref, method="phone", outcome="made", party_id=complainant.pk)
        resident_services.diary_add(link, occurred_at=at, what_happened=f"Entry {n}", how_it_affected_you="")
        resident_services.evidence_send(link, name=f"{n}.png", content=PNG + bytes([n]), content_type="image/png")
    assert count() == before
