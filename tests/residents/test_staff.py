"""What staff do for residents online (casework/residents/staff.py): send a link, revoke it, send an update."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from casework.cases import services
from casework.cases.models import CaseEvent, Contact
from casework.cases.services.intake import PartyInput, PersonInput
from casework.errors import Conflict, InvalidInput, NotFound, StepBlocked
from casework.residents import links, staff
from casework.residents.models import LinkPurpose, Notification, NotificationKind, ResidentLink
from tests.cases.helpers import obligation, open_case, reload, verbs
from tests.residents.conftest import (
    COMPLAINANT,
    COMPLAINANT_EMAIL,
    PERPETRATOR,
    PERPETRATOR_PHONE,
    PERPETRATOR_STREET,
    WITNESS,
    WITNESS_EMAIL,
    party,
)
from tests.residents.test_events import closable_case

LINK = re.compile(r"http://testserver/(my-case|diary)/([^/\s]+)/")


def token_in(body: str) -> str:
    found = LINK.search(body)
    assert found, body
    return found.group(2)


# -- sending a link ---------------------------------------------------------------------------------------


def test_a_complainant_is_emailed_a_working_link_with_their_officer(
    resident_case, people, django_capture_on_commit_callbacks
):
    complainant = party(resident_case, "complainant")
    people.officer.first_name, people.officer.last_name = "Priya", "Officer"
    people.officer.save()

    with django_capture_on_commit_callbacks(execute=True):
        link = staff.resident_link_send(
            actor=people.officer,
            case=resident_case.reference,
            party_id=complainant.pk,
            purpose=LinkPurpose.CASE,
            version=resident_case.version,
        )

    [email] = mail.outbox
    assert email.to == [COMPLAINANT_EMAIL]
    assert resident_case.reference in email.subject
    assert "Your case officer is Priya Officer" in email.body
    assert links.resolve(token_in(email.body), purpose=LinkPurpose.CASE).pk == link.pk
    for other in (WITNESS, PERPETRATOR, PERPETRATOR_STREET, PERPETRATOR_PHONE):
        assert other not in email.body
    stored = Notification.objects.get(case=resident_case)
    assert stored.kind == NotificationKind.LINK_SENT
    assert stored.sent
    assert token_in(email.body) not in stored.body  # the link is a key: never stored
    event = CaseEvent.objects.get(case=resident_case, verb="resident-link.sent")
    assert event.actor == people.officer
    assert event.payload == {"party": complainant.pk, "purpose": "case", "link": link.pk}
    assert link.nonce not in str(event.payload)
    assert token_in(email.body) not in str(event.payload)
    assert reload(resident_case).version == resident_case.version + 1


def test_a_witness_gets_a_diary_link_that_opens_only_a_diary(resident_case, people, django_capture_on_commit_callbacks):
    witness = party(resident_case, "witness")

    with django_capture_on_commit_callbacks(execute=True):
        staff.resident_link_send(
            actor=people.officer, case=resident_case.reference, party_id=witness.pk, purpose=LinkPurpose.DIARY
        )

    [email] = mail.outbox
    assert email.to == [WITNESS_EMAIL]
    assert "/diary/" in email.body
    assert "how it affected you" in email.body
    for other in (COMPLAINANT, PERPETRATOR, PERPETRATOR_STREET, "Loud music"):
        assert other not in email.body
    token = token_in(email.body)
    assert links.resolve(token, purpose=LinkPurpose.DIARY).party == witness
    with pytest.raises(NotFound):
        links.resolve(token, purpose=LinkPurpose.CASE)
    assert Notification.objects.get(case=resident_case).kind == NotificationKind.DIARY_LINK_SENT


def test_the_other_party_and_witnesses_are_never_sent_the_case_link(resident_case, people):
    for role in ("alleged-perpetrator", "witness"):
        with pytest.raises(InvalidInput) as refused:
            staff.resident_link_send(
                actor=people.officer,
                case=resident_case.reference,
                party_id=party(resident_case, role).pk,
                purpose=LinkPurpose.CASE,
            )
        assert "party" in refused.value.fields
    assert not ResidentLink.objects.exists()
    assert "resident-link.sent" not in verbs(resident_case)


def test_no_link_without_an_email_address(people, django_capture_on_commit_callbacks):
    case = open_case(people.contact_centre)  # its complainant gave a phone number only
    complainant = party(case, "complainant")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(InvalidInput, match="no email address"):
        staff.resident_link_send(actor=people.officer, case=case.reference, party_id=complainant.pk, purpose="case")

    assert mail.outbox == []
    assert not Notification.objects.exists()
    assert not ResidentLink.objects.exists()


def test_a_stale_version_sends_nothing(resident_case, people, django_capture_on_commit_callbacks):
    complainant = party(resident_case, "complainant")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Conflict):
        staff.resident_link_send(
            actor=people.officer,
            case=resident_case.reference,
            party_id=complainant.pk,
            purpose="case",
            version=resident_case.version - 1,
        )

    assert mail.outbox == []
    assert not ResidentLink.objects.exists()


def test_staff_who_cannot_see_the_case_are_told_it_does_not_exist(resident_case, people):
    complainant = party(resident_case, "complainant")

    with pytest.raises(NotFound):
        staff.resident_link_send(
            actor=people.outsider, case=resident_case.reference, party_id=complainant.pk, purpose="case"
        )
    with pytest.raises(NotFound):
        staff.complainant_update_send(
            actor=people.outsider, case=resident_case.reference, party_id=complainant.pk, message="Hello"
        )
    assert not ResidentLink.objects.exists()
    assert not Contact.objects.exists()


def test_a_link_to_follow_the_case_can_be_sent_after_it_closes_but_not_a_diary(people):
    case = closable_case(people)
    services.case_close(actor=people.officer, case=case.reference, reason="resolved")

    staff.resident_link_send(
        actor=people.officer, case=case.reference, party_id=party(case, "complainant").pk, purpose="case"
    )
    with pytest.raises(StepBlocked, match="closed"):
        staff.resident_link_send(
            actor=people.officer, case=case.reference, party_id=party(case, "witness").pk, purpose="diary"
        )
    assert verbs(case)[-1] == "resident-link.sent"


# -- revoking ---------------------------------------------------------------------------------------------


def test_a_revoked_link_stops_working_at_once(resident_case, people):
    link = staff.resident_link_send(
        actor=people.officer,
        case=resident_case.reference,
        party_id=party(resident_case, "complainant").pk,
        purpose="case",
    )
    token = links.token_for(link)
    assert links.resolve(token)

    staff.resident_link_revoke(actor=people.officer, case=resident_case.reference, link_id=link.pk)

    with pytest.raises(NotFound):
        links.resolve(token)
    event = CaseEvent.objects.get(case=resident_case, verb="resident-link.revoked")
    assert event.actor == people.officer
    assert event.payload["link"] == link.pk
    assert ResidentLink.objects.get(pk=link.pk).revoked_by == people.officer
    with pytest.raises(InvalidInput, match="already revoked"):
        staff.resident_link_revoke(actor=people.officer, case=resident_case.reference, link_id=link.pk)


def test_a_link_is_revoked_only_through_its_own_case(resident_case, people):
    link = links.issue(party=party(resident_case, "complainant"), purpose="case")
    other = open_case(people.contact_centre, owner=people.officer)

    with pytest.raises(NotFound):
        staff.resident_link_revoke(actor=people.officer, case=other.reference, link_id=link.pk)
    with pytest.raises(NotFound):
        staff.resident_link_revoke(actor=people.outsider, case=resident_case.reference, link_id=link.pk)
    assert links.is_live(ResidentLink.objects.get(pk=link.pk))


# -- updates ----------------------------------------------------------------------------------------------


def send_update(case, actor, message="We visited the block on Tuesday and spoke to the neighbours.", **kwargs):
    return staff.complainant_update_send(
        actor=actor, case=case.reference, party_id=party(case, "complainant").pk, message=message, **kwargs
    )


def test_an_update_is_emailed_with_their_link_and_recorded_as_contact(
    resident_case, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        contact = send_update(resident_case, people.officer, version=resident_case.version)

    [email] = mail.outbox
    assert email.to == [COMPLAINANT_EMAIL]
    assert "We visited the block on Tuesday" in email.body
    assert links.resolve(token_in(email.body)).party == party(resident_case, "complainant")
    assert (contact.method, contact.outcome, contact.purpose, contact.by) == ("email", "made", "update", people.officer)
    assert contact.party == party(resident_case, "complainant")
    assert verbs(resident_case)[-2:] == ["complainant.contacted", "complainant.updated"]
    assert Notification.objects.get(case=resident_case).kind == NotificationKind.UPDATE


def test_an_update_meets_co_op_homes_duty_to_tell_the_customer_about_a_review(
    people, django_capture_on_commit_callbacks
):
    case = open_case(
        people.contact_centre,
        pack_id="co-op-homes",
        owner=people.officer,
        parties=[
            PartyInput(person=PersonInput(name="Dana Example", email="dana@example.org"), role="complainant"),
            PartyInput(person=PersonInput(name="Rory Sample"), role="alleged-perpetrator"),
        ],
    )
    services.review_hold(actor=people.officer, case=case.reference, kind="review", notes="Noise continues")
    assert obligation(case, "inform-of-review").state == "pending"

    with django_capture_on_commit_callbacks(execute=True):
        send_update(case, people.officer, message="We reviewed your case today: we will write to your neighbour.")

    assert obligation(case, "inform-of-review").state == "met"
    assert len(mail.outbox) == 1


def test_an_update_naming_anyone_else_on_the_case_is_refused(resident_case, people, django_capture_on_commit_callbacks):
    for message in (
        f"We have spoken to {PERPETRATOR} about the music.",
        f"Ottoline from the flat below saw it too ({WITNESS_EMAIL}).",
        f"We visited {PERPETRATOR_STREET.upper()} yesterday.",
        f"Call them on {PERPETRATOR_PHONE.replace(' ', '')}.",
    ):
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(InvalidInput) as refused:
            send_update(resident_case, people.officer, message=message)
        assert refused.value.fields == {"message": "names someone else on the case"}
        assert "take out" in refused.value.message

    with pytest.raises(InvalidInput) as refused:
        send_update(resident_case, people.officer, message=f"{PERPETRATOR} was warned.")
    assert f"“{PERPETRATOR}”" in refused.value.message  # staff are told exactly what to take out
    assert mail.outbox == []
    assert not Contact.objects.exists()
    assert not Notification.objects.exists()


def test_their_own_name_may_be_in_an_update(resident_case, people):
    send_update(resident_case, people.officer, message=f"Dear {COMPLAINANT}, we have an update for you.")

    assert Contact.objects.filter(case=resident_case).count() == 1


def test_updates_go_only_to_a_complainant_or_advocate_with_an_email(resident_case, people):
    for role in ("witness", "alleged-perpetrator"):
        with pytest.raises(InvalidInput, match="complainant or their advocate"):
            staff.complainant_update_send(
                actor=people.officer,
                case=resident_case.reference,
                party_id=party(resident_case, role).pk,
                message="An update",
            )
    no_email = open_case(people.contact_centre, owner=people.officer)
    with pytest.raises(InvalidInput, match="no email address"):
        send_update(no_email, people.officer)
    with pytest.raises(InvalidInput) as empty:
        send_update(resident_case, people.officer, message="   ")
    assert "message" in empty.value.fields
    assert not Contact.objects.exists()


def test_a_stale_update_and_a_contact_centre_update_are_refused(resident_case, people):
    with pytest.raises(Conflict):
        send_update(resident_case, people.officer, version=resident_case.version - 1)
    assert not Contact.objects.exists()


def test_an_update_after_staff_revoked_their_link_carries_no_new_link(
    resident_case, people, django_capture_on_commit_callbacks
):
    link = links.issue(party=party(resident_case, "complainant"), purpose="case")
    staff.resident_link_revoke(actor=people.officer, case=resident_case.reference, link_id=link.pk)

    with django_capture_on_commit_callbacks(execute=True):
        send_update(resident_case, people.officer)

    [email] = mail.outbox
    assert not LINK.search(email.body)
    assert "ask your case officer for a new link" in email.body
    assert ResidentLink.objects.filter(revoked_at__isnull=True).count() == 0
