"""What a resident does through their link goes through the case services, in their words and within limits."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from casework.cases.models import CaseEvent, CaseReviewRequest, Evidence, Incident, SurveyResponse
from casework.errors import InvalidInput, NotAllowed, StepBlocked
from casework.residents import access
from casework.residents import services as resident_services
from casework.residents.models import LinkPurpose, Notification, NotificationKind, ResidentLink, SentEvidence
from casework.residents.services import CaseClosed, TooManyRequests
from tests.residents.conftest import COMPLAINANT_EMAIL, WITNESS_EMAIL, party
from tests.residents.helpers import EXE, PDF, PNG, case_link, close, diary_link

pytestmark = pytest.mark.django_db


def an_hour_ago():
    return timezone.now() - timedelta(hours=1)


# -- diary -----------------------------------------------------------------------------------------------------


def test_a_diary_entry_is_an_incident_from_the_diary_and_a_diary_sheet_returned(resident_case):
    link = case_link(resident_case)
    incident = resident_services.diary_add(
        link,
        occurred_at=an_hour_ago(),
        what_happened="Music until 3am",
        how_it_affected_you="I could not sleep",
        where="Through my bedroom wall",
    )
    assert incident.source == "diary"
    assert incident.reported_by == party(resident_case, "complainant")
    assert (incident.description, incident.impact, incident.location) == (
        "Music until 3am",
        "I could not sleep",
        "Through my bedroom wall",
    )
    verbs = list(CaseEvent.objects.filter(case=resident_case).order_by("id").values_list("verb", flat=True))
    assert verbs[-2:] == ["incident.reported", "diary.returned"]
    assert access.is_online_service(incident.recorded_by)


def test_a_witness_diary_entry_is_reported_by_the_witness(resident_case):
    incident = resident_services.diary_add(
        diary_link(resident_case), occurred_at=an_hour_ago(), what_happened="Shouting", how_it_affected_you=""
    )
    assert incident.reported_by == party(resident_case, "witness")


def test_a_diary_entry_cannot_be_in_the_future(resident_case):
    with pytest.raises(InvalidInput) as refused:
        resident_services.diary_add(
            case_link(resident_case),
            occurred_at=timezone.now() + timedelta(days=1),
            what_happened="Tomorrow",
            how_it_affected_you="",
        )
    assert refused.value.fields == {"occurred_at": "in the future"}
    assert "cannot be in the future" in refused.value.message


def test_a_closed_case_takes_no_diary_entries_or_files_and_says_so_plainly(resident_case, people):
    link = case_link(resident_case)
    close(resident_case, people)
    link.case.refresh_from_db()
    with pytest.raises(CaseClosed) as refused:
        resident_services.diary_add(link, occurred_at=an_hour_ago(), what_happened="Again", how_it_affected_you="")
    assert refused.value.message.startswith("Your case is closed")
    assert "reopen" not in refused.value.message
    with pytest.raises(CaseClosed):
        resident_services.evidence_send(link, name="a.png", content=PNG, content_type="image/png")
    assert not Incident.objects.filter(case=resident_case, source="diary").exists()


# -- evidence --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "stored_as"), [("noise.png", PNG, "image/png"), ("l.pdf", PDF, "application/pdf")]
)
def test_a_file_is_stored_privately_with_its_sha256_and_who_sent_it(resident_case, name, content, stored_as):
    link = case_link(resident_case)
    evidence = resident_services.evidence_send(
        link, name=name, content=content, content_type="application/octet-stream", description="From my window"
    )
    assert evidence.content_type == stored_as
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    assert evidence.description == "From my window"
    with evidence.file.open("rb") as stored:
        assert stored.read() == content
    sent = SentEvidence.objects.get(evidence=evidence)
    assert (sent.party, sent.link) == (party(resident_case, "complainant"), link)
    assert CaseEvent.objects.filter(case=resident_case, verb="evidence.added").exists()


def test_a_program_named_as_a_photo_is_refused_at_the_file(resident_case):
    with pytest.raises(InvalidInput) as refused:
        resident_services.evidence_send(
            case_link(resident_case), name="cat.jpg", content=EXE, content_type="image/jpeg"
        )
    assert refused.value.fields == {"file": "type not allowed"}
    assert "really is" in refused.value.message
    assert not Evidence.objects.exists()
    assert not SentEvidence.objects.exists()


def test_a_file_over_the_size_limit_is_refused(resident_case, settings):
    settings.CASEWORK_EVIDENCE_MAX_BYTES = 50
    with pytest.raises(InvalidInput) as refused:
        resident_services.evidence_send(case_link(resident_case), name="big.png", content=PNG, content_type="image/png")
    assert refused.value.fields == {"file": "too large"}
    assert not Evidence.objects.exists()


def test_a_diary_link_sends_no_files_and_asks_for_no_review(resident_case):
    link = diary_link(resident_case)
    with pytest.raises(NotAllowed):
        resident_services.evidence_send(link, name="a.png", content=PNG, content_type="image/png")
    with pytest.raises(NotAllowed):
        resident_services.case_review_ask(link)
    with pytest.raises(NotAllowed):
        resident_services.survey_answer(link, satisfaction="very-satisfied")


# -- ASB Case Review -------------------------------------------------------------------------------------------


def test_a_case_review_request_is_recorded_with_the_threshold_then(resident_case):
    link = case_link(resident_case)
    request = resident_services.case_review_ask(link)
    stored = CaseReviewRequest.objects.get(pk=request.pk)
    assert stored.party == party(resident_case, "complainant")
    assert stored.threshold_met is False  # Places for People sets no threshold of its own
    assert stored.threshold_reason
    with pytest.raises(StepBlocked) as again:
        resident_services.case_review_ask(link)
    assert again.value.message.startswith("You have already asked for a review")


# -- survey ----------------------------------------------------------------------------------------------------


def test_the_survey_is_answered_only_after_closure_and_once(resident_case, people):
    link = case_link(resident_case)
    with pytest.raises(StepBlocked) as still_open:
        resident_services.survey_answer(link, satisfaction="very-satisfied")
    assert "still open" in still_open.value.message
    close(resident_case, people)
    link.case.refresh_from_db()
    response = resident_services.survey_answer(link, satisfaction="fairly-dissatisfied", comments="Too slow")
    stored = SurveyResponse.objects.get(pk=response.pk)
    assert (stored.source, stored.satisfaction, stored.comments) == ("online", "fairly-dissatisfied", "Too slow")
    assert stored.party == party(resident_case, "complainant")
    with pytest.raises(InvalidInput) as again:
        resident_services.survey_answer(link, satisfaction="very-satisfied")
    assert again.value.fields == {"satisfaction": "already answered"}


# -- limits ----------------------------------------------------------------------------------------------------


def test_each_link_sends_at_most_the_hourly_limit(resident_case, settings):
    settings.CASEWORK_RESIDENT_POSTS_PER_HOUR = 2
    link = case_link(resident_case)
    for n in range(2):
        resident_services.diary_add(link, occurred_at=an_hour_ago(), what_happened=f"{n}", how_it_affected_you="")
    with pytest.raises(TooManyRequests):
        resident_services.diary_add(link, occurred_at=an_hour_ago(), what_happened="3", how_it_affected_you="")
    with pytest.raises(TooManyRequests):
        resident_services.evidence_send(link, name="a.png", content=PNG, content_type="image/png")
    # Another link has its own count.
    resident_services.diary_add(
        diary_link(resident_case), occurred_at=an_hour_ago(), what_happened="w", how_it_affected_you=""
    )


# -- a new link ------------------------------------------------------------------------------------------------


def test_a_new_link_is_emailed_only_when_the_reference_and_email_match(
    resident_case, django_capture_on_commit_callbacks
):
    ref = resident_case.reference
    with django_capture_on_commit_callbacks(execute=True):
        resident_services.new_link_request(reference=ref.lower(), email=COMPLAINANT_EMAIL.upper(), client_key="a")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [COMPLAINANT_EMAIL]
    assert "http://testserver/my-case/" in message.body
    link = ResidentLink.objects.get(party=party(resident_case, "complainant"), purpose=LinkPurpose.CASE)
    assert Notification.objects.get(kind=NotificationKind.NEW_LINK).party == link.party
    assert "/my-case/" not in Notification.objects.get(kind=NotificationKind.NEW_LINK).body


@pytest.mark.parametrize(
    ("reference", "email"),
    [
        ("ASB-1999-000001", COMPLAINANT_EMAIL),  # no such case
        (None, "someone.else@example.org"),  # the case, but not their address
        (None, WITNESS_EMAIL),  # a witness follows no case page
        (None, ""),
    ],
)
def test_no_match_sends_nothing_and_says_nothing_different(
    resident_case, django_capture_on_commit_callbacks, reference, email
):
    with django_capture_on_commit_callbacks(execute=True):
        answer = resident_services.new_link_request(
            reference=reference or resident_case.reference, email=email, client_key="b"
        )
    assert answer is None
    assert mail.outbox == []
    assert not ResidentLink.objects.exists()
    assert not Notification.objects.exists()


def test_new_link_requests_are_limited_per_network_address(resident_case):
    for _ in range(resident_services.NEW_LINK_REQUESTS_PER_HOUR):
        resident_services.new_link_request(reference="ASB-1999-000001", email="x@example.org", client_key="c")
    with pytest.raises(TooManyRequests):
        resident_services.new_link_request(reference="ASB-1999-000001", email="x@example.org", client_key="c")
    resident_services.new_link_request(reference="ASB-1999-000001", email="x@example.org", client_key="d")
