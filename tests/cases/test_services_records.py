"""Recording the work on a case (casework/cases/services/records.py)."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.utils import timezone

from casework.cases import services
from casework.cases.models import Evidence
from casework.cases.services.intake import PartyInput, PersonInput
from casework.errors import InvalidInput, NotAllowed, NotFound, StepBlocked
from tests.cases.helpers import footprint, obligation, open_case, ram_answers, reload


@pytest.fixture
def case(people):
    """A Places for People noise case, logged by the contact centre and owned by the officer."""
    return open_case(people.contact_centre, owner=people.officer, received_at=timezone.now() - timedelta(hours=2))


@pytest.fixture
def coop_case(people):
    return open_case(people.contact_centre, pack_id="co-op-homes", owner=people.officer)


PDF = b"%PDF-1.4\n"


def last_event(case):
    return case.events.order_by("-id").first()


def evidence_files(case):
    storage = storages["evidence"]
    folder = str(case.pk)
    return storage.listdir(folder)[1] if storage.exists(folder) else []


# -- each service: its event, and the duties it meets ------------------------------------------------------


def test_acknowledging_meets_the_acknowledgement_duty(people, case):
    assert obligation(case, "acknowledge").state == "pending"

    services.case_acknowledge(actor=people.officer, case=case.reference, method="letter")

    event = last_event(case)
    assert (event.verb, event.actor, event.payload) == ("acknowledged", people.officer, {"method": "letter"})
    assert obligation(case, "acknowledge").state == "met"
    assert obligation(case, "first-contact").state == "pending"


def test_speaking_to_the_complainant_meets_first_contact_and_acknowledgement(people, case):
    complainant = case.parties.get(role="complainant")

    contact = services.contact_record(
        actor=people.officer, case=case.reference, method="phone", outcome="made", party_id=complainant.pk, notes=" ok "
    )

    assert (contact.party, contact.notes, contact.by) == (complainant, "ok", people.officer)
    event = last_event(case)
    assert (event.verb, event.target_id) == ("complainant.contacted", contact.pk)
    assert event.payload == {"method": "phone", "outcome": "made", "purpose": "contact"}
    assert obligation(case, "first-contact").state == "met"
    assert obligation(case, "acknowledge").state == "met"


def test_a_failed_attempt_is_recorded_but_meets_no_contact_duty(people, case):
    services.contact_record(actor=people.officer, case=case.reference, method="phone", outcome="no-answer")

    assert last_event(case).verb == "complainant.contact-attempted"
    assert obligation(case, "first-contact").state == "pending"


@pytest.mark.parametrize(
    ("purpose", "outcome", "extra"),
    [
        ("update", "made", "complainant.updated"),
        ("interview", "made", "interview.held"),
        ("appointment", "left-message", "appointment.offered"),
    ],
)
def test_a_contact_with_a_purpose_records_that_step_too(people, coop_case, purpose, outcome, extra):
    services.contact_record(
        actor=people.officer, case=coop_case.reference, method="phone", outcome=outcome, purpose=purpose
    )

    latest, before_it = coop_case.events.order_by("-id")[:2]
    assert (latest.verb, before_it.verb) == (
        extra,
        "complainant.contacted" if outcome == "made" else "complainant.contact-attempted",
    )
    assert {latest.actor, before_it.actor} == {people.officer}


def test_an_appointment_offered_meets_co_op_homes_appointment_duty(people, coop_case):
    services.contact_record(
        actor=people.officer, case=coop_case.reference, method="letter", outcome="left-message", purpose="appointment"
    )

    assert obligation(coop_case, "appointment").state == "met"


def test_recording_an_incident_keeps_when_it_happened(people, case):
    occurred = timezone.now() - timedelta(days=2)

    incident = services.incident_record(
        actor=people.officer, case=case.reference, occurred_at=occurred, description="Shouting", source="officer"
    )

    assert incident.occurred_at == occurred
    event = last_event(case)
    assert (event.verb, event.target_id, event.payload["source"]) == ("incident.reported", incident.pk, "officer")


def test_a_diary_sheet_counts_as_an_incident_and_as_diary_sheets_returned(people, coop_case):
    services.case_step_record(actor=people.officer, case=coop_case.reference, kind="diary.sent")
    assert obligation(coop_case, "diary-return").state == "pending"

    services.incident_record(
        actor=people.officer,
        case=coop_case.reference,
        occurred_at=timezone.now(),
        description="Music until 4am",
        source="diary",
    )

    assert [e.verb for e in coop_case.events.order_by("-id")[:2]] == ["diary.returned", "incident.reported"]
    assert obligation(coop_case, "diary-return").state == "met"


def test_adding_a_party_records_who_they_are(people, case):
    party = services.party_add(
        actor=people.officer,
        case=case.reference,
        party=PartyInput(person=PersonInput(name="Wendy Witness"), role="witness", consent_to_share=True),
    )

    assert (party.person.name, party.role, party.consent_to_share) == ("Wendy Witness", "witness", True)
    event = last_event(case)
    assert (event.verb, event.target_id, event.payload) == ("party.added", party.pk, {"role": "witness"})


def test_a_party_under_18_is_added_with_their_guardian(people, case):
    party = services.party_add(
        actor=people.officer,
        case=case.reference,
        party=PartyInput(
            person=PersonInput(name="Kid Example"),
            role="witness",
            under_18=True,
            guardian=PersonInput(name="Parent Example"),
        ),
    )

    assert party.guardian.name == "Parent Example"


def test_a_resident_nominates_their_advocate(people, case):
    resident = case.parties.get(role="complainant")
    advocate = services.party_add(
        actor=people.officer,
        case=case.reference,
        party=PartyInput(person=PersonInput(name="Ada Advocate"), role="advocate"),
    )

    services.advocate_nominate(
        actor=people.officer, case=case.reference, resident_id=resident.pk, advocate_id=advocate.pk, resident_asked=True
    )

    resident.refresh_from_db()
    assert resident.advocate == advocate
    event = last_event(case)
    assert (event.verb, event.target_id, event.payload) == (
        "advocate.nominated",
        resident.pk,
        {"advocate": advocate.pk},
    )


def test_the_action_plan_is_built_completed_and_sent(people, case):
    services.risk_assessment_record(actor=people.officer, case=case.reference, answers=ram_answers("lowest"))

    item = services.action_plan_item_add(
        actor=people.officer, case=case.reference, for_whom="complainant", action=" Keep diary sheets "
    )
    assert item.action == "Keep diary sheets"
    assert (last_event(case).verb, last_event(case).payload) == ("action-plan.item-added", {"for_whom": "complainant"})

    done = services.action_plan_item_complete(actor=people.officer, case=case.reference, item_id=item.pk)
    assert done.done_at is not None
    assert last_event(case).verb == "action-plan.item-done"

    services.action_plan_send(actor=people.officer, case=case.reference, method="letter")
    assert (last_event(case).verb, last_event(case).payload) == ("action-plan.sent", {"method": "letter", "actions": 1})
    assert obligation(case, "action-plan").state == "met"
    assert reload(case).stage == "case-management"


def test_a_case_conference_is_recorded(people, case):
    held = timezone.now() - timedelta(minutes=5)

    conference = services.case_conference_hold(
        actor=people.officer, case=case.reference, held_at=held, attendees="Police, officer", summary="Agreed a plan"
    )

    assert conference.held_at == held
    event = last_event(case)
    assert (event.verb, event.at, event.target_id) == ("case-conference.held", held, conference.pk)


def test_a_review_meets_the_review_duty(people, coop_case):
    review = services.review_hold(actor=people.officer, case=coop_case.reference, kind="review", notes="Still noisy")

    assert (last_event(coop_case).verb, last_event(coop_case).target_id) == ("review.held", review.pk)
    assert obligation(coop_case, "review").state == "met"
    assert obligation(coop_case, "review", 2).state == "pending"  # reviews repeat


def test_a_manager_review_is_recorded_by_a_manager(people, coop_case):
    services.review_hold(actor=people.manager, case=coop_case.reference, kind="manager-review", notes="Checked")

    assert last_event(coop_case).verb == "manager-review.held"
    assert obligation(coop_case, "manager-review").state == "met"


def test_an_officer_cannot_record_a_manager_review(people, coop_case):
    before = footprint(coop_case)

    with pytest.raises(NotAllowed):
        services.review_hold(actor=people.officer, case=coop_case.reference, kind="manager-review", notes="Checked")

    assert footprint(coop_case) == before


def test_any_other_step_the_pack_names_is_recorded_with_its_note(people, coop_case):
    services.case_step_record(
        actor=people.officer, case=coop_case.reference, kind="perpetrator.interviewed", note=" Denied it "
    )
    assert obligation(coop_case, "perpetrator-letter").state == "pending"

    services.case_step_record(actor=people.officer, case=coop_case.reference, kind="perpetrator.letter-sent")

    assert [e.verb for e in coop_case.events.order_by("-id")[:2]] == [
        "perpetrator.letter-sent",
        "perpetrator.interviewed",
    ]
    assert coop_case.events.get(verb="perpetrator.interviewed").payload == {"note": "Denied it"}
    assert obligation(coop_case, "perpetrator-letter").state == "met"


def test_a_packs_own_event_kinds_can_be_recorded(people, coop_case):
    services.review_hold(actor=people.officer, case=coop_case.reference, kind="review", notes="Still noisy")
    assert obligation(coop_case, "case-log-update").state == "pending"

    services.case_step_record(actor=people.officer, case=coop_case.reference, kind="case-log.updated")

    assert obligation(coop_case, "case-log-update").state == "met"


# -- evidence --------------------------------------------------------------------------------------------------


def test_evidence_is_stored_privately_with_its_sha256(people, case):
    content = PDF + b"diary sheet"

    evidence = services.evidence_add(
        actor=people.officer, case=case.reference, name="diary.pdf", content=content, content_type="application/pdf"
    )

    digest = hashlib.sha256(content).hexdigest()
    assert (evidence.sha256, evidence.size, evidence.original_name) == (digest, len(content), "diary.pdf")
    assert evidence.file.storage is storages["evidence"]
    stored_at = Path(evidence.file.path)
    assert stored_at.is_relative_to(storages["evidence"].location)
    assert not stored_at.is_relative_to(settings.STATIC_ROOT)  # never where the web server serves files
    assert evidence.file.name == f"{case.pk}/{digest}"  # named by its hash, never by what the uploader called it
    with evidence.file.open("rb") as stored:
        assert stored.read() == content
    event = last_event(case)
    assert (event.verb, event.target_id) == ("evidence.added", evidence.pk)
    assert event.payload == {"sha256": digest, "size": len(content), "content_type": "application/pdf"}


def test_the_stored_type_is_what_the_bytes_are_not_what_was_declared(people, case):
    evidence = services.evidence_add(
        actor=people.officer, case=case.reference, name="notes.txt", content=PDF, content_type="text/plain"
    )

    assert evidence.content_type == "application/pdf"
    assert last_event(case).payload["content_type"] == "application/pdf"


def test_evidence_is_linked_to_an_incident_on_the_case(people, case):
    incident = case.incidents.get()

    evidence = services.evidence_add(
        actor=people.officer,
        case=case.reference,
        name="photo.jpg",
        content=b"\xff\xd8\xff\xe0 jpeg",
        content_type="image/jpeg",
        incident_id=incident.pk,
    )

    assert evidence.incident == incident


@pytest.mark.parametrize(
    ("content", "content_type", "extra", "field"),
    [
        (b"", "application/pdf", {}, "file"),
        (PDF + b"x" * 8, "application/pdf", {}, "file"),
        (b"MZ\x90\x00", "application/x-msdownload", {}, "file"),
        (b"MZ\x90\x00", "application/pdf", {}, "file"),  # the bytes decide, not the declared type
        (b"\x89PNG\r\n\x1a\n", "image/png", {}, "file"),  # a real PNG, but PNGs are not allowed here
        (PDF, "application/pdf", {"incident_id": 987654}, "incident"),
        (PDF, "application/pdf", {"name": "  "}, "name"),
    ],
    ids=["empty", "too-large", "unknown-binary", "declared-pdf", "type-not-allowed", "incident-not-on-case", "no-name"],
)
def test_evidence_outside_the_limits_is_refused_and_leaves_no_file(
    people, case, settings, content, content_type, extra, field
):
    settings.CASEWORK_EVIDENCE_MAX_BYTES = len(PDF) + 4
    settings.CASEWORK_EVIDENCE_CONTENT_TYPES = ["application/pdf", "image/jpeg"]
    before = footprint(case)

    with pytest.raises(InvalidInput) as refused:
        services.evidence_add(
            actor=people.officer,
            case=case.reference,
            **{"name": "file.bin", "content": content, "content_type": content_type, **extra},
        )

    assert field in refused.value.fields
    assert footprint(case) == before
    assert evidence_files(case) == []


def test_evidence_refused_by_the_path_leaves_no_file(people, case):
    close(people, case)
    before = footprint(case)

    with pytest.raises(StepBlocked):
        services.evidence_add(
            actor=people.officer, case=case.reference, name="late.pdf", content=PDF, content_type="application/pdf"
        )

    assert footprint(case) == before
    assert evidence_files(case) == []
    assert not Evidence.objects.exists()


def test_the_size_limit_is_inclusive(people, case, settings):
    settings.CASEWORK_EVIDENCE_MAX_BYTES = len(PDF)

    evidence = services.evidence_add(
        actor=people.officer, case=case.reference, name="a.pdf", content=PDF, content_type="application/pdf"
    )

    assert evidence.size == len(PDF)


# -- bad input: the field is named and nothing is written ------------------------------------------------------

BAD_INPUT = {
    "acknowledge-method": (services.case_acknowledge, {"method": "pigeon"}, "method"),
    "contact-method": (services.contact_record, {"method": "pigeon", "outcome": "made"}, "method"),
    "contact-outcome": (services.contact_record, {"method": "phone", "outcome": "maybe"}, "outcome"),
    "contact-purpose": (services.contact_record, {"method": "phone", "outcome": "made", "purpose": "chat"}, "purpose"),
    "contact-party": (services.contact_record, {"method": "phone", "outcome": "made", "party_id": 987654}, "party"),
    "contact-in-future": (
        services.contact_record,
        {"method": "phone", "outcome": "made", "at": timezone.now() + timedelta(days=1)},
        "at",
    ),
    "contact-before-opening": (
        services.contact_record,
        {"method": "phone", "outcome": "made", "at": timezone.now() - timedelta(days=400)},
        "at",
    ),
    "incident-source": (
        services.incident_record,
        {"occurred_at": timezone.now(), "description": "x", "source": "rumour"},
        "source",
    ),
    "incident-description": (
        services.incident_record,
        {"occurred_at": timezone.now(), "description": " ", "source": "phone"},
        "description",
    ),
    "incident-in-future": (
        services.incident_record,
        {"occurred_at": timezone.now() + timedelta(days=1), "description": "x", "source": "phone"},
        "occurred_at",
    ),
    "incident-reporter": (
        services.incident_record,
        {"occurred_at": timezone.now(), "description": "x", "source": "phone", "reported_by_id": 987654},
        "reported_by",
    ),
    "party-role": (services.party_add, {"party": PartyInput(person=PersonInput(name="X"), role="stranger")}, "role"),
    "party-guardian": (
        services.party_add,
        {"party": PartyInput(person=PersonInput(name="Kid"), role="witness", under_18=True)},
        "guardian",
    ),
    "action-for-whom": (services.action_plan_item_add, {"for_whom": "everyone", "action": "x"}, "for_whom"),
    "action-text": (services.action_plan_item_add, {"for_whom": "landlord", "action": "  "}, "action"),
    "plan-method": (services.action_plan_send, {"method": "pigeon"}, "method"),
    "conference-attendees": (
        services.case_conference_hold,
        {"held_at": timezone.now(), "attendees": "", "summary": "x"},
        "attendees",
    ),
    "conference-summary": (
        services.case_conference_hold,
        {"held_at": timezone.now(), "attendees": "x", "summary": ""},
        "summary",
    ),
    "conference-in-future": (
        services.case_conference_hold,
        {"held_at": timezone.now() + timedelta(days=1), "attendees": "x", "summary": "x"},
        "held_at",
    ),
    "review-kind": (services.review_hold, {"kind": "audit", "notes": "x"}, "kind"),
    "review-notes": (services.review_hold, {"kind": "review", "notes": ""}, "notes"),
    "step-recorded-elsewhere": (services.case_step_record, {"kind": "case.closed"}, "kind"),
    "step-unknown": (services.case_step_record, {"kind": "tea.made"}, "kind"),
    "advocate-not-asked": (
        services.advocate_nominate,
        {"resident_id": 0, "advocate_id": None, "resident_asked": False},
        "resident_asked",
    ),
    "advocate-resident": (
        services.advocate_nominate,
        {"resident_id": 987654, "advocate_id": None, "resident_asked": True},
        "resident",
    ),
}


@pytest.mark.parametrize(("service", "arguments", "field"), BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_names_the_field_and_writes_nothing(people, case, service, arguments, field):
    before = footprint(case)

    with pytest.raises(InvalidInput) as refused:
        service(actor=people.officer, case=case.reference, **arguments)

    assert field in refused.value.fields
    assert footprint(case) == before


def test_an_advocate_must_be_added_as_an_advocate_first(people, case):
    resident = case.parties.get(role="complainant")
    neighbour = case.parties.get(role="alleged-perpetrator")
    before = footprint(case)

    with pytest.raises(InvalidInput) as refused:
        services.advocate_nominate(
            actor=people.officer,
            case=case.reference,
            resident_id=resident.pk,
            advocate_id=neighbour.pk,
            resident_asked=True,
        )

    assert refused.value.fields == {"advocate": "not an advocate"}
    assert footprint(case) == before


def test_an_action_plan_with_no_actions_cannot_be_sent(people, case):
    services.risk_assessment_record(actor=people.officer, case=case.reference, answers=ram_answers("lowest"))
    before = footprint(case)

    with pytest.raises(InvalidInput) as refused:
        services.action_plan_send(actor=people.officer, case=case.reference, method="letter")

    assert refused.value.fields == {"action_plan": "empty"}
    assert footprint(case) == before


def test_an_action_is_completed_once(people, case):
    item = services.action_plan_item_add(actor=people.officer, case=case.reference, for_whom="landlord", action="Visit")
    services.action_plan_item_complete(actor=people.officer, case=case.reference, item_id=item.pk)
    before = footprint(case)

    with pytest.raises(InvalidInput) as refused:
        services.action_plan_item_complete(actor=people.officer, case=case.reference, item_id=item.pk)

    assert refused.value.fields == {"item": "already done"}
    assert footprint(case) == before


def test_an_action_on_another_case_is_not_found(people, case):
    other = open_case(people.contact_centre, owner=people.officer)
    item = services.action_plan_item_add(
        actor=people.officer, case=other.reference, for_whom="landlord", action="Visit"
    )
    before = footprint(case)

    with pytest.raises(NotFound):
        services.action_plan_item_complete(actor=people.officer, case=case.reference, item_id=item.pk)

    assert footprint(case) == before


def close(people, case):
    """Take a Places for People case through its path to Closed."""
    services.risk_assessment_record(actor=people.officer, case=case.reference, answers=ram_answers("lowest"))
    services.action_plan_item_add(actor=people.officer, case=case.reference, for_whom="complainant", action="Diary")
    services.action_plan_send(actor=people.officer, case=case.reference, method="letter")
    services.case_close(actor=people.officer, case=case.reference, reason="resolved")
    assert not reload(case).is_open
