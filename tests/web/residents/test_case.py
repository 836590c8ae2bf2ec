"""A resident's pages through their link: their case, their diary, files, ASB Case Review, the survey, a new link."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.cases import services
from casework.cases.models import CaseReviewRequest, Evidence, Incident, SurveyResponse
from casework.cases.packs import pack_named
from casework.cases.services.feedback import threshold_in_words
from casework.cases.services.intake import PartyInput, PersonInput
from casework.residents import links
from casework.residents import services as resident_services
from tests.factories import organisation, report
from tests.residents.conftest import COMPLAINANT, COMPLAINANT_EMAIL, PERPETRATOR, PERPETRATOR_STREET, WITNESS, party
from tests.residents.helpers import EXE, PDF, PNG, assert_canary_free, case_link, close, diary_link

pytestmark = pytest.mark.django_db

NOT_WORKING = "This link does not work"


def url(name: str, link) -> str:
    return reverse(name, kwargs={"token": links.token_for(link)})


def page(client, name: str, link):
    response = client.get(url(name, link))
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def without_csrf(response) -> str:
    """The page as the resident reads it: the CSRF token is masked afresh for every response."""
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", response.content.decode())


def diary_entry(**overrides):
    yesterday = timezone.localtime() - timedelta(days=1)
    values = {
        "date": yesterday.strftime("%Y-%m-%d"),
        "time": "21:30",
        "what_happened": "Bass through the wall until 2am",
        "how_it_affected_you": "I could not sleep before work",
        "where": "My bedroom",
    }
    values.update(overrides)
    return values


# -- the case page ---------------------------------------------------------------------------------------------


def test_the_case_page_shows_status_officer_plan_next_contact_and_contacts(client, resident_case, people):
    ref = resident_case.reference
    services.action_plan_item_add(actor=people.officer, case=ref, for_whom="complainant", action="Keep a diary")
    services.action_plan_item_add(actor=people.officer, case=ref, for_whom="landlord", action="Visit the block")
    services.contact_record(
        actor=people.officer,
        case=ref,
        method="home-visit",
        outcome="made",
        party_id=party(resident_case, "complainant").pk,
        notes="Private note for staff",
    )
    link = case_link(resident_case)
    response = client.get(url("residents:case", link))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert ref in html
    assert "Incident report received" in html
    assert f"{people.officer.first_name} {people.officer.last_name}" in html
    assert people.officer.email not in html
    assert "What you will do" in html
    assert "Keep a diary" in html
    assert "What we will do" in html
    assert "Visit the block" in html
    assert "When we will next be in touch" in html
    assert "Home visit" in html
    assert "We spoke to you" in html
    assert "Private note for staff" not in html
    assert "If you are unhappy" in html


def test_the_case_page_never_shows_anyone_elses_identity_even_when_staff_wrote_it(client, resident_case, people):
    ref = resident_case.reference
    services.action_plan_item_add(
        actor=people.officer, case=ref, for_whom="landlord", action=f"Interview {PERPETRATOR} at {PERPETRATOR_STREET}"
    )
    services.action_plan_item_add(
        actor=people.officer, case=ref, for_whom="agency", action=f"Statement from {WITNESS}", owner_name=WITNESS
    )
    html = page(client, "residents:case", case_link(resident_case))
    assert "Interview [withheld] at [withheld]" in html
    assert "Loud music from [withheld]" in html  # the summary, which names the other party
    assert_canary_free(html)


def test_the_case_page_reads_in_a_fixed_number_of_queries(client, resident_case, people):
    link = case_link(resident_case)
    ref = resident_case.reference
    complainant = party(resident_case, "complainant")
    target = url("residents:case", link)
    client.get(target)  # the link's "last used" is written once, not on every view

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(target).status_code == 200
        return len(captured)

    before = queries()
    at = timezone.now() - timedelta(hours=1)
    for n in range(3):
        services.action_plan_item_add(actor=people.officer, case=ref, for_whom="landlord", action=f"Action {n}")
        services.contact_record(actor=people.officer, case=ref, method="phone", outcome="made", party_id=complainant.pk)
        resident_services.diary_add(link, occurred_at=at, what_happened=f"Entry {n}", how_it_affected_you="")
        resident_services.evidence_send(link, name=f"{n}.png", content=PNG + bytes([n]), content_type="image/png")
        resident_services.case_review_ask(link) if n == 0 else None
    assert queries() == before


# -- links that do not work ------------------------------------------------------------------------------------


def test_expired_revoked_and_made_up_links_do_not_work(client, resident_case, people):
    expired = case_link(resident_case)
    expired.expires_at = timezone.now() - timedelta(minutes=1)
    expired.save()
    revoked = links.revoke(link=case_link(resident_case), actor=people.officer)
    for target in (
        url("residents:case", expired),
        url("residents:case", revoked),
        url("residents:case-diary", revoked),
        url("residents:evidence", expired),
        reverse("residents:case", kwargs={"token": "1.abc:forged"}),
    ):
        response = client.get(target)
        assert response.status_code == 404, target
        assert NOT_WORKING in response.content.decode()
        assert reverse("residents:new-link") in response.content.decode()
        assert "no-store" in response["Cache-Control"]


def test_a_witness_diary_link_opens_only_the_diary(client, resident_case):
    link = diary_link(resident_case)
    for name in ("residents:case", "residents:evidence", "residents:case-review", "residents:survey"):
        response = client.get(url(name, link))
        assert response.status_code == 404
        assert NOT_WORKING in response.content.decode()
    html = page(client, "residents:diary", link)
    assert "Your diary" in html
    assert resident_case.reference not in html
    assert COMPLAINANT not in html
    assert "Fenwick" not in html
    assert PERPETRATOR not in html
    assert "Loud music" not in html


def test_a_case_link_does_not_open_the_witness_diary_page(client, resident_case):
    response = client.get(url("residents:diary", case_link(resident_case)))
    assert response.status_code == 404


# -- diary -----------------------------------------------------------------------------------------------------


def test_a_diary_entry_goes_on_the_case_and_shows_on_the_page(client, resident_case):
    link = case_link(resident_case)
    response = client.post(url("residents:case-diary", link), diary_entry())
    assert response.status_code == 302
    assert response["Location"] == url("residents:case", link) + "?sent=diary"
    incident = Incident.objects.get(case=resident_case, source="diary")
    assert incident.reported_by == party(resident_case, "complainant")
    assert timezone.localtime(incident.occurred_at).strftime("%H:%M") == "21:30"
    html = client.get(response["Location"]).content.decode()
    assert "Your diary entry has been added" in html
    assert "Bass through the wall until 2am" in html


def test_a_witness_diary_entry_is_recorded_as_the_witness_and_listed_for_them(client, resident_case):
    link = diary_link(resident_case)
    response = client.post(url("residents:diary", link), diary_entry(what_happened="Saw a fight on the stairs"))
    assert response.status_code == 302
    assert Incident.objects.get(case=resident_case, source="diary").reported_by == party(resident_case, "witness")
    html = client.get(response["Location"]).content.decode()
    assert "Saw a fight on the stairs" in html
    assert "Loud music" not in html  # the complainant's report is not theirs


def test_diary_errors_are_shown_at_the_field_with_what_was_typed_kept(client, resident_case):
    link = case_link(resident_case)
    tomorrow = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%d")
    response = client.post(url("residents:case-diary", link), diary_entry(date=tomorrow))
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "cannot be in the future" in html
    assert "Bass through the wall until 2am" in html
    response = client.post(url("residents:case-diary", link), diary_entry(what_happened="", time="25:99"))
    html = response.content.decode()
    assert "Tell us what happened" in html
    assert "Enter the time as a real time" in html
    assert not Incident.objects.filter(source="diary").exists()


def test_a_closed_case_asks_for_a_new_report_instead_of_a_diary_entry(client, resident_case, people):
    link = case_link(resident_case)
    close(resident_case, people)
    html = page(client, "residents:case-diary", link)
    assert "Your case is closed" in html
    assert reverse("residents:start") in html
    response = client.post(url("residents:case-diary", link), diary_entry())
    assert response.status_code == 200
    assert "Your case is closed" in response.content.decode()
    assert not Incident.objects.filter(source="diary").exists()


def test_too_many_posts_through_one_link_are_refused_plainly(client, resident_case, settings):
    settings.CASEWORK_RESIDENT_POSTS_PER_HOUR = 1
    link = case_link(resident_case)
    assert client.post(url("residents:case-diary", link), diary_entry()).status_code == 302
    response = client.post(url("residents:case-diary", link), diary_entry())
    assert response.status_code == 429
    assert "in the last hour" in response.content.decode()
    assert "Bass through the wall until 2am" in response.content.decode()
    assert Incident.objects.filter(source="diary").count() == 1


# -- evidence --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "content"), [("photo.png", PNG), ("letter.pdf", PDF)])
def test_a_file_is_sent_and_listed(client, resident_case, name, content):
    link = case_link(resident_case)
    html = page(client, "residents:evidence", link)
    assert "really is" in html
    assert "MB" in html
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    response = client.post(url("residents:evidence", link), {"file": upload, "description": "Taken at night"})
    assert response.status_code == 302
    evidence = Evidence.objects.get(case=resident_case)
    assert evidence.original_name == name
    html = client.get(response["Location"]).content.decode()
    assert "Your file has been sent" in html
    assert name in html


def test_a_program_renamed_as_a_photo_is_refused_at_the_field(client, resident_case):
    link = case_link(resident_case)
    upload = SimpleUploadedFile("holiday.jpg", EXE, content_type="image/jpeg")
    response = client.post(url("residents:evidence", link), {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_file"' in html
    assert "govuk-error-message" in html
    assert "really is" in html
    assert not Evidence.objects.exists()


def test_a_file_too_large_is_refused(client, resident_case, settings):
    settings.CASEWORK_EVIDENCE_MAX_BYTES = 40
    link = case_link(resident_case)
    response = client.post(url("residents:evidence", link), {"file": SimpleUploadedFile("big.png", PNG)})
    assert response.status_code == 200
    assert "The file must be smaller than" in response.content.decode()
    # A request far larger than the limit is refused on its declared size, before the file is read.
    big = SimpleUploadedFile("huge.png", PNG + b"\x00" * (100 * 1024))
    response = client.post(url("residents:evidence", link), {"file": big})
    assert response.status_code == 200
    assert "The file must be smaller than" in response.content.decode()
    assert not Evidence.objects.exists()


# -- ASB Case Review -------------------------------------------------------------------------------------------


def test_the_case_review_page_explains_and_records_a_request(client, resident_case):
    link = case_link(resident_case)
    html = page(client, "residents:case-review", link)
    assert "ASB Case Review" in html
    assert "local community safety partnership" in html  # Places for People sets no threshold of its own
    assert "What happens next" in html
    response = client.post(url("residents:case-review", link))
    assert response.status_code == 302
    request = CaseReviewRequest.objects.get(case=resident_case)
    assert request.party == party(resident_case, "complainant")
    assert request.threshold_met is False
    html = client.get(response["Location"]).content.decode()
    assert "We have your request" in html
    assert "You asked for a review on" in html
    assert "<button" not in html.split("What happens next")[1]


def test_the_case_review_page_says_whether_the_packs_threshold_is_met_today(client, people):
    organisation("believe-housing")
    case = services.case_open(
        actor=people.contact_centre,
        report=report(
            types=["noise"],
            priority="five-working-days",
            parties=[
                PartyInput(person=PersonInput(name=COMPLAINANT, email=COMPLAINANT_EMAIL), role="complainant"),
                PartyInput(person=PersonInput(name=PERPETRATOR), role="alleged-perpetrator"),
            ],
        ),
    )
    link = case_link(case)
    html = page(client, "residents:case-review", link)
    assert f"You can ask for a review when there have been {threshold_in_words(pack_named('believe-housing'))}" in html
    assert "Your case does not meet this today: we have 1 incident recorded" in html
    for _ in range(pack_named("believe-housing").case_review.incidents):
        resident_services.diary_add(
            link, occurred_at=timezone.now() - timedelta(hours=1), what_happened="Again", how_it_affected_you=""
        )
    assert "Your case meets this today" in page(client, "residents:case-review", link)


# -- survey ----------------------------------------------------------------------------------------------------


def test_the_survey_opens_only_after_closure_and_records_an_online_answer(client, resident_case, people):
    link = case_link(resident_case)
    html = page(client, "residents:survey", link)
    assert "still open" in html
    assert "How satisfied or dissatisfied" not in html
    close(resident_case, people)
    case_html = page(client, "residents:case", link)
    assert "We closed your case on" in case_html
    assert "the problem was resolved" in case_html
    assert url("residents:survey", link) in case_html
    html = page(client, "residents:survey", link)
    assert "How satisfied or dissatisfied are you with our approach to handling anti-social behaviour?" in html
    for label in ("Very satisfied", "Fairly satisfied", "Neither", "Fairly dissatisfied", "Very dissatisfied"):
        assert label in html
    response = client.post(url("residents:survey", link), {})
    assert "Choose how satisfied or dissatisfied you are" in response.content.decode()
    response = client.post(url("residents:survey", link), {"satisfaction": "very-satisfied", "comments": "Thanks"})
    assert response.status_code == 302
    answer = SurveyResponse.objects.get(case=resident_case)
    assert (answer.source, answer.satisfaction, answer.comments) == ("online", "very-satisfied", "Thanks")
    html = client.get(response["Location"]).content.decode()
    assert "Thank you" in html
    assert "If you are unhappy with how we dealt with your case" in html
    assert url("residents:survey", link) not in page(client, "residents:case", link)


# -- a new link ------------------------------------------------------------------------------------------------


def test_a_new_link_is_emailed_on_a_match_and_the_answer_is_the_same_either_way(
    client, resident_case, django_capture_on_commit_callbacks
):
    target = reverse("residents:new-link")
    assert "Get a new link to your case" in client.get(target).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        matched = client.post(target, {"reference": resident_case.reference, "email": COMPLAINANT_EMAIL})
    assert len(mail.outbox) == 1
    new_link_url = next(line for line in mail.outbox[0].body.splitlines() if "/my-case/" in line).strip()
    assert client.get(new_link_url.removeprefix("http://testserver")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        unmatched = client.post(target, {"reference": resident_case.reference, "email": "not.them@example.org"})
        unknown = client.post(target, {"reference": "ASB-1999-000009", "email": COMPLAINANT_EMAIL})
    assert len(mail.outbox) == 1
    assert matched.status_code == unmatched.status_code == unknown.status_code == 200
    assert without_csrf(matched) == without_csrf(unmatched) == without_csrf(unknown)
    assert "If these match a case, we have emailed you a new link" in matched.content.decode()


def test_new_link_requests_from_one_address_are_limited(client, db):
    target = reverse("residents:new-link")
    asked = {"reference": "ASB-1999-000001", "email": "someone@example.org"}
    for _ in range(resident_services.NEW_LINK_REQUESTS_PER_HOUR):
        assert client.post(target, asked).status_code == 200
    response = client.post(target, asked)
    assert response.status_code == 429
    assert "Please wait an hour" in response.content.decode()


def test_a_new_link_request_needs_a_reference_and_a_real_email(client, db):
    response = client.post(reverse("residents:new-link"), {"reference": "", "email": "nope"})
    html = response.content.decode()
    assert "Enter your case reference" in html
    assert "Enter an email address in the correct format" in html
