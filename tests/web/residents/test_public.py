"""The public report pages: start, form, confirmation and the not-ASB answer, as a resident's browser sees them
(plain form posts, no JavaScript), with the honeypot, the rate limit and errors at the field."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from casework.cases import services
from casework.cases.models import Case, Enquiry, Person
from casework.domain.events import LONDON
from casework.residents.models import Notification
from tests.factories import another_report, organisation
from tests.residents.helpers import assert_canary_free

START = reverse("residents:start")
FORM = reverse("residents:report")
RECEIVED = reverse("residents:received")
NOT_ASB = reverse("residents:not-asb")

RESIDENT = "Cordelia Ashworth-Mbeki"
RESIDENT_EMAIL = "cordelia.am@example.org"
INVOLVED = "Leopold Fairbrass"


def yesterday() -> str:
    return (timezone.now().astimezone(LONDON).date() - timedelta(days=1)).isoformat()


def form_data(**overrides) -> dict:
    """What a browser posts for a resident reporting noise for themselves."""
    data = {
        "who": "myself",
        "problems": ["noise"],
        "summary": "Drilling and shouting through the wall most nights.",
        "occurred_on": yesterday(),
        "occurred_time": "22:15",
        "impact": "I cannot sleep before my early shifts.",
        "address_line1": "9 Foxglove Row",
        "address_postcode": "ZZ3 3CC",
        "lives_there": "on",
        "involved_name": INVOLVED,
        "name": RESIDENT,
        "email": RESIDENT_EMAIL,
        "phone": "07700 900 321",
        "preferred_contact": "email",
        "safe_contact_times": "Any time",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    def posted(data, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(FORM, data, **kwargs)

    return posted


def test_the_start_page_says_what_can_be_reported_and_what_happens(client, org):
    response = client.get(START)

    page = response.content.decode()
    assert response.status_code == 200
    assert "call 999" in page
    assert "Reporting anonymously" in page
    assert "we cannot contact you" in page
    assert "noise" in page.lower()
    assert 'href="/my-case/' in page or "new-link" in page
    assert FORM in page
    assert "no-store" in response["Cache-Control"]
    assert "noindex" in page


def test_the_start_page_takes_the_same_queries_however_many_cases(client, people, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        client.get(START)
    for _ in range(3):
        services.case_open(actor=people.contact_centre, report=another_report())

    with django_assert_max_num_queries(2):
        client.get(START)


def test_the_form_offers_the_packs_plain_problems_and_its_own_list(client, org):
    response = client.get(FORM)

    page = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert 'value="noise"' in page
    assert 'value="footsteps"' in page
    assert 'name="website"' in page
    assert 'tabindex="-1"' in page
    assert 'aria-hidden="true"' in page
    assert "csrfmiddlewaretoken" in page


def test_a_full_report_opens_a_case_and_shows_its_reference(client, people, post):
    response = post(form_data())

    assert response.status_code == 302
    assert response["Location"] == RECEIVED
    case = Case.objects.get()
    assert case.channel == "web"
    assert case.parties.get(role="complainant").person.name == RESIDENT
    page = client.get(RECEIVED)
    text = page.content.decode()
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert case.reference in text
    assert "We have sent an email" in text
    assert "/my-case/" not in text  # the link goes by email only
    [email] = mail.outbox
    assert email.to == [RESIDENT_EMAIL]
    assert case.reference in email.body


def test_reloading_the_confirmation_sends_nothing_again(client, people, post):
    post(form_data())

    client.get(RECEIVED)
    client.get(RECEIVED)

    assert Case.objects.count() == 1
    assert len(mail.outbox) == 1


def test_the_confirmation_and_email_show_only_this_report_and_name_nobody_else(client, people, post, resident_case):
    post(form_data())

    text = client.get(RECEIVED).content.decode()

    assert resident_case.reference not in text
    assert_canary_free(text)
    [email] = mail.outbox
    assert_canary_free(email.body)
    assert INVOLVED not in text
    assert INVOLVED not in email.body


def test_the_confirmation_page_needs_a_report(client, org):
    assert client.get(RECEIVED)["Location"] == START
    assert client.get(NOT_ASB)["Location"] == START


def test_an_anonymous_report_keeps_no_contact_details(client, people, post):
    response = post(form_data(who="anonymous"))

    assert response["Location"] == RECEIVED
    case = Case.objects.get()
    assert case.anonymous
    assert not case.parties.filter(role="complainant").exists()
    assert not Person.objects.filter(email=RESIDENT_EMAIL).exists()
    assert mail.outbox == []
    text = client.get(RECEIVED).content.decode()
    assert "anonymously" in text
    assert "We have sent an email" not in text


def test_reporting_for_someone_records_the_advocate_and_the_consent(client, people, post):
    response = post(
        form_data(
            who="someone-else",
            relationship="third-party",
            reporter_name="Cllr Imogen Stroud",
            reporter_role="Councillor",
            reporter_email="cllr.stroud@example.gov.uk",
            consent="on",
        )
    )

    assert response["Location"] == RECEIVED
    case = Case.objects.get()
    resident, advocate = case.parties.get(role="complainant"), case.parties.get(role="advocate")
    assert case.channel == "third-party"
    assert resident.advocate == advocate
    assert advocate.person.organisation == "Councillor"


def test_reporting_for_someone_without_their_consent_is_refused_at_the_field(client, people, post):
    response = post(
        form_data(who="someone-else", relationship="advocate", reporter_name="Cllr Imogen Stroud", consent=None)
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert not Case.objects.exists()
    assert "There is a problem" in text
    assert 'href="#id_consent"' in text
    assert 'id="id_consent-error"' in text
    assert "Cllr Imogen Stroud" in text  # what they typed is kept


def test_errors_are_shown_at_each_field_with_what_was_typed_kept(client, org, post):
    response = post(form_data(problems=None, occurred_on=None, address_line1="", address_postcode="", name=""))

    text = response.content.decode()
    assert response.status_code == 200
    assert not Case.objects.exists()
    assert text.count('class="govuk-error-message"') == 4
    for field in ("problems", "occurred_on", "address_line1", "name"):
        assert f'href="#id_{field}"' in text
        assert f'id="id_{field}-error"' in text
    assert "Drilling and shouting through the wall" in text
    assert "<title>Error:" in text
    assert "Traceback" not in text


def test_a_future_date_and_a_too_long_summary_are_refused(client, org, post):
    tomorrow = (timezone.now().astimezone(LONDON).date() + timedelta(days=2)).isoformat()

    response = post(form_data(occurred_on=tomorrow, summary="x" * 5001))

    text = response.content.decode()
    assert "must be today or in the past" in text
    assert "5,000 characters or fewer" in text
    assert not Case.objects.exists()


def test_not_asb_is_answered_with_the_packs_reason_and_advice_and_no_case(client, people, post):
    response = post(form_data(problems=None, entries=["footsteps"]))

    assert response["Location"] == NOT_ASB
    assert not Case.objects.exists()
    enquiry = Enquiry.objects.get()
    text = client.get(NOT_ASB).content.decode()
    assert "We will not open a case for this" in text
    assert enquiry.reason in text
    assert enquiry.advice in text
    assert mail.outbox == []


def test_the_honeypot_looks_like_success_and_writes_nothing(client, people, post):
    response = post(form_data(website="http://spam.example"))

    assert response["Location"] == RECEIVED
    text = client.get(RECEIVED).content.decode()
    assert "Report sent" in text
    assert not Case.objects.exists()
    assert not Person.objects.exists()
    assert mail.outbox == []


def test_too_many_reports_from_one_address_are_turned_away_in_plain_words(client, people, post, settings):
    settings.CASEWORK_PUBLIC_REPORTS_PER_HOUR = 2
    for n in range(2):
        assert (
            post(form_data(address_line1=f"{n} Foxglove Row", email="", preferred_contact=""))["Location"] == RECEIVED
        )

    response = post(form_data(address_line1="3 Foxglove Row"))

    assert response.status_code == 429
    assert "Please call us instead" in response.content.decode()
    assert Case.objects.count() == 2
    assert not Notification.objects.exists()


def test_a_form_with_mistakes_does_not_count_towards_the_limit(client, people, post, settings):
    settings.CASEWORK_PUBLIC_REPORTS_PER_HOUR = 1
    post(form_data(summary=""))

    assert post(form_data())["Location"] == RECEIVED


def test_a_plain_form_post_works_without_javascript(client, people):
    # No JavaScript: the browser sends the form as it is, every field present, the hidden sections included.
    data = form_data(relationship="", reporter_name="", reporter_role="", reporter_email="", reporter_phone="")

    response = client.post(FORM, data)

    assert response.status_code == 302
    assert Case.objects.count() == 1


def test_the_form_fits_a_phone(client, org):
    text = client.get(FORM).content.decode()

    assert 'name="viewport" content="width=device-width' in text
    assert "govuk-input--width-30" not in text
    assert "style=" not in text


def test_the_form_offers_only_what_the_active_pack_knows(client, db):
    organisation("co-op-homes")

    page = client.get(FORM).content.decode()

    assert 'value="noise"' in page
    assert 'value="dangerous-dog"' not in page  # Co-op Homes' policy has no dangerous dogs


def test_a_problem_the_form_did_not_offer_is_refused_in_plain_words(client, org, post):
    organisation("co-op-homes")

    response = post(form_data(problems=["dangerous-dog"]))

    assert "Choose the problems from the list" in response.content.decode()
    assert not Case.objects.exists()


def test_choosing_from_the_policys_list_keeps_it_open_when_the_form_comes_back(client, org, post):
    response = post(form_data(problems=None, entries=["arson"], summary=""))

    page = response.content.decode()
    assert 'class="govuk-details govuk-!-margin-top-4 govuk-!-margin-bottom-0" open' in page
    assert 'value="arson" checked' in page
