"""Emails residents get without anyone sending them (casework/residents/events.py): the action plan, closure,
a new officer. Only to those following the case, only once the step is kept, and never naming anyone else."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from casework.cases import services
from casework.cases.packs import pack_named
from casework.cases.services.intake import AddressInput, PartyInput, PersonInput
from casework.residents import links
from casework.residents.models import Notification, NotificationKind
from tests.cases.helpers import open_case, ram_answers
from tests.factories import another_report
from tests.residents.conftest import (
    COMPLAINANT,
    COMPLAINANT_EMAIL,
    PERPETRATOR,
    PERPETRATOR_PHONE,
    PERPETRATOR_STREET,
    WITNESS,
    WITNESS_EMAIL,
    WITNESS_PHONE,
    party,
)
from tests.residents.helpers import case_link, close

ADVOCATE = "Wilhelmina Ashcombe-Tarrant"
ADVOCATE_EMAIL = "w.ashcombe@example.org"
LINK = re.compile(r"http://testserver/my-case/([^/\s]+)/")

#: Whatever an email to the complainant shows, none of these: the other parties' identities.
NOT_FOR_THE_COMPLAINANT = (WITNESS, "Ottoline", "Brackenbury", WITNESS_EMAIL, WITNESS_PHONE, PERPETRATOR, "Zephyrine")
NOT_FOR_THE_COMPLAINANT += ("Quillfeather", PERPETRATOR_PHONE, PERPETRATOR_STREET, "Larkspur")


def closable_case(people):
    """A Believe Housing case (closed at once, survey on closure) with a complainant and a witness who have
    email addresses, and an alleged perpetrator."""
    return open_case(
        people.contact_centre,
        pack_id="believe-housing",
        owner=people.officer,
        parties=[
            PartyInput(person=PersonInput(name=COMPLAINANT, email=COMPLAINANT_EMAIL), role="complainant"),
            PartyInput(person=PersonInput(name=WITNESS, email=WITNESS_EMAIL, phone=WITNESS_PHONE), role="witness"),
            PartyInput(
                person=PersonInput(
                    name=PERPETRATOR,
                    phone=PERPETRATOR_PHONE,
                    email="zq@example.org",
                    address=AddressInput(line1=PERPETRATOR_STREET, postcode="ZZ1 1AB"),
                ),
                role="alleged-perpetrator",
            ),
        ],
    )


def follow(case, role: str = "complainant"):
    """The party `role` on `case` with a live link to follow it (and the witness with a diary link only)."""
    who = party(case, role)
    links.issue(party=who, purpose="case")
    links.issue(party=party(case, "witness"), purpose="diary")
    return who


def assert_tells_nobody_else(body: str) -> None:
    for other in NOT_FOR_THE_COMPLAINANT:
        assert other.casefold() not in body.casefold(), other


def plan_and_send(case, people):
    officer, ref = people.officer, case.reference
    services.risk_assessment_record(actor=officer, case=ref, answers=ram_answers("lowest"))
    services.action_plan_item_add(
        actor=officer,
        case=ref,
        for_whom="complainant",
        action=f"Keep a diary of the noise from {PERPETRATOR_STREET}",
        due=timezone.localdate() + timedelta(days=14),
    )
    services.action_plan_item_add(
        actor=officer,
        case=ref,
        for_whom="landlord",
        action=f"Write to {PERPETRATOR} and ask {WITNESS} (call {WITNESS_PHONE}) what they saw",
    )
    services.action_plan_send(actor=officer, case=ref, method="email")


# -- the action plan --------------------------------------------------------------------------------------


def test_the_action_plan_is_emailed_to_the_complainant_following_the_case(
    resident_case, people, django_capture_on_commit_callbacks
):
    complainant = follow(resident_case)

    with django_capture_on_commit_callbacks(execute=True):
        plan_and_send(resident_case, people)

    [email] = mail.outbox
    assert email.to == [COMPLAINANT_EMAIL]
    assert resident_case.reference in email.subject
    body = email.body
    assert "What you agreed to do:\n- Keep a diary of the noise from [withheld]" in body
    assert "What we will do:\n- Write to [withheld] and ask [withheld] (call [withheld]) what they saw" in body
    assert_tells_nobody_else(body)
    assert links.resolve(LINK.search(body).group(1)).party == complainant
    stored = Notification.objects.get(kind=NotificationKind.ACTION_PLAN_SENT)
    assert stored.party == complainant
    assert "[your personal link]" in stored.body


def test_nobody_without_a_live_link_is_emailed(resident_case, people, django_capture_on_commit_callbacks):
    complainant = party(resident_case, "complainant")
    revoked = links.issue(party=complainant, purpose="case")
    links.revoke(link=revoked, actor=people.officer)
    links.issue(party=party(resident_case, "witness"), purpose="diary")  # a diary link follows nothing

    with django_capture_on_commit_callbacks(execute=True):
        plan_and_send(resident_case, people)

    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_an_advocate_following_the_case_is_told_too_and_sees_the_resident_they_act_for(
    resident_case, people, django_capture_on_commit_callbacks
):
    advocate = services.party_add(
        actor=people.officer,
        case=resident_case.reference,
        party=PartyInput(person=PersonInput(name=ADVOCATE, email=ADVOCATE_EMAIL), role="advocate"),
    )
    complainant = party(resident_case, "complainant")
    services.advocate_nominate(
        actor=people.officer,
        case=resident_case.reference,
        resident_id=complainant.pk,
        advocate_id=advocate.pk,
        resident_asked=True,
    )
    links.issue(party=complainant, purpose="case")
    links.issue(party=advocate, purpose="case")
    services.risk_assessment_record(actor=people.officer, case=resident_case.reference, answers=ram_answers("lowest"))
    services.action_plan_item_add(
        actor=people.officer,
        case=resident_case.reference,
        for_whom="landlord",
        action=f"Visit {COMPLAINANT} with {ADVOCATE}; warn {PERPETRATOR}",
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.action_plan_send(actor=people.officer, case=resident_case.reference, method="email")

    by_address = {email.to[0]: email.body for email in mail.outbox}
    assert set(by_address) == {COMPLAINANT_EMAIL, ADVOCATE_EMAIL}
    for body in by_address.values():
        assert f"Visit {COMPLAINANT} with {ADVOCATE}; warn [withheld]" in body
        assert_tells_nobody_else(body)


# -- closure ----------------------------------------------------------------------------------------------


def test_closing_the_case_tells_the_complainant_why_with_the_survey_and_complaints_route(
    people, django_capture_on_commit_callbacks
):
    case = closable_case(people)
    follow(case)

    with django_capture_on_commit_callbacks(execute=True):
        services.case_close(
            actor=people.officer, case=case.reference, reason="resolved", note=f"{PERPETRATOR} moved out"
        )

    [email] = mail.outbox
    assert email.to == [COMPLAINANT_EMAIL]
    assert f"We have closed case {case.reference} because the problem was resolved." in email.body
    token = LINK.search(email.body).group(1)
    assert f"http://testserver/my-case/{token}/survey/" in email.body
    complaints = pack_named("believe-housing").closure.complaints_route
    assert " ".join(complaints.split()[:8]) in " ".join(email.body.split())
    assert "moved out" not in email.body  # a note staff wrote for themselves is not repeated
    assert_tells_nobody_else(email.body)
    assert Notification.objects.get().kind == NotificationKind.CASE_CLOSED


def test_nothing_is_sent_when_the_step_is_undone(people, django_capture_on_commit_callbacks):
    case = closable_case(people)
    follow(case)

    def close_then_fail() -> None:
        with transaction.atomic():
            services.case_close(actor=people.officer, case=case.reference, reason="resolved")
            raise RuntimeError("something after the step failed")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        close_then_fail()

    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_a_refused_step_sends_nothing(resident_case, people, django_capture_on_commit_callbacks):
    follow(resident_case)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Exception, match="action plan"):
        services.action_plan_send(actor=people.officer, case=resident_case.reference, method="email")

    assert mail.outbox == []


# -- a new officer ----------------------------------------------------------------------------------------


def test_a_new_officer_is_introduced_by_name(resident_case, people, django_capture_on_commit_callbacks):
    follow(resident_case)
    people.colleague.first_name, people.colleague.last_name = "Bartholomew", "Nkemelu"
    people.colleague.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.case_reassign(
            actor=people.manager,
            case=resident_case.reference,
            owner_id=people.colleague.pk,
            reason=f"{PERPETRATOR} complained about the last officer",
        )

    [email] = mail.outbox
    assert email.to == [COMPLAINANT_EMAIL]
    assert "has a new case officer: Bartholomew Nkemelu." in email.body
    assert people.colleague.email not in email.body
    assert "complained" not in email.body
    assert_tells_nobody_else(email.body)
    assert Notification.objects.get().kind == NotificationKind.OFFICER_CHANGED


def test_other_steps_send_nothing(resident_case, people, django_capture_on_commit_callbacks):
    follow(resident_case)

    with django_capture_on_commit_callbacks(execute=True):
        services.case_acknowledge(actor=people.officer, case=resident_case.reference, method="phone")
        services.incident_record(
            actor=people.officer,
            case=resident_case.reference,
            occurred_at=timezone.now(),
            description="Music again",
            source="phone",
        )

    assert mail.outbox == []


def test_the_survey_is_offered_at_closure_even_where_the_pack_names_none(
    resident_case, people, django_capture_on_commit_callbacks
):
    # Places for People's policy names no closure survey, but TP12 is every landlord's figure to report.
    case_link(resident_case)

    with django_capture_on_commit_callbacks(execute=True):
        close(resident_case, people)

    [email] = [m for m in mail.outbox if "is closed" in m.subject]
    token = LINK.search(email.body).group(1)
    assert f"http://testserver/my-case/{token}/survey/" in email.body


# -- a case staff open -------------------------------------------------------------------------------------


def _phoned_in(people, preferred_contact: str):
    complainant = PersonInput(name=COMPLAINANT, email=COMPLAINANT_EMAIL, preferred_contact=preferred_contact)
    return services.case_open(
        actor=people.contact_centre,
        report=another_report(
            parties=[
                PartyInput(person=complainant, role="complainant"),
                PartyInput(person=PersonInput(name=PERPETRATOR, phone=PERPETRATOR_PHONE), role="alleged-perpetrator"),
            ]
        ),
    )


def test_a_complainant_who_asked_for_email_is_sent_the_reference_officer_and_a_link_when_staff_open_the_case(
    people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = _phoned_in(people, preferred_contact="email")

    [email] = mail.outbox
    assert email.to == [COMPLAINANT_EMAIL]
    assert f"Your case reference is {case.reference}." in email.body
    assert f"Your case officer is {people.officer.get_full_name()}." in email.body
    token = LINK.search(email.body).group(1)
    assert links.resolve(token, purpose="case").party == party(case, "complainant")
    assert_tells_nobody_else(email.body)
    assert Notification.objects.get().kind == NotificationKind.LINK_SENT


def test_nobody_is_emailed_when_staff_open_a_case_for_someone_who_asked_for_another_way(
    people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _phoned_in(people, preferred_contact="phone")

    assert mail.outbox == []
    assert not Notification.objects.exists()
